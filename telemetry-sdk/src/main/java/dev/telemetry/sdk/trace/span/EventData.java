package dev.telemetry.sdk.trace.span;

import java.util.Objects;

import dev.telemetry.sdk.common.Attributes;

/**
 * A timestamped event recorded on a span, such as an {@code exception}.
 *
 * @param name the event name
 * @param epochNanos when it happened
 * @param attributes its attributes
 * @param droppedAttributesCount how many attributes the span limits dropped
 * @since 0.1.0
 */
public record EventData(String name, long epochNanos, Attributes attributes, int droppedAttributesCount) {

	public EventData {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(attributes, "attributes");
	}

	/**
	 * Creates an event none of whose attributes were dropped.
	 * @param name the event name
	 * @param epochNanos when it happened
	 * @param attributes its attributes
	 */
	public EventData(String name, long epochNanos, Attributes attributes) {
		this(name, epochNanos, attributes, 0);
	}

}

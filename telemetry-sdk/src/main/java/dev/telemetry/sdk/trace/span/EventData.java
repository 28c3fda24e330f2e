package dev.telemetry.sdk.trace.span;

import java.util.Objects;

import dev.telemetry.sdk.common.Attributes;

/**
 * A timestamped event recorded on a span, such as an {@code exception}.
 *
 * @param name the event name
 * @param epochNanos when it happened
 * @param attributes its attributes
 * @since 0.1.0
 */
public record EventData(String name, long epochNanos, Attributes attributes) {

	public EventData {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(attributes, "attributes");
	}

}

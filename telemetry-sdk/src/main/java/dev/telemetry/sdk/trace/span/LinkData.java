package dev.telemetry.sdk.trace.span;

import java.util.Objects;

import dev.telemetry.sdk.common.Attributes;

/**
 * A link from a span to another span, of this trace or another one, such as the spans of
 * the messages a batch consumer processes.
 *
 * @param spanContext the linked span's context
 * @param attributes the link's attributes
 * @param droppedAttributesCount how many attributes the span limits dropped
 * @since 0.1.0
 */
public record LinkData(SpanContext spanContext, Attributes attributes, int droppedAttributesCount) {

	public LinkData {
		Objects.requireNonNull(spanContext, "spanContext");
		Objects.requireNonNull(attributes, "attributes");
	}

}

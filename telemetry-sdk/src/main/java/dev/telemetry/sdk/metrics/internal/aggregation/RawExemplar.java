package dev.telemetry.sdk.metrics.internal.aggregation;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.span.SpanContext;

/**
 * A measurement kept as an exemplar, with all its attributes; the attributes its point
 * lacks are worked out at collection.
 */
record RawExemplar(boolean isLong, long longValue, double doubleValue, long epochNanos, SpanContext span,
		Attributes attributes) {

}

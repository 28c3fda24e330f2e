package dev.telemetry.sdk.metrics.data;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.span.SpanContext;

/**
 * A sample measurement kept with a point, linking the metric to the trace in which it was
 * made.
 *
 * @since 0.1.0
 */
public sealed interface ExemplarData permits LongExemplarData, DoubleExemplarData {

	/**
	 * Returns the measurement's attributes that the point does not carry: those a view
	 * removed or bounded to {@code _OTHER}.
	 * @return the filtered attributes, possibly empty
	 */
	Attributes filteredAttributes();

	/**
	 * Returns when the measurement was made.
	 * @return nanoseconds since the epoch
	 */
	long epochNanos();

	/**
	 * Returns the span that was current when the measurement was made.
	 * @return its context, or {@link SpanContext#getInvalid()} when there was none
	 */
	SpanContext spanContext();

	/**
	 * Returns the value as a double, whichever type it was recorded as.
	 * @return the value
	 */
	double doubleValue();

}

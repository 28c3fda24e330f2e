package dev.telemetry.sdk.metrics.data;

import java.util.Objects;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.span.SpanContext;

/**
 * An exemplar of a double measurement. Immutable.
 *
 * @param filteredAttributes see {@link ExemplarData#filteredAttributes()}
 * @param epochNanos see {@link ExemplarData#epochNanos()}
 * @param spanContext see {@link ExemplarData#spanContext()}
 * @param value the measured value
 * @since 0.1.0
 */
public record DoubleExemplarData(Attributes filteredAttributes, long epochNanos, SpanContext spanContext,
		double value) implements ExemplarData {

	public DoubleExemplarData {
		Objects.requireNonNull(filteredAttributes, "filteredAttributes");
		Objects.requireNonNull(spanContext, "spanContext");
	}

	@Override
	public double doubleValue() {
		return this.value;
	}

}

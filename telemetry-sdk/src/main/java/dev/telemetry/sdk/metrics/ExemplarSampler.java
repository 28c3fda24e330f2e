package dev.telemetry.sdk.metrics;

import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import org.jspecify.annotations.Nullable;

/**
 * Applies the {@link ExemplarFilter} to one measurement.
 */
final class ExemplarSampler {

	private ExemplarSampler() {
	}

	/**
	 * Returns the span context to offer an exemplar for, or {@code null} when the
	 * measurement may not become one. Reads the current context only when the filter
	 * needs it.
	 */
	static @Nullable SpanContext sample(ExemplarFilter filter, @Nullable Context context) {
		if (filter == ExemplarFilter.ALWAYS_OFF) {
			return null;
		}
		SpanContext span = Span.fromContext((context != null) ? context : Context.current()).getSpanContext();
		if (filter == ExemplarFilter.TRACE_BASED) {
			return (span.isValid() && span.isSampled()) ? span : null;
		}
		return span;
	}

}

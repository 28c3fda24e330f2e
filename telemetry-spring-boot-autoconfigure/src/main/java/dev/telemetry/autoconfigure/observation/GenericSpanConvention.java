package dev.telemetry.autoconfigure.observation;

import dev.telemetry.sdk.trace.SpanBuilder;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.StatusCode;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;

/**
 * The convention for observations no other convention claims: the contextual name (else
 * the observation name), low- and high-cardinality key values as attributes, and an error
 * as ERROR status with an {@code exception} event.
 */
final class GenericSpanConvention implements ObservationSpanConvention {

	static final GenericSpanConvention INSTANCE = new GenericSpanConvention();

	private GenericSpanConvention() {
	}

	@Override
	public boolean supports(Observation.Context context) {
		return true;
	}

	@Override
	public String getStartName(Observation.Context context) {
		return spanName(context);
	}

	@Override
	public void onStart(Observation.Context context, SpanBuilder span) {
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			span.setAttribute(keyValue.getKey(), keyValue.getValue());
		}
	}

	@Override
	public void onStop(Observation.Context context, Span span) {
		if (!span.isRecording()) {
			return;
		}
		span.updateName(spanName(context));
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			span.setAttribute(keyValue.getKey(), keyValue.getValue());
		}
		for (KeyValue keyValue : context.getHighCardinalityKeyValues()) {
			span.setAttribute(keyValue.getKey(), keyValue.getValue());
		}
		recordError(context, span);
	}

	/**
	 * Marks the span failed when the observation carries an error.
	 * @param context the context
	 * @param span the span
	 */
	static void recordError(Observation.Context context, Span span) {
		Throwable error = context.getError();
		if (error != null) {
			span.setAttribute("error.type", error.getClass().getName());
			span.setStatus(StatusCode.ERROR, (error.getMessage() != null) ? error.getMessage() : "");
			span.recordException(error);
		}
	}

	private static String spanName(Observation.Context context) {
		String name = context.getContextualName();
		if (name == null || name.isEmpty()) {
			name = context.getName();
		}
		return (name != null) ? name : "unknown";
	}

}

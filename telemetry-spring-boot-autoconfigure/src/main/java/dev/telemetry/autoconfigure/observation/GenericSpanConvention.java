package dev.telemetry.autoconfigure.observation;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.trace.SpanBuilder;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.StatusCode;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The convention for observations no other convention claims: the contextual name (else
 * the observation name), low- and high-cardinality key values as attributes, and an error
 * as ERROR status with an {@code exception} event.
 */
final class GenericSpanConvention implements ObservationSpanConvention {

	static final GenericSpanConvention INSTANCE = new GenericSpanConvention();

	private static final ThreadLocal<AttributesBuilder> KEY_VALUES = ThreadLocal
		.withInitial(() -> new AttributesBuilder(Integer.MAX_VALUE, 16));

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
		// For samplers only, and read only if one looks: Micrometer copies and sorts the
		// key values on every read, most samplers never look at attributes, and a
		// recorded span gets them all, as they are by then, at stop.
		span.setSamplingAttributes(new LowCardinalityAttributes(context));
	}

	@Override
	public void onStop(Observation.Context context, Span span) {
		if (!span.isRecording()) {
			return;
		}
		span.updateName(spanName(context));
		// Collected first and set as one write, so the span is locked once, not once per
		// key value; the collecting builder is this thread's, reused.
		AttributesBuilder keyValues = KEY_VALUES.get();
		try {
			for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
				keyValues.put(keyValue.getKey(), keyValue.getValue());
			}
			for (KeyValue keyValue : context.getHighCardinalityKeyValues()) {
				keyValues.put(keyValue.getKey(), keyValue.getValue());
			}
			span.setAllAttributes(keyValues);
		}
		finally {
			keyValues.clear();
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

	/**
	 * The low-cardinality key values of a context as attributes, read from the context
	 * the first time they are looked at. Used on one thread, while the span starts.
	 */
	private static final class LowCardinalityAttributes implements Attributes {

		private final Observation.Context context;

		private @Nullable AttributesBuilder read;

		LowCardinalityAttributes(Observation.Context context) {
			this.context = context;
		}

		private AttributesBuilder read() {
			AttributesBuilder read = this.read;
			if (read == null) {
				read = new AttributesBuilder(Integer.MAX_VALUE);
				for (KeyValue keyValue : this.context.getLowCardinalityKeyValues()) {
					read.put(keyValue.getKey(), keyValue.getValue());
				}
				this.read = read;
			}
			return read;
		}

		@Override
		public int size() {
			return read().size();
		}

		@Override
		public String key(int index) {
			return read().key(index);
		}

		@Override
		public Object value(int index) {
			return read().value(index);
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

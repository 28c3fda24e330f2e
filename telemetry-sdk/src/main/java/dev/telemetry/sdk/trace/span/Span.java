package dev.telemetry.sdk.trace.span;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.context.Context;

/**
 * A unit of work in a trace. Instrumentation records attributes, events and a status on
 * it and then ends it; calls after {@link #end()} are ignored.
 * <p>
 * Thread-safe. No method blocks or throws; a span that is not recording ignores every
 * write, so writing to it is nearly free.
 *
 * @since 0.1.0
 */
public interface Span {

	/**
	 * Returns the span found in a context.
	 * @param context the context
	 * @return its span, or the invalid span
	 */
	static Span fromContext(Context context) {
		Span span = context.get(SpanContextKey.KEY);
		return (span != null) ? span : NonRecordingSpan.INVALID;
	}

	/**
	 * Returns a span that only carries a context and records nothing, for example a
	 * remote parent.
	 * @param spanContext the context to carry
	 * @return a non-recording span
	 */
	static Span wrap(SpanContext spanContext) {
		return spanContext.isValid() ? new NonRecordingSpan(spanContext) : NonRecordingSpan.INVALID;
	}

	/**
	 * Returns the invalid span, which is never recorded and carries no ids.
	 * @return the invalid span
	 */
	static Span invalid() {
		return NonRecordingSpan.INVALID;
	}

	/**
	 * Returns a context that carries this span as its current span.
	 * @param context the context to extend
	 * @return the new context
	 */
	default Context storeInContext(Context context) {
		return context.with(SpanContextKey.KEY, this);
	}

	/**
	 * Returns the propagating part of this span.
	 * @return the span context
	 */
	SpanContext getSpanContext();

	/**
	 * Returns whether writes to this span are kept.
	 * @return whether recording
	 */
	boolean isRecording();

	/**
	 * Sets a string attribute; a {@code null} value is ignored.
	 * @param key the attribute key
	 * @param value the value
	 * @return this span
	 */
	Span setAttribute(String key, String value);

	/**
	 * Sets a long attribute.
	 * @param key the attribute key
	 * @param value the value
	 * @return this span
	 */
	Span setAttribute(String key, long value);

	/**
	 * Sets a double attribute.
	 * @param key the attribute key
	 * @param value the value
	 * @return this span
	 */
	Span setAttribute(String key, double value);

	/**
	 * Sets a boolean attribute.
	 * @param key the attribute key
	 * @param value the value
	 * @return this span
	 */
	Span setAttribute(String key, boolean value);

	/**
	 * Sets every attribute of a collection, as one write: a recording span takes its lock
	 * once rather than once per attribute.
	 * @param attributes the attributes; the span copies them
	 * @return this span
	 * @since 0.1.0
	 */
	default Span setAllAttributes(Attributes attributes) {
		if (attributes != null) {
			for (int i = 0, n = attributes.size(); i < n; i++) {
				Object value = attributes.value(i);
				if (value instanceof Long number) {
					setAttribute(attributes.key(i), (long) number);
				}
				else if (value instanceof Double number) {
					setAttribute(attributes.key(i), (double) number);
				}
				else if (value instanceof Boolean bool) {
					setAttribute(attributes.key(i), (boolean) bool);
				}
				else if (value != null) {
					setAttribute(attributes.key(i), value.toString());
				}
			}
		}
		return this;
	}

	/**
	 * Adds an event timestamped now.
	 * @param name the event name
	 * @param attributes the event attributes
	 * @return this span
	 */
	Span addEvent(String name, Attributes attributes);

	/**
	 * Adds an {@code exception} event with the semantic-convention attributes
	 * {@code exception.type}, {@code exception.message} and {@code exception.stacktrace}.
	 * @param exception the exception
	 * @return this span
	 */
	Span recordException(Throwable exception);

	/**
	 * Sets the status. {@code OK} is final; {@code UNSET} never replaces another status.
	 * @param code the status code
	 * @param description a description for {@code ERROR}, or empty
	 * @return this span
	 */
	Span setStatus(StatusCode code, String description);

	/**
	 * Replaces the span name, for example once a route is known.
	 * @param name the new name
	 * @return this span
	 */
	Span updateName(String name);

	/**
	 * Ends the span now. Only the first call has an effect.
	 */
	void end();

	/**
	 * Ends the span at the given time. Only the first call has an effect.
	 * @param epochNanos the end time
	 */
	void end(long epochNanos);

}

package dev.telemetry.autoconfigure.observation;

import dev.telemetry.sdk.trace.SpanBuilder;
import dev.telemetry.sdk.trace.span.Span;
import io.micrometer.observation.Observation;

/**
 * Names and annotates the span of one kind of {@link Observation.Context}, following the
 * OpenTelemetry semantic conventions for it. The tracing handler asks each convention
 * bean, in order, whether it {@link #supports} a context when the observation starts;
 * contexts no convention supports get the generic one (contextual name, key values as
 * attributes).
 * <p>
 * Implementations are stateless and thread-safe; they must not throw.
 *
 * @since 0.1.0
 */
public interface ObservationSpanConvention {

	/**
	 * Returns whether this convention applies to the context.
	 * @param context the observation context, at start
	 * @return whether supported
	 */
	boolean supports(Observation.Context context);

	/**
	 * Returns whether {@link #supports} answers from the context's class alone, the same
	 * for every context of a class, as when it only checks the context's type. The
	 * handler then asks once per context class and remembers the answer instead of asking
	 * at every observation. {@code false} by default: {@link #supports} is asked for each
	 * context.
	 * @return whether support depends on the context's class only
	 */
	default boolean supportsByType() {
		return false;
	}

	/**
	 * Returns whether observations of the context become spans at all. A convention that
	 * returns {@code false} switches tracing of its contexts off while leaving the
	 * observations (and their metrics) as they are: the handler then creates no span, so
	 * spans started inside such an observation attach to the enclosing span, and nothing
	 * is injected into a sender's carrier. Asked once per observation, right after
	 * {@link #supports}.
	 * @param context the observation context, at start
	 * @return whether to trace the observation; {@code true} by default
	 */
	default boolean isTraced(Observation.Context context) {
		return true;
	}

	/**
	 * Returns the span name known when the observation starts.
	 * @param context the context
	 * @return the name
	 */
	String getStartName(Observation.Context context);

	/**
	 * Adds the attributes known at start, which samplers can see.
	 * @param context the context
	 * @param span the span being built
	 */
	void onStart(Observation.Context context, SpanBuilder span);

	/**
	 * Completes the span when the observation stops: final name, attributes, status and
	 * error. The handler ends the span afterwards.
	 * @param context the context
	 * @param span the span, still recording if sampled
	 */
	void onStop(Observation.Context context, Span span);

}

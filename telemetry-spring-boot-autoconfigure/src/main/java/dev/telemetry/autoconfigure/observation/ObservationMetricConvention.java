package dev.telemetry.autoconfigure.observation;

import dev.telemetry.sdk.context.Context;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Records the metrics of one kind of {@link Observation.Context}, following the
 * OpenTelemetry semantic conventions for it. The metrics handler asks each convention
 * bean, in order, whether it {@link #supports} a context when the observation starts;
 * contexts no convention supports get the generic one (a duration histogram named after
 * the observation, with its low-cardinality key values as attributes).
 * <p>
 * Implementations own their instruments, are stateless apart from caches, thread-safe,
 * and must not throw.
 *
 * @since 0.1.0
 */
public interface ObservationMetricConvention {

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
	 * Returns whether observations of the context are measured at all. A convention that
	 * returns {@code false} switches the metrics of its contexts off; their Micrometer
	 * timers, if any, are then bridged as they are. Asked once per observation, right
	 * after {@link #supports}; for a convention that {@link #supportsByType() decides by
	 * type}, possibly also when the observation is created, to decide whether Spring
	 * Boot's meter handler times it, so the answer must not change in between.
	 * @param context the observation context, at start
	 * @return whether to measure the observation; {@code true} by default
	 */
	default boolean isMeasured(Observation.Context context) {
		return true;
	}

	/**
	 * Records what is known when the observation starts (such as an active-request count)
	 * and returns what {@link #onStop} needs to undo or complete it.
	 * @param context the context
	 * @return a value handed back at stop, or {@code null}
	 */
	default @Nullable Object onStart(Observation.Context context) {
		return null;
	}

	/**
	 * Records the observation's measurements when it stops.
	 * @param context the context
	 * @param started what {@link #onStart} returned
	 * @param seconds the observation's duration in seconds
	 * @param traceContext the context of the observation's span (or the current one), to
	 * record measurements in so that they can carry an exemplar of a sampled span
	 */
	void onStop(Observation.Context context, @Nullable Object started, double seconds, Context traceContext);

}

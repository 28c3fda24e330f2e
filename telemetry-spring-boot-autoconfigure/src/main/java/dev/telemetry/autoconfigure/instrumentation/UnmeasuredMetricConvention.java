package dev.telemetry.autoconfigure.instrumentation;

import java.util.List;

import dev.telemetry.autoconfigure.observation.ObservationMetricConvention;
import dev.telemetry.sdk.context.Context;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Switches the metrics of observations of the given context types off while leaving the
 * observations themselves (and their spans) alone.
 * <p>
 * Register one as a bean to stop measuring observations of your own context type:
 * <pre class="code">
 * &#64;Bean
 * UnmeasuredMetricConvention unmeasuredHealthChecks() {
 *     return new UnmeasuredMetricConvention(List.of(HealthCheckContext.class));
 * }
 * </pre> Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class UnmeasuredMetricConvention implements ObservationMetricConvention {

	private final ContextTypes contextTypes;

	/**
	 * Creates a convention for contexts of the given types, including their subclasses.
	 * @param contextTypes the context types not to measure
	 */
	public UnmeasuredMetricConvention(List<Class<? extends Observation.Context>> contextTypes) {
		this.contextTypes = new ContextTypes(contextTypes);
	}

	@Override
	public boolean supports(Observation.Context context) {
		return this.contextTypes.matches(context);
	}

	@Override
	public boolean supportsByType() {
		return true;
	}

	@Override
	public boolean isMeasured(Observation.Context context) {
		return false;
	}

	@Override
	public void onStop(Observation.Context context, @Nullable Object started, double seconds, Context traceContext) {
	}

	@Override
	public String toString() {
		return "UnmeasuredMetricConvention[" + this.contextTypes + "]";
	}

}

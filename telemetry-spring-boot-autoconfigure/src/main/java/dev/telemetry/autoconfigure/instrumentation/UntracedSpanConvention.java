package dev.telemetry.autoconfigure.instrumentation;

import java.util.List;

import dev.telemetry.autoconfigure.observation.ObservationSpanConvention;
import dev.telemetry.sdk.trace.SpanBuilder;
import dev.telemetry.sdk.trace.span.Span;
import io.micrometer.observation.Observation;

/**
 * Switches tracing off for observations of the given context types while leaving the
 * observations themselves alone, so their metrics are still recorded. Spans started
 * inside such an observation attach to the enclosing span; no trace context is injected
 * into an outgoing request it describes.
 * <p>
 * Register one as a bean to stop tracing observations of your own context type:
 * <pre class="code">
 * &#64;Bean
 * UntracedSpanConvention untracedHealthChecks() {
 *     return new UntracedSpanConvention(List.of(HealthCheckContext.class));
 * }
 * </pre> Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class UntracedSpanConvention implements ObservationSpanConvention {

	private final ContextTypes contextTypes;

	/**
	 * Creates a convention for contexts of the given types, including their subclasses.
	 * @param contextTypes the context types not to trace
	 */
	public UntracedSpanConvention(List<Class<? extends Observation.Context>> contextTypes) {
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
	public boolean isTraced(Observation.Context context) {
		return false;
	}

	@Override
	public String getStartName(Observation.Context context) {
		return "untraced";
	}

	@Override
	public void onStart(Observation.Context context, SpanBuilder span) {
	}

	@Override
	public void onStop(Observation.Context context, Span span) {
	}

	@Override
	public String toString() {
		return "UntracedSpanConvention[" + this.contextTypes + "]";
	}

}

package dev.telemetry.autoconfigure.observation;

import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.span.Span;
import org.jspecify.annotations.Nullable;

/**
 * What the handler keeps in an observation's context between its events: the span, the
 * context it was started in, and the convention chosen at start.
 * <p>
 * The context that carries the span is only needed when a scope opens, a child starts or
 * a sender injects, so it is made on first use: most observations never need it.
 * <p>
 * It also carries the metrics handler's state for the same observation, when both
 * handlers run: a second entry in the context's map would cost every observation a node,
 * two compare-and-sets and a second look-up at stop.
 */
final class TracingState {

	final Span span;

	final ObservationSpanConvention convention;

	private final Context parent;

	// Racy but benign: every thread computes an equal, immutable context.
	private @Nullable Context context;

	// The metrics handler's state, written once at its start, after this state was put in
	// the context's map: volatile, so that a stop on another thread sees it.
	volatile MetricsObservationHandler.@Nullable MeterState meterState;

	TracingState(Span span, Context parent, ObservationSpanConvention convention) {
		this.span = span;
		this.parent = parent;
		this.convention = convention;
	}

	/**
	 * Returns the parent context with this state's span as its current span.
	 * @return the context
	 */
	Context context() {
		Context context = this.context;
		if (context == null) {
			context = this.span.storeInContext(this.parent);
			this.context = context;
		}
		return context;
	}

}

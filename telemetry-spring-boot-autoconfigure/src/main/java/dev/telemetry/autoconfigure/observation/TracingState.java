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
 */
final class TracingState {

	final Span span;

	final ObservationSpanConvention convention;

	private final Context parent;

	// Racy but benign: every thread computes an equal, immutable context.
	private @Nullable Context context;

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

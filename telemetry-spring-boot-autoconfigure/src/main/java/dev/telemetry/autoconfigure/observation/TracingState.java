package dev.telemetry.autoconfigure.observation;

import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.span.Span;

/**
 * What the handler keeps in an observation's context between its events: the span, the
 * context that carries it, and the convention chosen at start.
 */
final class TracingState {

	final Span span;

	final Context context;

	final ObservationSpanConvention convention;

	TracingState(Span span, Context context, ObservationSpanConvention convention) {
		this.span = span;
		this.context = context;
		this.convention = convention;
	}

}

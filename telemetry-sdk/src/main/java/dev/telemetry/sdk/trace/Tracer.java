package dev.telemetry.sdk.trace;

import dev.telemetry.sdk.common.InstrumentationScope;

/**
 * Creates spans for one instrumentation scope.
 * <p>
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class Tracer {

	private final TracerSharedState state;

	private final InstrumentationScope scope;

	Tracer(TracerSharedState state, InstrumentationScope scope) {
		this.state = state;
		this.scope = scope;
	}

	/**
	 * Returns a builder for a new span.
	 * @param name the span name
	 * @return a new builder, to be used on one thread
	 */
	public SpanBuilder spanBuilder(String name) {
		return new SpanBuilder(this.state, this.scope, name);
	}

	/**
	 * Returns the instrumentation scope.
	 * @return the scope
	 */
	public InstrumentationScope getInstrumentationScope() {
		return this.scope;
	}

}

package dev.telemetry.sdk.trace.span;

import dev.telemetry.sdk.context.ContextKey;

/**
 * Holds the one context key under which the current span is stored.
 */
final class SpanContextKey {

	static final ContextKey<Span> KEY = ContextKey.named("span");

	private SpanContextKey() {
	}

}

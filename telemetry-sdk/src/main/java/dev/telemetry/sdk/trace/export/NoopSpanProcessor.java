package dev.telemetry.sdk.trace.export;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanData;

/**
 * A processor that does nothing.
 */
enum NoopSpanProcessor implements SpanProcessor {

	INSTANCE;

	@Override
	public void onStart(Context parentContext, Span span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(SpanData span) {
	}

	@Override
	public boolean isEndRequired() {
		return false;
	}

	@Override
	public CompletableResult forceFlush() {
		return CompletableResult.ofSuccess();
	}

	@Override
	public CompletableResult shutdown() {
		return CompletableResult.ofSuccess();
	}

}

package dev.telemetry.sdk.trace.span;

import dev.telemetry.sdk.common.Attributes;

/**
 * A span that carries only its context: unsampled spans and remote parents.
 */
final class NonRecordingSpan implements Span {

	static final NonRecordingSpan INVALID = new NonRecordingSpan(SpanContext.getInvalid());

	private final SpanContext spanContext;

	NonRecordingSpan(SpanContext spanContext) {
		this.spanContext = spanContext;
	}

	@Override
	public SpanContext getSpanContext() {
		return this.spanContext;
	}

	@Override
	public boolean isRecording() {
		return false;
	}

	@Override
	public Span setAttribute(String key, String value) {
		return this;
	}

	@Override
	public Span setAttribute(String key, long value) {
		return this;
	}

	@Override
	public Span setAttribute(String key, double value) {
		return this;
	}

	@Override
	public Span setAttribute(String key, boolean value) {
		return this;
	}

	@Override
	public Span setAllAttributes(Attributes attributes) {
		return this;
	}

	@Override
	public Span addEvent(String name, Attributes attributes) {
		return this;
	}

	@Override
	public Span recordException(Throwable exception) {
		return this;
	}

	@Override
	public Span setStatus(StatusCode code, String description) {
		return this;
	}

	@Override
	public Span updateName(String name) {
		return this;
	}

	@Override
	public void end() {
	}

	@Override
	public void end(long epochNanos) {
	}

	@Override
	public String toString() {
		return "NonRecordingSpan{" + this.spanContext + "}";
	}

}

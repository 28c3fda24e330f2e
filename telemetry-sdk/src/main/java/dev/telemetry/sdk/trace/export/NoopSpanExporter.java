package dev.telemetry.sdk.trace.export;

import java.util.Collection;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.trace.span.SpanData;

/**
 * An exporter that discards everything ({@code telemetry.exporter.type=none}).
 */
enum NoopSpanExporter implements SpanExporter {

	INSTANCE;

	@Override
	public CompletableResult export(Collection<SpanData> spans) {
		return CompletableResult.ofSuccess();
	}

	@Override
	public CompletableResult flush() {
		return CompletableResult.ofSuccess();
	}

	@Override
	public CompletableResult shutdown() {
		return CompletableResult.ofSuccess();
	}

}

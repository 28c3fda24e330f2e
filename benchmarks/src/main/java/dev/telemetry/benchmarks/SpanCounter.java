package dev.telemetry.benchmarks;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.trace.export.SpanExporter;
import dev.telemetry.sdk.trace.span.SpanData;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;

/**
 * The "no-op" exporter of every contender: it discards each batch after counting its
 * spans, their attributes and how many are SERVER spans, so that tests can check that the
 * contenders record the same thing. Counting runs on the processor's worker thread, never
 * on the measured one.
 */
final class SpanCounter {

	final AtomicLong spans = new AtomicLong();

	final AtomicLong attributes = new AtomicLong();

	final AtomicLong serverSpans = new AtomicLong();

	SpanExporter ours() {
		return new SpanExporter() {

			@Override
			public CompletableResult export(Collection<SpanData> batch) {
				long attributeCount = 0;
				long servers = 0;
				for (SpanData span : batch) {
					attributeCount += span.getAttributes().size();
					servers += (span.getKind() == dev.telemetry.sdk.trace.span.SpanKind.SERVER) ? 1 : 0;
				}
				count(batch.size(), attributeCount, servers);
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

		};
	}

	io.opentelemetry.sdk.trace.export.SpanExporter otel() {
		return new io.opentelemetry.sdk.trace.export.SpanExporter() {

			@Override
			public CompletableResultCode export(Collection<io.opentelemetry.sdk.trace.data.SpanData> batch) {
				long attributeCount = 0;
				long servers = 0;
				for (io.opentelemetry.sdk.trace.data.SpanData span : batch) {
					attributeCount += span.getAttributes().size();
					servers += (span.getKind() == SpanKind.SERVER) ? 1 : 0;
				}
				count(batch.size(), attributeCount, servers);
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode flush() {
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode shutdown() {
				return CompletableResultCode.ofSuccess();
			}

		};
	}

	private void count(long spanCount, long attributeCount, long servers) {
		this.spans.addAndGet(spanCount);
		this.attributes.addAndGet(attributeCount);
		this.serverSpans.addAndGet(servers);
	}

}

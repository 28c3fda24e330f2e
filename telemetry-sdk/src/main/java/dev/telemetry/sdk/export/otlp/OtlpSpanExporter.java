package dev.telemetry.sdk.export.otlp;

import java.util.Collection;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.trace.export.SpanExporter;
import dev.telemetry.sdk.trace.span.SpanData;

/**
 * What every OTLP span exporter does, whatever its transport: one request per batch, sent
 * as every {@link OtlpExporter} sends. {@link OtlpGrpcSpanExporter} and
 * {@link OtlpHttpSpanExporter} differ only in how the bytes travel.
 * <p>
 * Thread-safe. No method throws for export problems; none blocks on the network but as
 * {@link OtlpExporter} describes.
 *
 * @since 0.1.0
 */
public abstract sealed class OtlpSpanExporter extends OtlpExporter implements SpanExporter
		permits OtlpGrpcSpanExporter, OtlpHttpSpanExporter {

	// Writes straight to a reused buffer: no message tree, next to no garbage per span.
	private final TraceRequestEncoder encoder = new TraceRequestEncoder();

	OtlpSpanExporter(Logger logger, ExporterSettings settings, OtlpTransport transport,
			ScheduledExecutorService scheduler) {
		super(logger, OtlpSignal.TRACES, settings, transport, scheduler);
	}

	/**
	 * Sends the spans as one OTLP request, retrying as the policy allows. Returns at
	 * once, except over OTLP/HTTP on an export thread (see {@link OtlpExporter}), where
	 * the first attempt may run before it returns; the result completes when the
	 * collector has accepted the batch, or when the last attempt failed, the retry budget
	 * ran out or the exporter shut down. An empty batch succeeds without a call; after
	 * {@link #shutdown()} every batch fails at once.
	 * <p>
	 * When the collector accepts only part of the batch (OTLP partial success), the
	 * result is still successful and nothing is retried, since resending would not help;
	 * the rejected spans are counted and the collector's message is logged.
	 * @param spans the spans; read only during this call
	 * @return the outcome; never {@code null}, never thrown
	 */
	@Override
	public final CompletableResult export(Collection<SpanData> spans) {
		return send(spans.size(), () -> encode(spans));
	}

	/**
	 * Encodes a batch into the bytes of one request, which retries send again; bytes
	 * rather than a message tree keep what a waiting retry holds small. The encoder's
	 * buffer travels with the request and comes back once it is accepted: no copy.
	 * @param spans the spans
	 * @return the serialized request
	 */
	private EncodedRequest encode(Collection<SpanData> spans) {
		// The exporter contract is one export at a time (the batch worker); the lock only
		// guards the reused encoder against a caller that breaks it, and is uncontended.
		synchronized (this.encoder) {
			return this.encoder.toRequest(spans);
		}
	}

	/**
	 * Does nothing: an OTLP exporter keeps no spans of its own.
	 * @return a successful result
	 */
	@Override
	public final CompletableResult flush() {
		return CompletableResult.ofSuccess();
	}

}

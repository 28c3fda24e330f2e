package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.trace.export.SpanExporter;
import dev.telemetry.sdk.trace.span.SpanData;

/**
 * What every OTLP span exporter does, whatever its transport: one request per batch,
 * retried by a {@link RetryPolicy} within a retry budget on a scheduler thread of its
 * own, failures logged with their likely cause and no secrets, and
 * {@link #getStatistics() statistics} of everything it did. {@link OtlpGrpcSpanExporter}
 * and {@link OtlpHttpSpanExporter} differ only in how the bytes travel.
 * <p>
 * Thread-safe. No method blocks on the network or throws for export problems.
 *
 * @since 0.1.0
 */
public abstract sealed class OtlpSpanExporter implements SpanExporter
		permits OtlpGrpcSpanExporter, OtlpHttpSpanExporter {

	/**
	 * How long in-flight calls may finish after {@link #shutdown()} before cancellation.
	 */
	static final Duration SHUTDOWN_GRACE = RetryingExporter.SHUTDOWN_GRACE;

	/** The least time between two failure log lines while failures continue. */
	static final Duration FAILURE_LOG_INTERVAL = RetryingExporter.FAILURE_LOG_INTERVAL;

	private final OtlpEndpoint endpoint;

	private final List<String> headerNames;

	private final String compression;

	private final Duration timeout;

	private final boolean customTls;

	// Writes straight to a reused buffer: no message tree, next to no garbage per span.
	private final TraceRequestEncoder encoder = new TraceRequestEncoder();

	private final RetryingExporter delegate;

	OtlpSpanExporter(Logger logger, ExporterSettings settings, OtlpTransport transport,
			ScheduledExecutorService scheduler) {
		this.endpoint = settings.endpoint();
		this.headerNames = List.copyOf(settings.headers().keySet());
		this.compression = settings.compression();
		this.timeout = settings.timeout();
		this.customTls = settings.endpoint().tls() && settings.hasCustomTls();
		this.delegate = new RetryingExporter(logger, OtlpSignal.TRACES, transport, settings, scheduler);
	}

	/**
	 * Sends the spans as one OTLP request, retrying as the policy allows. Returns at
	 * once; the result completes when the collector has accepted the batch, or when the
	 * last attempt failed, the retry budget ran out or the exporter shut down. An empty
	 * batch succeeds without a call; after {@link #shutdown()} every batch fails at once.
	 * <p>
	 * When the collector accepts only part of the batch (OTLP partial success), the
	 * result is still successful and nothing is retried, since resending would not help;
	 * the rejected spans are counted and the collector's message is logged.
	 * @param spans the spans; read only during this call
	 * @return the outcome; never {@code null}, never thrown
	 */
	@Override
	public final CompletableResult export(Collection<SpanData> spans) {
		return this.delegate.export(spans.size(), () -> encode(spans));
	}

	/**
	 * Encodes a batch into the bytes of one request, which retries send again; bytes
	 * rather than a message tree keep what a waiting retry holds small.
	 * @param spans the spans
	 * @return the serialized request
	 */
	private byte[] encode(Collection<SpanData> spans) {
		// The exporter contract is one export at a time (the batch worker); the lock only
		// guards the reused encoder against a caller that breaks it, and is uncontended.
		synchronized (this.encoder) {
			return this.encoder.toByteArray(spans);
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

	/**
	 * Stops accepting exports and fails those waiting for a retry. Calls in flight get a
	 * short grace period, then are cancelled, which closes their connections. Idempotent:
	 * later calls return the first call's result. Does not block; the waiting happens on
	 * the exporter's scheduler thread, which ends afterwards.
	 * @return completes once no call is left; fails if one did not end in time
	 */
	@Override
	public final CompletableResult shutdown() {
		return this.delegate.shutdown();
	}

	/**
	 * Returns what this exporter has done since it was created.
	 * @return a new snapshot
	 */
	public final ExporterStatistics getStatistics() {
		return this.delegate.statistics();
	}

	/**
	 * Returns the endpoint as configured.
	 * @return the endpoint URL
	 */
	public final String getEndpoint() {
		return this.endpoint.url();
	}

	/**
	 * Returns the timeout of one attempt.
	 * @return the timeout
	 */
	public final Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * Returns the compression.
	 * @return {@code gzip} or {@code none}
	 */
	public final String getCompression() {
		return this.compression;
	}

	/**
	 * Returns the names of the headers sent with each request (never their values).
	 * @return the lower-case names, in configuration order
	 */
	public final List<String> getHeaderNames() {
		return this.headerNames;
	}

	/**
	 * Returns how failed exports are retried.
	 * @return the policy
	 */
	public final RetryPolicy getRetryPolicy() {
		return this.delegate.retryPolicy();
	}

	/**
	 * Returns the longest time one export may take, all attempts and waits included.
	 * @return the budget
	 */
	public final Duration getRetryBudget() {
		return this.delegate.retryBudget();
	}

	final OtlpEndpoint endpoint() {
		return this.endpoint;
	}

	/**
	 * Describes the exporter without secrets: endpoint, compression, timeout, header
	 * names, retry policy and budget, and whether custom TLS material is used.
	 * @return the description
	 */
	@Override
	public final String toString() {
		return getClass().getSimpleName() + "{endpoint=" + this.endpoint.url() + ", compression=" + this.compression
				+ ", timeout=" + this.timeout + ", headers=" + this.headerNames + ", retry=" + getRetryPolicy()
				+ ", retryBudget=" + getRetryBudget() + (this.customTls ? ", tls=custom" : "") + "}";
	}

}

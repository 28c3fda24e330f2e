package dev.telemetry.sdk.export.otlp;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.trace.export.SpanExporter;
import dev.telemetry.sdk.trace.span.SpanData;

/**
 * Sends spans to an OpenTelemetry collector (or any OTLP receiver) over OTLP/HTTP with
 * protobuf bodies: {@code POST <endpoint>/v1/traces} with
 * {@code Content-Type: application/x-protobuf}, through the JDK's {@link HttpClient}
 * (HTTP/1.1 with keep-alive; no dependency beyond protobuf).
 * <p>
 * Each {@link #export(Collection) export} serializes (and, if configured, gzips) the
 * batch once and sends it asynchronously with the configured timeout; the returned result
 * completes from the client's callback. A failure that may pass (HTTP 429, 502, 503, 504,
 * a timeout, a failed connection) is retried by the {@link RetryPolicy} with exponential
 * backoff and jitter, or after the {@code Retry-After} the server asks for; the waits and
 * the client's callbacks run on one daemon thread named {@value #SCHEDULER_THREAD_NAME},
 * never on the caller's. Every export ends within the retry budget, however many attempts
 * it takes.
 * <p>
 * The first failure of each kind is logged at once with the endpoint, the status and the
 * likely cause, repeats at most once a minute, and one line is logged when exports
 * succeed again. Header values are never logged nor shown by {@link #toString()}.
 * {@link #getStatistics()} tells what the exporter has done.
 * <p>
 * Thread-safe. No method blocks on the network or throws for export problems.
 *
 * @since 0.1.0
 */
public final class OtlpHttpSpanExporter implements SpanExporter {

	/** The name of the thread that runs retries and the shutdown. */
	public static final String SCHEDULER_THREAD_NAME = "telemetry-otlp-http-exporter";

	/**
	 * How long in-flight calls may finish after {@link #shutdown()} before cancellation.
	 */
	static final Duration SHUTDOWN_GRACE = RetryingExporter.SHUTDOWN_GRACE;

	/** The least time between two failure log lines while failures continue. */
	static final Duration FAILURE_LOG_INTERVAL = RetryingExporter.FAILURE_LOG_INTERVAL;

	private static final Logger logger = Logger.getLogger(OtlpHttpSpanExporter.class.getName());

	private final OtlpEndpoint endpoint;

	private final List<String> headerNames;

	private final String compression;

	private final Duration timeout;

	private final boolean customTls;

	private final RetryingExporter delegate;

	OtlpHttpSpanExporter(ExporterSettings settings, HttpTransport transport, ScheduledExecutorService scheduler) {
		this.endpoint = settings.endpoint();
		this.headerNames = List.copyOf(settings.headers().keySet());
		this.compression = settings.compression();
		this.timeout = settings.timeout();
		this.customTls = settings.endpoint().tls() && settings.hasCustomTls();
		this.delegate = new RetryingExporter(logger, this.endpoint.url(), transport, settings, scheduler);
	}

	/**
	 * Returns a builder with the defaults: {@code http://localhost:4318}, no headers, no
	 * compression, a 10 second timeout per attempt, the default retry policy and a 30
	 * second budget per export.
	 * @return a new builder
	 */
	public static OtlpHttpSpanExporterBuilder builder() {
		return new OtlpHttpSpanExporterBuilder();
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
	public CompletableResult export(Collection<SpanData> spans) {
		return this.delegate.export(spans);
	}

	/**
	 * Does nothing: this exporter keeps no spans of its own.
	 * @return a successful result
	 */
	@Override
	public CompletableResult flush() {
		return CompletableResult.ofSuccess();
	}

	/**
	 * Stops accepting exports and fails those waiting for a retry. Requests in flight get
	 * a short grace period, then are cancelled, which closes their connections.
	 * Idempotent: later calls return the first call's result. Does not block; the waiting
	 * happens on the exporter's scheduler thread, which ends afterwards.
	 * @return completes once no call is left; fails if one did not end in time
	 */
	@Override
	public CompletableResult shutdown() {
		return this.delegate.shutdown();
	}

	/**
	 * Returns what this exporter has done since it was created.
	 * @return a new snapshot
	 */
	public ExporterStatistics getStatistics() {
		return this.delegate.statistics();
	}

	/**
	 * Returns the endpoint as configured.
	 * @return the endpoint URL
	 */
	public String getEndpoint() {
		return this.endpoint.url();
	}

	/**
	 * Returns where requests go: the endpoint with {@code /v1/traces} appended.
	 * @return the URL requests are posted to
	 */
	public String getTracesUrl() {
		return this.endpoint.tracesUri().toString();
	}

	/**
	 * Returns the timeout of one attempt.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * Returns the compression.
	 * @return {@code gzip} or {@code none}
	 */
	public String getCompression() {
		return this.compression;
	}

	/**
	 * Returns the names of the headers sent with each request (never their values).
	 * @return the lower-case names, in configuration order
	 */
	public List<String> getHeaderNames() {
		return this.headerNames;
	}

	/**
	 * Returns how failed exports are retried.
	 * @return the policy
	 */
	public RetryPolicy getRetryPolicy() {
		return this.delegate.retryPolicy();
	}

	/**
	 * Returns the longest time one export may take, all attempts and waits included.
	 * @return the budget
	 */
	public Duration getRetryBudget() {
		return this.delegate.retryBudget();
	}

	/**
	 * Describes the exporter without secrets: endpoint, compression, timeout, header
	 * names, retry policy and budget, and whether custom TLS material is used.
	 * @return the description
	 */
	@Override
	public String toString() {
		return "OtlpHttpSpanExporter{endpoint=" + this.endpoint.url() + ", compression=" + this.compression
				+ ", timeout=" + this.timeout + ", headers=" + this.headerNames + ", retry=" + getRetryPolicy()
				+ ", retryBudget=" + getRetryBudget() + (this.customTls ? ", tls=custom" : "") + "}";
	}

}

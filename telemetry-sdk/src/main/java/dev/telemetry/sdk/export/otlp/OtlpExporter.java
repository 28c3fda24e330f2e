package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.CompletableResult;
import org.jspecify.annotations.Nullable;

/**
 * What every OTLP exporter does, whatever its signal and transport: one request per
 * export, retried by a {@link RetryPolicy} within a retry budget on a scheduler thread of
 * its own, failures logged with their likely cause and no secrets, and
 * {@link #getStatistics() statistics} of everything it did. {@link OtlpSpanExporter} and
 * {@link OtlpMetricExporter} differ only in what they encode; their gRPC and HTTP
 * variants only in how the bytes travel.
 * <p>
 * Thread-safe. No method throws for export problems, and none blocks on the network,
 * except an OTLP/HTTP export called on an {@link dev.telemetry.sdk.internal.ExportThread}
 * (a batch span processor's worker, which waits for the outcome anyway): over a
 * connection kept from an earlier export it sends its first attempt right there, when the
 * worker waits for at least the attempt's timeout, and for at most that timeout;
 * connecting and retries stay on the exporter's threads.
 *
 * @since 0.1.0
 */
public abstract sealed class OtlpExporter permits OtlpSpanExporter, OtlpMetricExporter {

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

	private final RetryingExporter delegate;

	OtlpExporter(Logger logger, OtlpSignal signal, ExporterSettings settings, OtlpTransport transport,
			ScheduledExecutorService scheduler) {
		this.endpoint = settings.endpoint();
		this.headerNames = List.copyOf(settings.headers().keySet());
		this.compression = settings.compression();
		this.timeout = settings.timeout();
		this.customTls = settings.endpoint().tls() && settings.hasCustomTls();
		this.delegate = new RetryingExporter(logger, signal, transport, settings, scheduler);
	}

	/**
	 * Sends one request, retrying as the policy allows.
	 * @param count how many items (spans, data points) the request carries
	 * @param request encodes the request, once, on the calling thread
	 * @return the outcome
	 */
	final CompletableResult send(int count, Supplier<EncodedRequest> request) {
		return this.delegate.export(count, request);
	}

	/**
	 * Stops accepting exports and fails those waiting for a retry. Calls in flight get a
	 * short grace period, then are cancelled, which closes their connections. Idempotent:
	 * later calls return the first call's result. Does not block; the waiting happens on
	 * the exporter's scheduler thread, which ends afterwards.
	 * @return completes once no call is left; fails if one did not end in time
	 */
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
	 * Sets what is told when each export ends, with its duration and outcome: one
	 * listener per exporter, the latest set replaces the one before; {@code null} removes
	 * it. Costs nothing per span or data point: it is called once per export.
	 * @param listener the listener, or {@code null}
	 */
	public final void setExportListener(@Nullable ExportListener listener) {
		this.delegate.setExportListener(listener);
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

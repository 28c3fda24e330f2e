package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.common.ThrottledLogger;
import dev.telemetry.sdk.trace.export.SpanExporter;
import dev.telemetry.sdk.trace.span.SpanData;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc.TraceServiceStub;
import org.jspecify.annotations.Nullable;

/**
 * Sends spans to an OpenTelemetry collector (or any OTLP receiver) over OTLP/gRPC.
 * <p>
 * Each {@link #export(Collection) export} encodes the batch into one request and sends it
 * asynchronously with a deadline of the configured timeout; the returned result completes
 * on gRPC's callback. Failures are reported through the result and a throttled log line
 * (first failure at once, then at most once a minute, and one line when exports recover);
 * nothing is retried here. Header values are never logged nor shown by
 * {@link #toString()}.
 * <p>
 * Thread-safe. No method blocks on the network or throws for export problems.
 *
 * @since 0.1.0
 */
public final class OtlpGrpcSpanExporter implements SpanExporter {

	private static final Logger logger = Logger.getLogger(OtlpGrpcSpanExporter.class.getName());

	/**
	 * How long in-flight calls may finish after {@link #shutdown()} before cancellation.
	 */
	static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(1);

	/** The least time between two failure log lines while failures continue. */
	static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

	private final OtlpEndpoint endpoint;

	private final ManagedChannel channel;

	private final TraceServiceStub stub;

	private final List<String> headerNames;

	private final String compression;

	private final Duration timeout;

	private final long timeoutNanos;

	private final ThrottledLogger failureLogger;

	private final AtomicLong spansExported = new AtomicLong();

	private final AtomicLong spansFailed = new AtomicLong();

	private final AtomicLong exportCallsFailed = new AtomicLong();

	// Failed calls since the last success; a non-zero value turns the next success into
	// a recovery message.
	private final AtomicLong failuresInARow = new AtomicLong();

	private final AtomicReference<@Nullable CompletableResult> shutdownResult = new AtomicReference<>();

	OtlpGrpcSpanExporter(OtlpEndpoint endpoint, ManagedChannel channel, Map<String, String> headers, String compression,
			Duration timeout, Clock clock) {
		this.endpoint = endpoint;
		this.channel = channel;
		this.headerNames = List.copyOf(headers.keySet());
		this.compression = compression;
		this.timeout = timeout;
		this.timeoutNanos = timeout.toNanos();
		this.failureLogger = new ThrottledLogger(logger, FAILURE_LOG_INTERVAL, clock);
		TraceServiceStub stub = TraceServiceGrpc.newStub(channel);
		if (!headers.isEmpty()) {
			stub = stub.withInterceptors(new HeadersInterceptor(headers));
		}
		if (OtlpGrpcSpanExporterBuilder.COMPRESSION_GZIP.equals(compression)) {
			stub = stub.withCompression(OtlpGrpcSpanExporterBuilder.COMPRESSION_GZIP);
		}
		this.stub = stub;
	}

	/**
	 * Returns a builder with the defaults: {@code http://localhost:4317}, no headers, no
	 * compression, a 10 second timeout.
	 * @return a new builder
	 */
	public static OtlpGrpcSpanExporterBuilder builder() {
		return new OtlpGrpcSpanExporterBuilder();
	}

	/**
	 * Sends the spans as one OTLP request. Returns at once; the result completes when the
	 * collector answers, the timeout passes or the connection fails. An empty batch
	 * succeeds without a call; after {@link #shutdown()} every batch fails at once.
	 * <p>
	 * When the collector accepts only part of the batch (OTLP partial success), the
	 * result is still successful, since resending would not help, and the rejected spans
	 * count as failed.
	 * @param spans the spans; read only during this call
	 * @return the outcome; never {@code null}, never thrown
	 */
	@Override
	public CompletableResult export(Collection<SpanData> spans) {
		int count = spans.size();
		if (count == 0) {
			return CompletableResult.ofSuccess();
		}
		if (this.shutdownResult.get() != null) {
			recordFailure(count);
			logger.log(Level.FINE,
					() -> "Dropped " + count + " spans: the exporter to " + this.endpoint + " is shut down");
			return new CompletableResult().fail(new IllegalStateException("exporter is shut down"));
		}
		ExportTraceServiceRequest request;
		try {
			request = TraceRequestEncoder.encode(spans);
		}
		catch (RuntimeException ex) {
			recordFailure(count);
			this.failuresInARow.incrementAndGet();
			this.failureLogger.log(Level.WARNING,
					"Failed to encode " + count + " spans for " + this.endpoint + "; the batch was dropped", ex);
			return new CompletableResult().fail(ex);
		}
		CompletableResult result = new CompletableResult();
		ResponseObserver observer = new ResponseObserver(count, result);
		try {
			this.stub.withDeadlineAfter(this.timeoutNanos, TimeUnit.NANOSECONDS).export(request, observer);
		}
		catch (RuntimeException ex) {
			// gRPC reports call problems through the observer; this only guards against
			// the unexpected, since export must never throw.
			observer.onError(ex);
		}
		return result;
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
	 * Stops accepting exports and closes the channel. Calls in flight get a short grace
	 * period, then are cancelled. Idempotent: later calls return the first call's result.
	 * Does not block; the waiting happens on a short-lived daemon thread.
	 * @return completes once the channel has terminated; fails if it did not in time
	 */
	@Override
	public CompletableResult shutdown() {
		CompletableResult result = new CompletableResult();
		if (!this.shutdownResult.compareAndSet(null, result)) {
			CompletableResult first = this.shutdownResult.get();
			return (first != null) ? first : result;
		}
		this.channel.shutdown();
		Thread closer = new Thread(() -> awaitTermination(result), "otlp-grpc-exporter-shutdown");
		closer.setDaemon(true);
		closer.start();
		return result;
	}

	private void awaitTermination(CompletableResult result) {
		try {
			long graceMillis = SHUTDOWN_GRACE.toMillis();
			if (!this.channel.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
				this.channel.shutdownNow();
				this.channel.awaitTermination(graceMillis, TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.channel.shutdownNow();
			Thread.currentThread().interrupt();
		}
		if (this.channel.isTerminated()) {
			result.succeed();
		}
		else {
			result.fail(new IllegalStateException("gRPC channel to " + this.endpoint + " did not terminate"));
		}
	}

	/**
	 * Returns how many spans the collector has accepted.
	 * @return the count since creation
	 */
	public long getSpansExported() {
		return this.spansExported.get();
	}

	/**
	 * Returns how many spans were lost: in failed calls, rejected by a partial success,
	 * or offered after shutdown.
	 * @return the count since creation
	 */
	public long getSpansFailed() {
		return this.spansFailed.get();
	}

	/**
	 * Returns how many export calls failed as a whole.
	 * @return the count since creation
	 */
	public long getExportCallsFailed() {
		return this.exportCallsFailed.get();
	}

	/**
	 * Returns the endpoint as configured.
	 * @return the endpoint URL
	 */
	public String getEndpoint() {
		return this.endpoint.url();
	}

	/**
	 * Returns the per-call timeout.
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
	 * Returns the names of the headers sent with each call (never their values).
	 * @return the lower-case names, in configuration order
	 */
	public List<String> getHeaderNames() {
		return this.headerNames;
	}

	private void onSuccess(int count, @Nullable ExportTraceServiceResponse response, CompletableResult result) {
		long rejected = 0;
		if (response != null && response.hasPartialSuccess()) {
			ExportTracePartialSuccess partial = response.getPartialSuccess();
			rejected = Math.min(Math.max(partial.getRejectedSpans(), 0), count);
			if (rejected > 0 || !partial.getErrorMessage().isEmpty()) {
				this.failureLogger.log(Level.WARNING, "The collector at " + this.endpoint + " rejected " + rejected
						+ " of " + count + " spans: " + partial.getErrorMessage(), null);
			}
		}
		this.spansExported.addAndGet(count - rejected);
		this.spansFailed.addAndGet(rejected);
		long failedBefore = this.failuresInARow.getAndSet(0);
		if (failedBefore > 0) {
			logger.info(() -> "Exporting spans to " + this.endpoint + " works again after " + failedBefore + " failed "
					+ ((failedBefore == 1) ? "call" : "calls"));
			// A new run of failures deserves an immediate warning of its own.
			this.failureLogger.reset();
		}
		result.succeed();
	}

	private void onFailure(int count, Throwable failure, CompletableResult result) {
		recordFailure(count);
		this.failuresInARow.incrementAndGet();
		// The status already says what happened; a stack trace of gRPC internals would
		// only bury it.
		this.failureLogger.log(Level.WARNING, ExportFailures.describe(this.endpoint.url(), count, failure, this.timeout,
				this.shutdownResult.get() != null), null);
		result.fail(failure);
	}

	private void recordFailure(int count) {
		this.spansFailed.addAndGet(count);
		this.exportCallsFailed.incrementAndGet();
	}

	/**
	 * Describes the exporter without secrets: endpoint, compression, timeout and header
	 * names.
	 * @return the description
	 */
	@Override
	public String toString() {
		return "OtlpGrpcSpanExporter{endpoint=" + this.endpoint.url() + ", compression=" + this.compression
				+ ", timeout=" + this.timeout + ", headers=" + this.headerNames + "}";
	}

	/**
	 * Completes one export's result from gRPC's callbacks, which arrive on a gRPC
	 * executor thread: at most one response, then either completion or an error.
	 */
	private final class ResponseObserver implements StreamObserver<ExportTraceServiceResponse> {

		private final int count;

		private final CompletableResult result;

		// Counters and logs must see each call once, even if a synchronous exception and
		// a
		// callback both report the same failure.
		private final AtomicBoolean finished = new AtomicBoolean();

		private volatile @Nullable ExportTraceServiceResponse response;

		ResponseObserver(int count, CompletableResult result) {
			this.count = count;
			this.result = result;
		}

		@Override
		public void onNext(ExportTraceServiceResponse value) {
			this.response = value;
		}

		@Override
		public void onError(Throwable failure) {
			if (this.finished.compareAndSet(false, true)) {
				onFailure(this.count, failure, this.result);
			}
		}

		@Override
		public void onCompleted() {
			if (this.finished.compareAndSet(false, true)) {
				onSuccess(this.count, this.response, this.result);
			}
		}

	}

}

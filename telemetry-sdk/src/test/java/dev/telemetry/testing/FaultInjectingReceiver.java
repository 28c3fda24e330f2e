package dev.telemetry.testing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * What the OTLP test receivers share: recording what arrives (traces and metrics),
 * waiting for it with a deadline, and the faults they can inject whatever their
 * transport. A call is answered, in this order of precedence: with
 * {@code UNAUTHENTICATED}/401 when a bearer token is required and missing; not at all
 * while {@link #hang(boolean) hanging}; with the next scripted failure
 * ({@code failNext}); with the standing failure ({@code respondWith}); otherwise with
 * success (or the configured partial success), after the configured
 * {@link #delayResponses(Duration) delay}.
 * <p>
 * Binds to {@code 127.0.0.1} only. Thread-safe: transport threads record while the test
 * thread reads and waits. Waits are bounded by their timeout, delays run on a scheduler
 * rather than on the transport's threads.
 *
 * @param <F> how the transport describes a failure to answer with
 * @param <H> how the transport represents the headers of a call
 */
public abstract class FaultInjectingReceiver<F, H> implements AutoCloseable {

	private static final int MAX_NAMES_IN_MESSAGE = 20;

	final ReentrantLock lock = new ReentrantLock();

	// Signalled on every recorded call, so waiters re-check instead of sleeping.
	private final Condition changed = this.lock.newCondition();

	// guarded by lock
	private final List<ExportTraceServiceRequest> requests = new ArrayList<>();

	// guarded by lock
	private final List<ExportMetricsServiceRequest> metricsRequests = new ArrayList<>();

	// guarded by lock
	private final List<H> headers = new ArrayList<>();

	// guarded by lock
	private final List<Long> callNanos = new ArrayList<>();

	// guarded by lock
	private final Deque<F> scripted = new ArrayDeque<>();

	// guarded by lock
	private F fault;

	// guarded by lock
	private boolean hanging;

	// guarded by lock
	private Duration delay = Duration.ZERO;

	// guarded by lock
	private String requiredAuthorization;

	// guarded by lock
	private PartialSuccess partialSuccess;

	/** Runs delayed answers. */
	final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "otlp-test-receiver-delays");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Returns the endpoint to configure an exporter with.
	 * @return {@code http://127.0.0.1:<port>}, or {@code https://} when serving TLS
	 */
	public abstract String endpoint();

	/**
	 * Returns the port the receiver listens on, also while it refuses connections.
	 * @return the port
	 */
	public abstract int port();

	/**
	 * Stops listening, so that connections are refused, until
	 * {@link #acceptConnections()}; calls in progress are cancelled.
	 */
	public abstract void refuseConnections();

	/**
	 * Listens again on the same port after {@link #refuseConnections()}.
	 */
	public abstract void acceptConnections();

	/**
	 * Stops listening and releases the receiver's threads. Idempotent.
	 */
	@Override
	public abstract void close();

	/**
	 * Returns the requests answered successfully (including partial successes), oldest
	 * first. Calls failed or held are not included; see {@link #callCount()}.
	 * @return a snapshot
	 */
	public List<ExportTraceServiceRequest> requests() {
		this.lock.lock();
		try {
			return List.copyOf(this.requests);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns the metrics requests answered successfully (including partial successes),
	 * oldest first.
	 * @return a snapshot
	 */
	public List<ExportMetricsServiceRequest> metricsRequests() {
		this.lock.lock();
		try {
			return List.copyOf(this.metricsRequests);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns every metric of every accepted metrics request, flattened in arrival order.
	 * @return a snapshot
	 */
	public List<Metric> metrics() {
		this.lock.lock();
		try {
			return metricsLocked();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until the accepted metrics satisfy a condition. The condition runs while the
	 * receiver's lock is held, so it should be quick.
	 * @param condition tested against all metrics received so far, after every call
	 * @param timeout the most to wait
	 * @return the metrics that satisfied the condition
	 * @throws AssertionError on timeout or interruption, listing what was received
	 */
	public List<Metric> awaitMetrics(Predicate<List<Metric>> condition, Duration timeout) {
		return await(this::metricsLocked, condition, timeout, "metrics");
	}

	/**
	 * Returns the resource groups of all accepted requests, in arrival order.
	 * @return a snapshot
	 */
	public List<ResourceSpans> resourceSpans() {
		this.lock.lock();
		try {
			List<ResourceSpans> all = new ArrayList<>();
			for (ExportTraceServiceRequest request : this.requests) {
				all.addAll(request.getResourceSpansList());
			}
			return all;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns every span of every accepted request, flattened in arrival order.
	 * @return a snapshot
	 */
	public List<Span> spans() {
		this.lock.lock();
		try {
			return spansLocked();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns the headers of every call that arrived, whatever the answer.
	 * @return a snapshot, oldest first
	 */
	public List<H> headers() {
		this.lock.lock();
		try {
			return List.copyOf(this.headers);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns how many calls arrived, whatever they were answered with.
	 * @return the count
	 */
	public int callCount() {
		this.lock.lock();
		try {
			return this.callNanos.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns when each call arrived, as {@link System#nanoTime()} readings, for tests of
	 * the time between retries.
	 * @return a snapshot, oldest first
	 */
	public List<Long> callTimes() {
		this.lock.lock();
		try {
			return List.copyOf(this.callNanos);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until at least the given number of spans have been accepted.
	 * @param atLeast how many spans to wait for
	 * @param timeout the most to wait
	 * @return the spans received so far, at least {@code atLeast} of them
	 * @throws AssertionError on timeout or interruption, listing what was received
	 */
	public List<Span> awaitSpans(int atLeast, Duration timeout) {
		return awaitSpans((spans) -> spans.size() >= atLeast, timeout);
	}

	/**
	 * Waits until the accepted spans satisfy a condition. The condition runs while the
	 * receiver's lock is held, so it should be quick.
	 * @param condition tested against all spans received so far, after every call
	 * @param timeout the most to wait
	 * @return the spans that satisfied the condition
	 * @throws AssertionError on timeout or interruption, listing what was received
	 */
	public List<Span> awaitSpans(Predicate<List<Span>> condition, Duration timeout) {
		return await(this::spansLocked, condition, timeout, "spans");
	}

	private <T> List<T> await(Supplier<List<T>> received, Predicate<List<T>> condition, Duration timeout, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (true) {
				List<T> items = received.get();
				if (condition.test(items)) {
					return items;
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new AssertionError(
							"Timed out after " + timeout + " waiting for " + what + "; " + describeLocked());
				}
				this.changed.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for " + what, ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until at least the given number of calls have arrived, however they were
	 * answered.
	 * @param atLeast how many calls to wait for
	 * @param timeout the most to wait
	 * @return the number of calls so far
	 * @throws AssertionError on timeout or interruption
	 */
	public int awaitCalls(int atLeast, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (this.callNanos.size() < atLeast) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new AssertionError(
							"Timed out after " + timeout + " waiting for " + atLeast + " calls; " + describeLocked());
				}
				this.changed.awaitNanos(remaining);
			}
			return this.callNanos.size();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for calls", ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Answers the next {@code times} calls with the given failure, then goes back to the
	 * standing answer. Adds to failures already scripted.
	 * @param times how many calls to fail
	 * @param failure the failure
	 */
	void script(int times, F failure) {
		this.lock.lock();
		try {
			for (int i = 0; i < times; i++) {
				this.scripted.add(failure);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Sets the standing failure every call gets once the scripted ones are used up.
	 * @param failure the failure, or {@code null} to answer normally
	 */
	void standingFault(F failure) {
		this.lock.lock();
		try {
			this.fault = failure;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Accepts every request but reports that some spans (or, for metrics, data points)
	 * were rejected (OTLP partial success), until {@link #reset()}.
	 * @param rejected how many spans or data points to report as rejected
	 * @param errorMessage the message to send with them
	 */
	public void respondWithPartialSuccess(long rejected, String errorMessage) {
		this.lock.lock();
		try {
			this.partialSuccess = new PartialSuccess(rejected, errorMessage);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Makes following calls hang: they are counted but never answered, so the client runs
	 * into its deadline. Calls already hanging stay unanswered when this is turned off.
	 * @param hang whether to hang
	 */
	public void hang(boolean hang) {
		this.lock.lock();
		try {
			this.hanging = hang;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Answers every following call (successful or not) only after a delay.
	 * @param delay the delay; zero answers at once
	 */
	public void delayResponses(Duration delay) {
		this.lock.lock();
		try {
			this.delay = delay;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Fails every following call that does not carry {@code authorization: Bearer
	 * <token>} with {@code UNAUTHENTICATED} (gRPC) or 401 (HTTP).
	 * @param token the token, or {@code null} to accept any call
	 */
	public void requireBearerToken(String token) {
		this.lock.lock();
		try {
			this.requiredAuthorization = (token != null) ? "Bearer " + token : null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Forgets all recorded requests, headers and calls, keeping the configured answers.
	 */
	public void clear() {
		this.lock.lock();
		try {
			this.requests.clear();
			this.metricsRequests.clear();
			this.headers.clear();
			this.callNanos.clear();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns to the state just after start: normal answers at once, no scripted
	 * failures, no required token, nothing recorded. The port stays the same.
	 */
	public void reset() {
		this.lock.lock();
		try {
			this.fault = null;
			this.scripted.clear();
			this.hanging = false;
			this.delay = Duration.ZERO;
			this.requiredAuthorization = null;
			this.partialSuccess = null;
			clear();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Records the headers of a call as it arrives.
	 * @param callHeaders the headers
	 */
	void recordHeaders(H callHeaders) {
		this.lock.lock();
		try {
			this.headers.add(callHeaders);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Counts a call and decides its answer.
	 * @param request the decoded {@code ExportTraceServiceRequest} or
	 * {@code ExportMetricsServiceRequest}, or {@code null} if it could not be decoded
	 * @param authorization the call's {@code authorization} header, or {@code null}
	 * @return the answer to give
	 */
	Answer<F> answer(Object request, String authorization) {
		this.lock.lock();
		try {
			this.callNanos.add(System.nanoTime());
			this.changed.signalAll();
			if (this.requiredAuthorization != null && !this.requiredAuthorization.equals(authorization)) {
				return new Answer<>(Kind.UNAUTHENTICATED, null, null, this.delay);
			}
			if (this.hanging) {
				return new Answer<>(Kind.HANG, null, null, Duration.ZERO);
			}
			F failure = this.scripted.isEmpty() ? this.fault : this.scripted.poll();
			if (failure != null) {
				return new Answer<>(Kind.FAIL, failure, null, this.delay);
			}
			if (request instanceof ExportTraceServiceRequest traces) {
				this.requests.add(traces);
			}
			else if (request instanceof ExportMetricsServiceRequest metrics) {
				this.metricsRequests.add(metrics);
			}
			return new Answer<>(Kind.ACCEPT, null, this.partialSuccess, this.delay);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Counts a call that the transport rejects before any fault applies (a wrong path, an
	 * undecodable body).
	 */
	void countRejectedCall() {
		this.lock.lock();
		try {
			this.callNanos.add(System.nanoTime());
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Runs an answer now or after its delay.
	 * @param answer the answer
	 * @param action what sends it
	 */
	void send(Answer<F> answer, Runnable action) {
		if (answer.delay().isZero() || answer.delay().isNegative()) {
			action.run();
		}
		else {
			this.scheduler.schedule(action, answer.delay().toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	/** Stops the delay scheduler; subclasses call it from {@link #close()}. */
	void closeScheduler() {
		this.scheduler.shutdownNow();
	}

	String describe() {
		this.lock.lock();
		try {
			return describeLocked();
		}
		finally {
			this.lock.unlock();
		}
	}

	private List<Span> spansLocked() {
		List<Span> spans = new ArrayList<>();
		for (ExportTraceServiceRequest request : this.requests) {
			for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
				for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
					spans.addAll(scopeSpans.getSpansList());
				}
			}
		}
		return spans;
	}

	private List<Metric> metricsLocked() {
		List<Metric> metrics = new ArrayList<>();
		for (ExportMetricsServiceRequest request : this.metricsRequests) {
			for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
				for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
					metrics.addAll(scopeMetrics.getMetricsList());
				}
			}
		}
		return metrics;
	}

	private String describeLocked() {
		List<Span> spans = spansLocked();
		List<String> names = spans.stream().limit(MAX_NAMES_IN_MESSAGE).map(Span::getName).toList();
		List<Metric> metrics = metricsLocked();
		List<String> metricNames = metrics.stream().limit(MAX_NAMES_IN_MESSAGE).map(Metric::getName).toList();
		return "received " + this.callNanos.size() + " calls, " + this.requests.size() + " accepted trace requests, "
				+ this.metricsRequests.size() + " accepted metrics requests, " + spans.size() + " spans"
				+ (spans.isEmpty() ? "" : " named " + names + ((spans.size() > names.size()) ? "..." : "")) + " and "
				+ metrics.size() + " metrics" + (metrics.isEmpty() ? ""
						: " named " + metricNames + ((metrics.size() > metricNames.size()) ? "..." : ""));
	}

	/** How a call is answered. */
	enum Kind {

		ACCEPT, FAIL, HANG, UNAUTHENTICATED

	}

	/**
	 * The answer to one call.
	 *
	 * @param <F> the transport's failure type
	 * @param kind how to answer
	 * @param failure the failure for {@link Kind#FAIL}
	 * @param partialSuccess the partial success to accept with, or {@code null} for full
	 * success
	 * @param delay how long to wait before answering
	 */
	record Answer<F>(Kind kind, F failure, PartialSuccess partialSuccess, Duration delay) {

		ExportTraceServiceResponse traceResponse() {
			if (this.partialSuccess == null) {
				return ExportTraceServiceResponse.getDefaultInstance();
			}
			return ExportTraceServiceResponse.newBuilder()
				.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
					.setRejectedSpans(this.partialSuccess.rejected())
					.setErrorMessage(this.partialSuccess.errorMessage()))
				.build();
		}

		ExportMetricsServiceResponse metricsResponse() {
			if (this.partialSuccess == null) {
				return ExportMetricsServiceResponse.getDefaultInstance();
			}
			return ExportMetricsServiceResponse.newBuilder()
				.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
					.setRejectedDataPoints(this.partialSuccess.rejected())
					.setErrorMessage(this.partialSuccess.errorMessage()))
				.build();
		}

	}

	/**
	 * An OTLP partial success to answer with.
	 *
	 * @param rejected how many spans or data points were rejected
	 * @param errorMessage the message
	 */
	record PartialSuccess(long rejected, String errorMessage) {
	}

}

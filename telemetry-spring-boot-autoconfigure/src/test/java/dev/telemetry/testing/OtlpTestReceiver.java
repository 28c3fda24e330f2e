package dev.telemetry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * A real OTLP/gRPC trace receiver on a loopback port, for tests that want to see exactly
 * what an exporter puts on the wire. It records every accepted request and the headers of
 * every call, and can be told to fail ({@link #respondWith(Status)}), stall
 * ({@link #hang(boolean)}) or reject part of a batch
 * ({@link #respondWithPartialSuccess(long, String)}).
 * <p>
 * Binds to {@code 127.0.0.1} only, on a free port. Thread-safe: gRPC threads record while
 * the test thread reads and waits. The {@code await} methods block for at most their
 * timeout; nothing else blocks except {@link #close()}, which waits a bounded time.
 *
 * <pre class="code">
 * try (OtlpTestReceiver receiver = OtlpTestReceiver.start()) {
 *     // point an exporter at receiver.endpoint(), export, then:
 *     List&lt;Span&gt; spans = receiver.awaitSpans(1, Duration.ofSeconds(5));
 * }
 * </pre>
 */
public final class OtlpTestReceiver implements AutoCloseable {

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private static final int MAX_NAMES_IN_MESSAGE = 20;

	private final ReentrantLock lock = new ReentrantLock();

	// Signalled on every recorded call, so waiters re-check instead of sleeping.
	private final Condition changed = this.lock.newCondition();

	// guarded by lock
	private final List<ExportTraceServiceRequest> requests = new ArrayList<>();

	// guarded by lock
	private final List<Metadata> headers = new ArrayList<>();

	// guarded by lock
	private int calls;

	// guarded by lock
	private Status fault;

	// guarded by lock
	private boolean hanging;

	// guarded by lock
	private ExportTraceServiceResponse response = ExportTraceServiceResponse.getDefaultInstance();

	private final Server server;

	private OtlpTestReceiver() throws IOException {
		ServerInterceptor headerRecorder = new ServerInterceptor() {

			@Override
			public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
					Metadata requestHeaders, ServerCallHandler<ReqT, RespT> next) {
				recordHeaders(requestHeaders);
				return next.startCall(call, requestHeaders);
			}

		};
		this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.addService(ServerInterceptors.intercept(new TraceService(), headerRecorder))
			.build()
			.start();
	}

	/**
	 * Starts a receiver on a free loopback port.
	 * @return the running receiver; close it when done
	 * @throws UncheckedIOException when the port cannot be bound
	 */
	public static OtlpTestReceiver start() {
		try {
			return new OtlpTestReceiver();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the OTLP test receiver", ex);
		}
	}

	/**
	 * Returns the plaintext endpoint to configure an exporter with.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public String endpoint() {
		return "http://127.0.0.1:" + port();
	}

	/**
	 * Returns the port the receiver listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getPort();
	}

	/**
	 * Returns the requests answered successfully (including partial successes), oldest
	 * first. Calls failed by {@link #respondWith(Status)} or held by
	 * {@link #hang(boolean)} are not included; see {@link #callCount()}.
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
	 * Returns a copy of the headers of every call that arrived, whatever the answer,
	 * including gRPC's own such as {@code grpc-encoding}.
	 * @return a snapshot, oldest first
	 */
	public List<Metadata> headers() {
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
			return this.calls;
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
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (true) {
				List<Span> spans = spansLocked();
				if (condition.test(spans)) {
					return spans;
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new AssertionError("Timed out after " + timeout + " waiting for spans; " + describeLocked());
				}
				this.changed.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for spans; " + describe(), ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until at least the given number of calls have arrived, however they were
	 * answered; useful with {@link #respondWith(Status)} and {@link #hang(boolean)}.
	 * @param atLeast how many calls to wait for
	 * @param timeout the most to wait
	 * @return the number of calls so far
	 * @throws AssertionError on timeout or interruption
	 */
	public int awaitCalls(int atLeast, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (this.calls < atLeast) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new AssertionError(
							"Timed out after " + timeout + " waiting for " + atLeast + " calls; " + describeLocked());
				}
				this.changed.awaitNanos(remaining);
			}
			return this.calls;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for calls; " + describe(), ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Answers every following call with the given status, without recording its request,
	 * until {@link #reset()}.
	 * @param status the status to fail with; {@code null} or {@code OK} answers normally
	 */
	public void respondWith(Status status) {
		this.lock.lock();
		try {
			this.fault = (status == null || status.isOk()) ? null : status;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Accepts every request but reports that some spans were rejected (OTLP partial
	 * success), until {@link #reset()}.
	 * @param rejectedSpans how many spans to report as rejected
	 * @param errorMessage the message to send with them
	 */
	public void respondWithPartialSuccess(long rejectedSpans, String errorMessage) {
		ExportTraceServiceResponse partial = ExportTraceServiceResponse.newBuilder()
			.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
				.setRejectedSpans(rejectedSpans)
				.setErrorMessage(errorMessage))
			.build();
		this.lock.lock();
		try {
			this.response = partial;
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
	 * Forgets all recorded requests, headers and calls, keeping the configured answers.
	 */
	public void clear() {
		this.lock.lock();
		try {
			this.requests.clear();
			this.headers.clear();
			this.calls = 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns to the state just after {@link #start()}: normal answers, nothing recorded.
	 * The port stays the same.
	 */
	public void reset() {
		this.lock.lock();
		try {
			this.fault = null;
			this.hanging = false;
			this.response = ExportTraceServiceResponse.getDefaultInstance();
			clear();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Stops the server, cancelling calls in progress, and waits up to five seconds for it
	 * to terminate. Idempotent.
	 */
	@Override
	public void close() {
		this.server.shutdownNow();
		try {
			this.server.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return "OtlpTestReceiver{" + endpoint() + "}";
	}

	private void recordHeaders(Metadata requestHeaders) {
		Metadata copy = new Metadata();
		copy.merge(requestHeaders);
		this.lock.lock();
		try {
			this.headers.add(copy);
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

	private String describe() {
		this.lock.lock();
		try {
			return describeLocked();
		}
		finally {
			this.lock.unlock();
		}
	}

	private String describeLocked() {
		List<Span> spans = spansLocked();
		List<String> names = spans.stream().limit(MAX_NAMES_IN_MESSAGE).map(Span::getName).toList();
		return "received " + this.calls + " calls, " + this.requests.size() + " accepted requests and " + spans.size()
				+ " spans" + (spans.isEmpty() ? "" : " named " + names + ((spans.size() > names.size()) ? "..." : ""));
	}

	private final class TraceService extends TraceServiceGrpc.TraceServiceImplBase {

		@Override
		public void export(ExportTraceServiceRequest request,
				StreamObserver<ExportTraceServiceResponse> responseObserver) {
			Status failWith;
			boolean hang;
			ExportTraceServiceResponse answer;
			ReentrantLock lock = OtlpTestReceiver.this.lock;
			lock.lock();
			try {
				OtlpTestReceiver.this.calls++;
				failWith = OtlpTestReceiver.this.fault;
				hang = OtlpTestReceiver.this.hanging;
				answer = OtlpTestReceiver.this.response;
				if (!hang && failWith == null) {
					OtlpTestReceiver.this.requests.add(request);
				}
				OtlpTestReceiver.this.changed.signalAll();
			}
			finally {
				lock.unlock();
			}
			if (hang) {
				return;
			}
			if (failWith != null) {
				responseObserver.onError(failWith.asRuntimeException());
				return;
			}
			responseObserver.onNext(answer);
			responseObserver.onCompleted();
		}

	}

}

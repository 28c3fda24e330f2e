package dev.telemetry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;

/**
 * A real OTLP/gRPC trace receiver on a loopback port, for tests that want to see exactly
 * what an exporter puts on the wire, and how it copes with a collector that misbehaves.
 * It records every accepted request and the headers of every call (including gRPC's own,
 * such as {@code grpc-encoding}), and can be told to:
 * <ul>
 * <li>fail every call ({@link #respondWith(Status)}) or the next few
 * ({@link #failNext(int, Status)}), optionally with {@code google.rpc.RetryInfo}
 * ({@link #failNextWithRetryInfo(int, Status, Duration)});</li>
 * <li>reject part of a batch ({@link #respondWithPartialSuccess(long, String)});</li>
 * <li>stall ({@link #hang(boolean)}) or answer late ({@link #delayResponses(Duration)});
 * </li>
 * <li>require a bearer token ({@link #requireBearerToken(String)});</li>
 * <li>refuse connections and come back on the same port ({@link #refuseConnections()},
 * {@link #acceptConnections()});</li>
 * <li>serve TLS with a test CA and require a client certificate
 * ({@link #startTls(TestCertificates.Issued, TestCertificates.Authority)}).</li>
 * </ul>
 * <p>
 * Binds to {@code 127.0.0.1} only, on a free port. Thread-safe. The {@code await} methods
 * block for at most their timeout; nothing else blocks except {@link #close()} and
 * {@link #refuseConnections()}, which wait a bounded time.
 *
 * <pre class="code">
 * try (OtlpTestReceiver receiver = OtlpTestReceiver.start()) {
 *     // point an exporter at receiver.endpoint(), export, then:
 *     List&lt;Span&gt; spans = receiver.awaitSpans(1, Duration.ofSeconds(5));
 * }
 * </pre>
 */
public final class OtlpTestReceiver extends FaultInjectingReceiver<OtlpTestReceiver.GrpcFault, Metadata> {

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Context.Key<String> AUTHORIZATION_IN_CONTEXT = Context.key("authorization");

	private final SslContext tls;

	private final int maxInboundMessageSize;

	private final int port;

	private volatile Server server;

	private OtlpTestReceiver(SslContext tls) throws IOException {
		this(tls, 0);
	}

	private OtlpTestReceiver(SslContext tls, int maxInboundMessageSize) throws IOException {
		this.tls = tls;
		this.maxInboundMessageSize = maxInboundMessageSize;
		this.server = newServer(0);
		this.port = this.server.getPort();
	}

	/**
	 * Starts a plaintext receiver on a free loopback port.
	 * @return the running receiver; close it when done
	 * @throws UncheckedIOException when the port cannot be bound
	 */
	public static OtlpTestReceiver start() {
		try {
			return new OtlpTestReceiver(null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the OTLP test receiver", ex);
		}
	}

	/**
	 * Starts a plaintext receiver that refuses requests larger than a limit with
	 * {@code RESOURCE_EXHAUSTED}, as a collector does past its maximum message size (4
	 * MiB by default).
	 * @param maxInboundMessageSize the largest request accepted, in bytes
	 * @return the running receiver; close it when done
	 * @throws UncheckedIOException when the port cannot be bound
	 */
	public static OtlpTestReceiver start(int maxInboundMessageSize) {
		try {
			return new OtlpTestReceiver(null, maxInboundMessageSize);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the OTLP test receiver", ex);
		}
	}

	/**
	 * Starts a TLS receiver on a free loopback port.
	 * @param certificate the server certificate, from {@link TestCertificates}
	 * @param clientAuthority when not {@code null}, every client must present a
	 * certificate signed by this authority (mutual TLS)
	 * @return the running receiver; close it when done
	 * @throws UncheckedIOException when the port cannot be bound
	 */
	public static OtlpTestReceiver startTls(TestCertificates.Issued certificate,
			TestCertificates.Authority clientAuthority) {
		try {
			SslContextBuilder tls = GrpcSslContexts
				.configure(SslContextBuilder.forServer(certificate.keyManagerFactory()));
			if (clientAuthority != null) {
				tls.trustManager(clientAuthority.trustManagerFactory()).clientAuth(ClientAuth.REQUIRE);
			}
			return new OtlpTestReceiver(tls.build());
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Could not set up TLS for the OTLP test receiver", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the OTLP test receiver", ex);
		}
	}

	private Server newServer(int port) throws IOException {
		ServerInterceptor headerRecorder = new ServerInterceptor() {

			@Override
			public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
					Metadata requestHeaders, ServerCallHandler<ReqT, RespT> next) {
				Metadata copy = new Metadata();
				copy.merge(requestHeaders);
				recordHeaders(copy);
				Context context = Context.current()
					.withValue(AUTHORIZATION_IN_CONTEXT, requestHeaders.get(AUTHORIZATION));
				return Contexts.interceptCall(context, call, requestHeaders, next);
			}

		};
		NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
			// Coming back on the same port must not wait for closed connections.
			.withOption(ChannelOption.SO_REUSEADDR, true)
			.addService(ServerInterceptors.intercept(new TraceService(), headerRecorder));
		if (this.tls != null) {
			builder.sslContext(this.tls);
		}
		if (this.maxInboundMessageSize > 0) {
			builder.maxInboundMessageSize(this.maxInboundMessageSize);
		}
		return builder.build().start();
	}

	/**
	 * Returns the endpoint to configure an exporter with.
	 * @return {@code http://127.0.0.1:<port>}, or {@code https://} when serving TLS
	 */
	@Override
	public String endpoint() {
		return ((this.tls != null) ? "https" : "http") + "://127.0.0.1:" + this.port;
	}

	@Override
	public int port() {
		return this.port;
	}

	/**
	 * Answers every following call with the given status, without recording its request,
	 * until {@link #reset()}; calls scripted with {@link #failNext(int, Status)} come
	 * first.
	 * @param status the status to fail with; {@code null} or {@code OK} answers normally
	 */
	public void respondWith(Status status) {
		standingFault((status == null || status.isOk()) ? null : new GrpcFault(status, null));
	}

	/**
	 * Fails the next {@code times} calls with the given status, then answers as before.
	 * @param times how many calls to fail
	 * @param status the status
	 */
	public void failNext(int times, Status status) {
		script(times, new GrpcFault(status, null));
	}

	/**
	 * Fails the next {@code times} calls with the given status and a
	 * {@code google.rpc.RetryInfo} detail asking the client to wait before retrying.
	 * @param times how many calls to fail
	 * @param status the status
	 * @param retryDelay the delay to ask for
	 */
	public void failNextWithRetryInfo(int times, Status status, Duration retryDelay) {
		script(times, new GrpcFault(status, retryDelay));
	}

	@Override
	public void refuseConnections() {
		Server current = this.server;
		current.shutdownNow();
		try {
			current.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void acceptConnections() {
		try {
			this.server = newServer(this.port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not listen on port " + this.port + " again", ex);
		}
	}

	/**
	 * Stops the server, cancelling calls in progress, and waits up to five seconds for it
	 * to terminate. Idempotent.
	 */
	@Override
	public void close() {
		closeScheduler();
		refuseConnections();
	}

	@Override
	public String toString() {
		return "OtlpTestReceiver{" + endpoint() + "}";
	}

	/**
	 * A failure to answer a gRPC call with.
	 *
	 * @param status the status
	 * @param retryDelay the delay of a {@code RetryInfo} detail, or {@code null} for none
	 */
	public record GrpcFault(Status status, Duration retryDelay) {

		RuntimeException toException() {
			if (this.retryDelay == null) {
				return this.status.asRuntimeException();
			}
			com.google.rpc.Status details = com.google.rpc.Status.newBuilder()
				.setCode(this.status.getCode().value())
				.setMessage((this.status.getDescription() != null) ? this.status.getDescription() : "")
				.addDetails(Any.pack(RetryInfo.newBuilder()
					.setRetryDelay(com.google.protobuf.Duration.newBuilder()
						.setSeconds(this.retryDelay.getSeconds())
						.setNanos(this.retryDelay.getNano()))
					.build()))
				.build();
			return StatusProto.toStatusRuntimeException(details);
		}

	}

	private final class TraceService extends TraceServiceGrpc.TraceServiceImplBase {

		@Override
		public void export(ExportTraceServiceRequest request,
				StreamObserver<ExportTraceServiceResponse> responseObserver) {
			Answer<GrpcFault> answer = answer(request, AUTHORIZATION_IN_CONTEXT.get());
			switch (answer.kind()) {
				case HANG -> {
				}
				case UNAUTHENTICATED -> send(answer, () -> responseObserver.onError(
						Status.UNAUTHENTICATED.withDescription("missing or wrong bearer token").asRuntimeException()));
				case FAIL -> send(answer, () -> responseObserver.onError(answer.failure().toException()));
				case ACCEPT -> send(answer, () -> {
					responseObserver.onNext(answer.response());
					responseObserver.onCompleted();
				});
			}
		}

	}

}

package dev.telemetry.sdk.export.otlp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import javax.net.ssl.SSLException;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import dev.telemetry.sdk.resource.Resource;
import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;

/**
 * OTLP/gRPC: one unary {@code Export} call of the signal's service per attempt, with a
 * deadline, over a channel that connects lazily and reconnects by itself. Requests and
 * responses travel as bytes: the exporter encodes each request once, and
 * {@link ExportResponse} reads any signal's answer.
 * <p>
 * Retryable codes: {@code CANCELLED}, {@code DEADLINE_EXCEEDED}, {@code ABORTED},
 * {@code OUT_OF_RANGE}, {@code UNAVAILABLE}, {@code DATA_LOSS}, and
 * {@code RESOURCE_EXHAUSTED} only when the server sends {@code google.rpc.RetryInfo},
 * whose delay is honoured for any code. Thread-safe.
 */
final class GrpcTransport implements OtlpTransport {

	/**
	 * How long an attempt waits for a channel that failed to connect to connect again,
	 * before it is sent anyway.
	 */
	static final Duration RECONNECT_WAIT = Duration.ofMillis(250);

	private static final RequestMarshaller REQUEST_MARSHALLER = new RequestMarshaller();

	private static final ResponseMarshaller RESPONSE_MARSHALLER = new ResponseMarshaller();

	private final OtlpSignal signal;

	private final MethodDescriptor<EncodedRequest, byte[]> exportMethod;

	private final OtlpEndpoint endpoint;

	private final ManagedChannel channel;

	private final Channel calls;

	private final CallOptions callOptions;

	private final Duration timeout;

	private final ScheduledExecutorService scheduler;

	GrpcTransport(OtlpSignal signal, OtlpEndpoint endpoint, ManagedChannel channel, Map<String, String> headers,
			boolean gzip, Duration timeout, ScheduledExecutorService scheduler) {
		this.signal = signal;
		// The request is already serialized: the exporter encodes each batch once into
		// bytes, which retries send again as they are.
		this.exportMethod = MethodDescriptor.<EncodedRequest, byte[]>newBuilder()
			.setType(MethodDescriptor.MethodType.UNARY)
			.setFullMethodName(signal.grpcMethod())
			.setRequestMarshaller(REQUEST_MARSHALLER)
			.setResponseMarshaller(RESPONSE_MARSHALLER)
			.build();
		this.endpoint = endpoint;
		this.channel = channel;
		this.timeout = timeout;
		this.scheduler = scheduler;
		this.calls = headers.isEmpty() ? channel
				: ClientInterceptors.intercept(channel, new HeadersInterceptor(headers));
		this.callOptions = gzip ? CallOptions.DEFAULT.withCompression(ExporterSettings.COMPRESSION_GZIP)
				: CallOptions.DEFAULT;
	}

	/**
	 * Creates the transport and its channel from an exporter's settings. The channel
	 * connects lazily, so this neither blocks nor fails when no collector runs yet.
	 * @param signal what the exporter sends
	 * @param settings the exporter's settings
	 * @param scheduler the exporter's scheduler
	 * @return the transport
	 * @throws IllegalArgumentException when the TLS material cannot be used
	 */
	static GrpcTransport create(OtlpSignal signal, ExporterSettings settings, ScheduledExecutorService scheduler) {
		OtlpEndpoint endpoint = settings.endpoint();
		return new GrpcTransport(signal, endpoint, newChannel(endpoint, settings), settings.headers(), settings.gzip(),
				settings.timeout(), scheduler);
	}

	private static ManagedChannel newChannel(OtlpEndpoint endpoint, ExporterSettings settings) {
		NettyChannelBuilder channel = NettyChannelBuilder.forAddress(endpoint.host(), endpoint.port())
			.userAgent(Resource.SDK_NAME)
			// The exporter retries by its own policy; gRPC's retries would buffer every
			// request a second time.
			.disableRetry();
		if (!endpoint.tls()) {
			channel.usePlaintext();
		}
		else if (settings.hasCustomTls()) {
			channel.sslContext(sslContext(settings));
		}
		else {
			// Netty's default TLS setup verifies against the JVM's default trust store.
			channel.useTransportSecurity();
		}
		return channel.build();
	}

	private static SslContext sslContext(ExporterSettings settings) {
		SslContextBuilder tls = GrpcSslContexts.forClient();
		if (settings.trustManagerFactory() != null) {
			tls.trustManager(settings.trustManagerFactory());
		}
		if (settings.keyManagerFactory() != null) {
			tls.keyManager(settings.keyManagerFactory());
		}
		if (!settings.tlsProtocols().isEmpty()) {
			tls.protocols(settings.tlsProtocols());
		}
		if (!settings.tlsCipherSuites().isEmpty()) {
			tls.ciphers(settings.tlsCipherSuites());
		}
		try {
			return tls.build();
		}
		catch (SSLException | RuntimeException ex) {
			throw new IllegalArgumentException("Invalid TLS settings for the OTLP exporter: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Checks a header name by gRPC's own rules (allowed characters, no {@code -bin}
	 * suffix for text values), so a bad name fails at configuration instead of on every
	 * call.
	 * @param key the lower-cased name
	 * @return the name
	 * @throws IllegalArgumentException when gRPC would refuse it
	 */
	static String validateHeaderName(String key) {
		try {
			Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid OTLP header name '" + key + "': " + ex.getMessage(), ex);
		}
		return key;
	}

	/**
	 * Returns how requests are handed to gRPC.
	 * @return the marshaller of the export method's requests
	 */
	static MethodDescriptor.Marshaller<EncodedRequest> requestMarshaller() {
		return REQUEST_MARSHALLER;
	}

	@Override
	public Call newCall(EncodedRequest request) {
		return (timeoutNanos, callback) -> {
			if (this.channel.getState(false) != ConnectivityState.TRANSIENT_FAILURE) {
				start(request, timeoutNanos, callback);
				return;
			}
			// After a failed connection gRPC waits by its own backoff (up to two
			// minutes) before it connects again, and fails calls at once meanwhile. The
			// retry policy already paces the attempts, so connect now, and start the
			// call when the channel's state changes (it becomes ready if the collector is
			// back), or after a short wait at the latest, when it fails at once with
			// the connection's error: an attempt never waits on the channel unbounded.
			long deadline = System.nanoTime() + timeoutNanos;
			AtomicBoolean started = new AtomicBoolean();
			Runnable startOnce = () -> {
				if (started.compareAndSet(false, true)) {
					start(request, Math.max(1, deadline - System.nanoTime()), callback);
				}
			};
			this.channel.notifyWhenStateChanged(ConnectivityState.TRANSIENT_FAILURE, startOnce);
			this.channel.resetConnectBackoff();
			try {
				this.scheduler.schedule(startOnce, Math.min(timeoutNanos, RECONNECT_WAIT.toNanos()),
						TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				startOnce.run();
			}
		};
	}

	private void start(EncodedRequest request, long timeoutNanos, Consumer<AttemptOutcome> callback) {
		ClientCall<EncodedRequest, byte[]> call = this.calls.newCall(this.exportMethod,
				this.callOptions.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS));
		// What ClientCalls.asyncUnaryCall does, without its observer adapters: one
		// listener object per attempt.
		ResponseListener listener = new ResponseListener(callback);
		try {
			call.start(listener, new Metadata());
			call.request(2);
			call.sendMessage(request);
			call.halfClose();
		}
		catch (RuntimeException | Error ex) {
			// Report the real cause first: the cancel makes gRPC close the call with
			// CANCELLED, which must not be what the attempt reports.
			listener.finish(classify(ex));
			call.cancel("the export call failed to start", ex);
		}
	}

	@Override
	public void shutdown() {
		this.channel.shutdown();
	}

	@Override
	public void shutdownNow() {
		this.channel.shutdownNow();
	}

	@Override
	public boolean isTerminated() {
		return this.channel.isTerminated();
	}

	/**
	 * Classifies a failed call.
	 * @param failure what the call failed with
	 * @return the outcome
	 */
	AttemptOutcome classify(Throwable failure) {
		Status status = Status.fromThrowable(failure);
		long serverDelay = retryDelayNanos(failure);
		boolean retryable = switch (status.getCode()) {
			case CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS -> true;
			// A request past the message limit can never pass, whatever the server asks.
			case RESOURCE_EXHAUSTED -> serverDelay >= 0 && !isMessageTooLarge(status);
			default -> false;
		};
		return AttemptOutcome.failed(status.getCode().name(), describe(status), retryable, serverDelay,
				hint(this.signal, this.endpoint, status, this.timeout), failure);
	}

	/**
	 * Describes a status: its code, the server's description and the cause.
	 * @param status the status
	 * @return text such as
	 * {@code UNAVAILABLE (io exception) caused by ConnectException: Connection refused}
	 */
	static String describe(Status status) {
		StringBuilder text = new StringBuilder(80).append(status.getCode());
		String description = status.getDescription();
		if (description != null && !description.isEmpty()) {
			text.append(" (").append(description).append(')');
		}
		Throwable cause = status.getCause();
		if (cause != null && cause.getMessage() != null) {
			text.append(" caused by ").append(cause.getClass().getSimpleName()).append(": ");
			text.append(cause.getMessage());
		}
		return text.toString();
	}

	/**
	 * Returns the most likely cause of a failure, phrased as advice.
	 * @param signal what was exported
	 * @param endpoint the endpoint
	 * @param status the status the call ended with
	 * @param timeout the per-attempt timeout
	 * @return the hint
	 */
	static String hint(OtlpSignal signal, OtlpEndpoint endpoint, Status status, Duration timeout) {
		boolean httpPort = endpoint.port() == ExportFailures.HTTP_PORT;
		return switch (status.getCode()) {
			case UNAVAILABLE -> unavailableHint(endpoint, status.getCause());
			case UNIMPLEMENTED -> "the endpoint does not speak OTLP/gRPC (is it the OTLP/HTTP port 4318?"
					+ (httpPort ? " If so, set " + ExportFailures.PROTOCOL_PROPERTY + "=http/protobuf)" : ")");
			case UNAUTHENTICATED -> ExportFailures.unauthenticated();
			case PERMISSION_DENIED -> ExportFailures.permissionDenied(signal);
			case DEADLINE_EXCEEDED -> ExportFailures.noAnswer(timeout);
			case RESOURCE_EXHAUSTED -> isMessageTooLarge(status)
					? "the request is larger than the collector's maximum message size (4 MiB unless configured); "
							+ signal.batchSizeAdvice()
					: "the collector is shedding load or the batch is larger than its maximum message size ("
							+ signal.batchSizeAdvice() + ")";
			case INTERNAL, UNKNOWN -> httpPort
					? "the endpoint answered in an unexpected way; port 4318 is usually OTLP/HTTP: set "
							+ ExportFailures.PROTOCOL_PROPERTY + "=http/protobuf or use the OTLP/gRPC port 4317"
					: "the endpoint answered in an unexpected way; is it an OTLP/gRPC receiver (usually port 4317)?";
			case CANCELLED -> "the call was cancelled, usually because the exporter is shutting down";
			default -> "the collector rejected the batch";
		};
	}

	/**
	 * Returns whether a status says the request was larger than the receiving side's
	 * message limit, in the words of gRPC Java ("exceeds maximum size") or of gRPC Go, on
	 * which the collector runs ("larger than max").
	 * @param status the status
	 * @return whether the request was too large
	 */
	static boolean isMessageTooLarge(Status status) {
		String description = status.getDescription();
		return status.getCode() == Status.Code.RESOURCE_EXHAUSTED && description != null
				&& (description.contains("exceeds maximum size") || description.contains("larger than max"));
	}

	private static String unavailableHint(OtlpEndpoint endpoint, @Nullable Throwable cause) {
		if (ExportFailures.isCausedBy(cause, ConnectException.class)) {
			return ExportFailures.connectionRefused(endpoint.url());
		}
		if (ExportFailures.isCausedBy(cause, SSLException.class)) {
			return ExportFailures.tlsHandshake();
		}
		if (endpoint.port() == ExportFailures.HTTP_PORT) {
			return "the collector at " + endpoint.url() + " is unreachable or does not speak OTLP/gRPC; port 4318 is"
					+ " usually OTLP/HTTP: set " + ExportFailures.PROTOCOL_PROPERTY + "=http/protobuf";
		}
		return "the collector at " + endpoint.url() + " is unreachable or temporarily unavailable";
	}

	/**
	 * Reads the delay of a {@code google.rpc.RetryInfo} in the status details the server
	 * sent with a failure.
	 * @param failure the failure
	 * @return the delay in nanoseconds, or -1 when there is none
	 */
	static long retryDelayNanos(Throwable failure) {
		com.google.rpc.Status details = StatusProto.fromThrowable(failure);
		if (details == null) {
			return -1;
		}
		for (Any detail : details.getDetailsList()) {
			if (detail.is(RetryInfo.class)) {
				try {
					com.google.protobuf.Duration delay = detail.unpack(RetryInfo.class).getRetryDelay();
					long nanos = TimeUnit.SECONDS.toNanos(delay.getSeconds()) + delay.getNanos();
					return (nanos >= 0) ? nanos : -1;
				}
				catch (InvalidProtocolBufferException ex) {
					return -1;
				}
			}
		}
		return -1;
	}

	/**
	 * Turns gRPC's callbacks, which arrive on a gRPC executor thread, into one outcome:
	 * at most one response, then the call's close, successful or not.
	 */
	private final class ResponseListener extends ClientCall.Listener<byte[]> {

		private final Consumer<AttemptOutcome> callback;

		// The callback must see each call once, even if a synchronous exception and a
		// callback both report the same failure.
		private final AtomicBoolean finished = new AtomicBoolean();

		private volatile byte @Nullable [] response;

		ResponseListener(Consumer<AttemptOutcome> callback) {
			this.callback = callback;
		}

		@Override
		public void onMessage(byte[] message) {
			this.response = message;
		}

		@Override
		public void onClose(Status status, Metadata trailers) {
			finish(status.isOk() ? ExportResponse.accepted(this.response)
					: classify(status.asRuntimeException(trailers)));
		}

		void finish(AttemptOutcome outcome) {
			if (this.finished.compareAndSet(false, true)) {
				this.callback.accept(outcome);
			}
		}

	}

	/**
	 * Sends an encoded request as it is. The stream tells gRPC its length and drains
	 * straight from the encoder's buffer into gRPC's frame buffer: the bytes are copied
	 * once, by gRPC, and never into an array of their own.
	 */
	private static final class RequestMarshaller implements MethodDescriptor.Marshaller<EncodedRequest> {

		@Override
		public InputStream stream(EncodedRequest value) {
			return new SerializedRequest(value.bytes(), value.length());
		}

		@Override
		public EncodedRequest parse(InputStream stream) {
			// Only a server parses requests.
			throw new UnsupportedOperationException("The exporter does not receive requests");
		}

	}

	/**
	 * Hands the answer over as bytes.
	 */
	private static final class ResponseMarshaller implements MethodDescriptor.Marshaller<byte[]> {

		@Override
		public InputStream stream(byte[] value) {
			throw new UnsupportedOperationException("The exporter does not send answers");
		}

		@Override
		public byte[] parse(InputStream stream) {
			// The answers are small (a partial success at most).
			try {
				return stream.readAllBytes();
			}
			catch (IOException ex) {
				throw Status.INTERNAL.withDescription("Could not read an answer").withCause(ex).asRuntimeException();
			}
		}

	}

	private static final class SerializedRequest extends ByteArrayInputStream implements KnownLength, Drainable {

		SerializedRequest(byte[] bytes, int length) {
			super(bytes, 0, length);
		}

		@Override
		public int drainTo(OutputStream target) throws IOException {
			int length = this.count - this.pos;
			target.write(this.buf, this.pos, length);
			this.pos = this.count;
			return length;
		}

	}

}

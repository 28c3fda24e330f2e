package dev.telemetry.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * A minimal OTLP receiver for the end-to-end overhead script: accepts traces over
 * OTLP/gRPC (what this starter sends) and OTLP/HTTP protobuf (what Spring Boot's
 * OpenTelemetry support sends), on 127.0.0.1 only, counts the spans of each request
 * without decoding them, and answers success. Any other OTLP/HTTP signal is accepted and
 * discarded. {@code GET /stats} on the HTTP port answers {@code spans=<n> requests=<n>}.
 * <p>
 * Usage: {@code java -cp benchmarks.jar dev.telemetry.benchmarks.OtlpSink [grpcPort]
 * [httpPort]} (defaults 4317 and 4318). Before it prints {@code ready} it sends itself
 * requests over both protocols until its own code is compiled, so that the first variant
 * measured does not pay for the sink's warm-up. Stops on SIGTERM or after one hour.
 */
public final class OtlpSink {

	private static final long MAX_LIFETIME_MINUTES = 60;

	// Enough for the JIT to compile the per-request code of both paths.
	private static final int WARM_UP_REQUESTS = 3_000;

	private static final Duration MAX_WARM_UP = Duration.ofSeconds(30);

	private final AtomicLong spans = new AtomicLong();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong metricRequests = new AtomicLong();

	private final Server grpc;

	private final HttpServer http;

	private final ExecutorService httpThreads = Executors.newFixedThreadPool(2);

	OtlpSink(int grpcPort, int httpPort) throws IOException {
		this.grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", grpcPort))
			.addService(traceService())
			.addService(metricsService())
			.build();
		this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 64);
		this.http.createContext("/", this::handle);
		this.http.setExecutor(this.httpThreads);
	}

	public static void main(String[] args) throws Exception {
		int grpcPort = (args.length > 0) ? Integer.parseInt(args[0]) : 4317;
		int httpPort = (args.length > 1) ? Integer.parseInt(args[1]) : 4318;
		OtlpSink sink = new OtlpSink(grpcPort, httpPort);
		sink.start();
		sink.warmUp(WARM_UP_REQUESTS, MAX_WARM_UP);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			sink.stop();
			stopped.countDown();
		}));
		System.out.println("OTLP sink listening on 127.0.0.1:" + grpcPort + " (gRPC) and 127.0.0.1:" + httpPort
				+ " (HTTP), ready");
		if (!stopped.await(MAX_LIFETIME_MINUTES, TimeUnit.MINUTES)) {
			System.out.println("OTLP sink stopping after " + MAX_LIFETIME_MINUTES + " minutes");
			System.exit(0);
		}
	}

	void start() throws IOException {
		this.grpc.start();
		this.http.start();
	}

	void stop() {
		this.http.stop(0);
		this.httpThreads.shutdownNow();
		this.grpc.shutdownNow();
		System.out.println("OTLP sink received " + stats());
	}

	/**
	 * Sends this sink small export requests over gRPC and HTTP, alternately, then forgets
	 * them: its counters read zero afterwards.
	 * @param requests how many requests over each protocol
	 * @param limit when to stop even if not all were sent
	 * @throws Exception if a request fails
	 */
	void warmUp(int requests, Duration limit) throws Exception {
		byte[] body = warmUpRequest().toByteArray();
		long deadline = System.nanoTime() + limit.toNanos();
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort()).usePlaintext().build();
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + "/v1/traces"))
			.header("Content-Type", "application/x-protobuf")
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		try {
			MethodDescriptor<byte[], byte[]> export = exportMethod();
			for (int i = 0; i < requests && System.nanoTime() < deadline; i++) {
				ClientCalls.blockingUnaryCall(channel, export,
						CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), body);
				HttpResponse<Void> response = client.send(post, HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() != 200) {
					throw new IOException("warm-up request answered " + response.statusCode());
				}
			}
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		this.spans.set(0);
		this.requests.set(0);
		this.metricRequests.set(0);
	}

	// As large as the exporters' batches (512 spans with a dozen attributes), since
	// large messages take other paths through gRPC and the HTTP server than small ones.
	private static ExportTraceServiceRequest warmUpRequest() {
		ScopeSpans.Builder scope = ScopeSpans.newBuilder();
		for (int i = 0; i < 512; i++) {
			Span.Builder span = Span.newBuilder()
				.setTraceId(ByteString.copyFrom(new byte[16]))
				.setSpanId(ByteString.copyFrom(new byte[8]))
				.setName("GET /warm-up/{id}");
			for (int a = 0; a < 12; a++) {
				span.addAttributes(KeyValue.newBuilder()
					.setKey("warm.up.attribute." + a)
					.setValue(AnyValue.newBuilder().setStringValue("value " + i)));
			}
			scope.addSpans(span);
		}
		return ExportTraceServiceRequest.newBuilder()
			.addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope))
			.build();
	}

	String stats() {
		return "spans=" + this.spans.get() + " requests=" + this.requests.get() + " metricRequests="
				+ this.metricRequests.get();
	}

	long spans() {
		return this.spans.get();
	}

	int grpcPort() {
		return this.grpc.getPort();
	}

	int httpPort() {
		return this.http.getAddress().getPort();
	}

	private void received(byte[] request) throws IOException {
		this.spans.addAndGet(countSpans(request));
		this.requests.incrementAndGet();
	}

	/**
	 * Counts the spans of an encoded {@code ExportTraceServiceRequest} without decoding
	 * them: the sink shares the machine with what it measures, so it does as little as it
	 * can.
	 * @param request the encoded request
	 * @return the number of spans
	 * @throws IOException if the bytes are not a request
	 */
	static long countSpans(byte[] request) throws IOException {
		CodedInputStream in = CodedInputStream.newInstance(request);
		long count = 0;
		while (!in.isAtEnd()) {
			int tag = in.readTag();
			if (WireFormat.getTagFieldNumber(tag) == ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER
					&& WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
				int resourceEnd = in.pushLimit(in.readRawVarint32());
				while (!in.isAtEnd()) {
					int inner = in.readTag();
					if (WireFormat.getTagFieldNumber(inner) == ResourceSpans.SCOPE_SPANS_FIELD_NUMBER
							&& WireFormat.getTagWireType(inner) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
						int scopeEnd = in.pushLimit(in.readRawVarint32());
						while (!in.isAtEnd()) {
							int field = in.readTag();
							if (WireFormat.getTagFieldNumber(field) == ScopeSpans.SPANS_FIELD_NUMBER) {
								count++;
							}
							in.skipField(field);
						}
						in.popLimit(scopeEnd);
					}
					else {
						in.skipField(inner);
					}
				}
				in.popLimit(resourceEnd);
			}
			else if (!in.skipField(tag)) {
				break;
			}
		}
		return count;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			if ("GET".equals(exchange.getRequestMethod()) && "/stats".equals(path)) {
				respond(exchange, 200, "text/plain", stats().getBytes(StandardCharsets.UTF_8));
				return;
			}
			if (!"POST".equals(exchange.getRequestMethod())) {
				respond(exchange, 405, "text/plain", new byte[0]);
				return;
			}
			byte[] bytes;
			try {
				InputStream body = exchange.getRequestBody();
				if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
					body = new GZIPInputStream(body);
				}
				bytes = body.readAllBytes();
				if ("/v1/traces".equals(path)) {
					received(bytes);
				}
				else if ("/v1/metrics".equals(path)) {
					this.metricRequests.incrementAndGet();
				}
			}
			catch (IOException | RuntimeException ex) {
				respond(exchange, 400, "text/plain", new byte[0]);
				return;
			}
			// An empty Export*ServiceResponse encodes as zero bytes; metrics are counted
			// and discarded, logs discarded.
			respond(exchange, 200, "application/x-protobuf", new byte[0]);
		}
	}

	private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	// The OTLP/gRPC trace service, with requests kept as bytes: counted, never decoded.
	private ServerServiceDefinition traceService() {
		return ServerServiceDefinition.builder(TraceServiceGrpc.SERVICE_NAME)
			.addMethod(exportMethod(), ServerCalls.asyncUnaryCall((request, response) -> {
				try {
					received(request);
					response.onNext(new byte[0]);
					response.onCompleted();
				}
				catch (IOException ex) {
					response.onError(Status.INVALID_ARGUMENT.withCause(ex).asRuntimeException());
				}
			}))
			.build();
	}

	// The OTLP/gRPC metrics service: requests counted and discarded, so that metric
	// export costs the application what it would against a collector.
	private ServerServiceDefinition metricsService() {
		return ServerServiceDefinition.builder(MetricsServiceGrpc.SERVICE_NAME)
			.addMethod(exportMethod(MetricsServiceGrpc.getExportMethod().getFullMethodName()),
					ServerCalls.asyncUnaryCall((request, response) -> {
						this.metricRequests.incrementAndGet();
						response.onNext(new byte[0]);
						response.onCompleted();
					}))
			.build();
	}

	private static MethodDescriptor<byte[], byte[]> exportMethod() {
		return exportMethod(TraceServiceGrpc.getExportMethod().getFullMethodName());
	}

	private static MethodDescriptor<byte[], byte[]> exportMethod(String fullMethodName) {
		return MethodDescriptor.<byte[], byte[]>newBuilder()
			.setType(MethodDescriptor.MethodType.UNARY)
			.setFullMethodName(fullMethodName)
			.setRequestMarshaller(BytesMarshaller.INSTANCE)
			.setResponseMarshaller(BytesMarshaller.INSTANCE)
			.build();
	}

	private enum BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {

		INSTANCE;

		@Override
		public InputStream stream(byte[] value) {
			return new ByteArrayInputStream(value);
		}

		@Override
		public byte[] parse(InputStream stream) {
			try {
				return stream.readAllBytes();
			}
			catch (IOException ex) {
				throw Status.INTERNAL.withCause(ex).asRuntimeException();
			}
		}

	}

}

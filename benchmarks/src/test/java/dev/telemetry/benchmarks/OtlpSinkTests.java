package dev.telemetry.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end script's sink counts what both kinds of exporter send it: OTLP/gRPC and
 * OTLP/HTTP (plain and gzip), on loopback.
 */
@Timeout(60)
class OtlpSinkTests {

	private OtlpSink sink;

	private HttpClient http;

	@BeforeEach
	void start() throws IOException {
		this.sink = new OtlpSink(0, 0);
		this.sink.start();
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	}

	@AfterEach
	void stop() {
		this.sink.stop();
	}

	@Test
	void countsTheSpansOfEveryRequest() throws Exception {
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", this.sink.grpcPort())
			.usePlaintext()
			.build();
		try {
			TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).export(request(3));
			MetricsServiceGrpc.newBlockingStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.export(ExportMetricsServiceRequest.getDefaultInstance());
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		assertThat(post("/v1/traces", request(2).toByteArray(), false).statusCode()).isEqualTo(200);
		ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
			request(4).writeTo(gzip);
		}
		assertThat(post("/v1/traces", gzipped.toByteArray(), true).statusCode()).isEqualTo(200);
		assertThat(post("/v1/metrics", new byte[] { 1, 2, 3 }, false).statusCode()).isEqualTo(200);

		HttpResponse<String> stats = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.sink.httpPort() + "/stats")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(stats.body()).isEqualTo("spans=9 requests=3 metricRequests=2");
	}

	@Test
	void countsSpansAcrossResourcesAndScopes() throws IOException {
		ExportTraceServiceRequest request = request(2).toBuilder()
			.addResourceSpans(request(3).getResourceSpans(0)
				.toBuilder()
				.addScopeSpans(request(4).getResourceSpans(0).getScopeSpans(0)))
			.build();
		assertThat(OtlpSink.countSpans(request.toByteArray())).isEqualTo(9);
		assertThat(OtlpSink.countSpans(new byte[0])).isZero();
	}

	@Test
	void warmsUpOverBothProtocolsAndForgetsIt() throws Exception {
		this.sink.warmUp(50, Duration.ofSeconds(20));

		assertThat(this.sink.stats()).isEqualTo("spans=0 requests=0 metricRequests=0");
		assertThat(post("/v1/traces", request(2).toByteArray(), false).statusCode()).isEqualTo(200);
		assertThat(this.sink.spans()).isEqualTo(2);
	}

	@Test
	void answersBadRequestToWhatIsNotOtlp() throws Exception {
		assertThat(post("/v1/traces", new byte[] { (byte) 0xFF, 0x01 }, false).statusCode()).isEqualTo(400);
		assertThat(this.sink.spans()).isZero();
	}

	private HttpResponse<String> post(String path, byte[] body, boolean gzip) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.sink.httpPort() + path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/x-protobuf")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (gzip) {
			request.header("Content-Encoding", "gzip");
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static ExportTraceServiceRequest request(int spans) {
		ScopeSpans.Builder scope = ScopeSpans.newBuilder();
		for (int i = 0; i < spans; i++) {
			scope.addSpans(Span.newBuilder()
				.setName("span " + i)
				.setTraceId(ByteString.copyFrom(new byte[16]))
				.setSpanId(ByteString.copyFrom(new byte[8])));
		}
		return ExportTraceServiceRequest.newBuilder()
			.addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope))
			.build();
	}

}

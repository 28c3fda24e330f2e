package dev.telemetry.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.telemetry.sdk.export.otlp.ExporterStatistics;
import dev.telemetry.sdk.export.otlp.OtlpHttpSpanExporter;
import dev.telemetry.sdk.trace.export.SpanExporter;
import dev.telemetry.testing.OtlpHttpTestReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Boots the sample application with the OTLP/HTTP transport against a real OTLP/HTTP
 * receiver on loopback that wants a bearer token, with gzip on, and checks what arrives
 * and that a collector hiccup costs nothing but a retry.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "telemetry.tracing.batch.schedule-delay=100ms",
				"telemetry.exporter.otlp.compression=gzip", "telemetry.exporter.otlp.retry.initial-backoff=50ms",
				"telemetry.exporter.otlp.retry.max-backoff=200ms" })
@Timeout(60)
class HttpExportIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final String TOKEN = "sample-token";

	private static final OtlpHttpTestReceiver receiver = OtlpHttpTestReceiver.start();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private SpanExporter exporter;

	@DynamicPropertySource
	static void exportToReceiver(DynamicPropertyRegistry registry) {
		receiver.requireBearerToken(TOKEN);
		// Registered properties rank above the sample's application.yml, which names
		// a gRPC endpoint.
		registry.add("telemetry.exporter.otlp.protocol", () -> "http/protobuf");
		registry.add("telemetry.exporter.otlp.endpoint", receiver::endpoint);
		registry.add("telemetry.exporter.otlp.headers.authorization", () -> "Bearer " + TOKEN);
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void requestSpansArriveOverOtlpHttpGzippedWithTheConfiguredHeader() throws Exception {
		assertThat(this.exporter).isInstanceOf(OtlpHttpSpanExporter.class);

		assertThat(get("/hello").statusCode()).isEqualTo(200);

		List<Span> spans = receiver.awaitSpans((all) -> all.stream().anyMatch(this::isHello), WAIT);
		Span hello = spans.stream().filter(this::isHello).findFirst().orElseThrow();
		assertThat(hello.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
		assertThat(receiver.contentEncodings()).contains("gzip").doesNotContain("identity");
		assertThat(receiver.headers()).allSatisfy((headers) -> {
			assertThat(headers).containsEntry("content-type", List.of("application/x-protobuf"));
			assertThat(headers).containsEntry("authorization", List.of("Bearer " + TOKEN));
		});
	}

	@Test
	void anUnavailableCollectorIsRetriedAndTheSpanStillArrives() throws Exception {
		OtlpHttpSpanExporter httpExporter = (OtlpHttpSpanExporter) this.exporter;
		long retriesBefore = httpExporter.getStatistics().retries();
		receiver.failNextWithRetryAfter(1, 503, Duration.ZERO);

		assertThat(get("/orders/1").statusCode()).isEqualTo(200);

		receiver.awaitSpans((all) -> all.stream().anyMatch((span) -> span.getName().equals("GET /orders/{id}")), WAIT);
		await().atMost(WAIT).untilAsserted(() -> {
			ExporterStatistics statistics = httpExporter.getStatistics();
			assertThat(statistics.retries()).isGreaterThan(retriesBefore);
			assertThat(statistics.lastErrorKind()).isEqualTo("HTTP 503");
			assertThat(statistics.lastSuccessTime()).isAfter(statistics.lastErrorTime());
		});
	}

	private boolean isHello(Span span) {
		return span.getName().equals("GET /hello");
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(20))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}

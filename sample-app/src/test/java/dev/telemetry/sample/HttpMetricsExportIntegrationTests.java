package dev.telemetry.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.telemetry.sdk.export.otlp.OtlpHttpMetricExporter;
import dev.telemetry.sdk.metrics.export.MetricExporter;
import dev.telemetry.testing.OtlpHttpTestReceiver;
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
 * Boots the sample application exporting metrics over OTLP/HTTP (the metrics protocol
 * only; spans keep gRPC) to a real receiver on loopback that wants a bearer token, and
 * checks that the counter arrives gzipped at {@code /v1/metrics}, and that a collector
 * answering 503 and then OK ends with the exact cumulative total.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "telemetry.metrics.export.interval=200ms",
				"telemetry.metrics.export.timeout=1s", "telemetry.exporter.otlp.metrics.protocol=http/protobuf",
				"telemetry.exporter.otlp.metrics.compression=gzip", "telemetry.exporter.otlp.retry.enabled=false" })
@Timeout(60)
class HttpMetricsExportIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final String TOKEN = "metrics-token";

	private static final OtlpHttpTestReceiver receiver = OtlpHttpTestReceiver.start();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private MetricExporter exporter;

	@DynamicPropertySource
	static void exportToReceiver(DynamicPropertyRegistry registry) {
		receiver.requireBearerToken(TOKEN);
		registry.add("telemetry.exporter.otlp.metrics.endpoint", receiver::endpoint);
		registry.add("telemetry.exporter.otlp.metrics.headers.authorization", () -> "Bearer " + TOKEN);
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void theCounterArrivesOverHttpAndIsExactAfterA503() throws Exception {
		assertThat(this.exporter).isInstanceOf(OtlpHttpMetricExporter.class);
		assertThat(((OtlpHttpMetricExporter) this.exporter).getMetricsUrl())
			.isEqualTo(receiver.endpoint() + OtlpHttpTestReceiver.METRICS_PATH);
		lookUp(2);
		receiver.awaitMetrics((all) -> OtlpMetrics.lastTotal(all, "found").orElse(-1) == 2, WAIT);
		assertThat(receiver.contentEncodings()).contains("gzip").doesNotContain("identity");
		assertThat(receiver.headers()).allSatisfy((headers) -> {
			assertThat(headers).containsEntry("content-type", List.of("application/x-protobuf"));
			assertThat(headers).containsEntry("authorization", List.of("Bearer " + TOKEN));
		});

		receiver.respondWith(503);
		int callsBefore = receiver.callCount();
		lookUp(3);
		receiver.awaitCalls(callsBefore + 2, WAIT);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(((OtlpHttpMetricExporter) this.exporter).getStatistics().lastErrorKind())
				.isEqualTo("HTTP 503"));
		receiver.respondWith(200);

		receiver.awaitMetrics((all) -> OtlpMetrics.lastTotal(all, "found").orElse(-1) == 5, WAIT);
	}

	private void lookUp(int times) throws Exception {
		for (int i = 0; i < times; i++) {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/orders/1"))
				.timeout(Duration.ofSeconds(20))
				.build();
			assertThat(this.http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		}
	}

}

package dev.telemetry.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server scrapes the sample application's {@code telemetryprometheus}
 * endpoint every second; the test asks Prometheus's HTTP API for what it stored.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "telemetry.metrics.prometheus.enabled=true",
				"management.endpoints.web.exposure.include=health,telemetryprometheus",
				// Pull only: nothing is pushed anywhere, and exemplars come from the
				// sampled spans, not from their export.
				"telemetry.exporter.type=none", "telemetry.metrics.export.enabled=false" })
@Timeout(120)
class PrometheusScrapeIntegrationTests {

	private static final String ENDPOINT = "/actuator/telemetryprometheus";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Test
	void endpointAnswersInTheFormatTheScraperAsksFor() throws Exception {
		get("/hello", "Accept", "*/*");
		HttpResponse<String> openMetrics = get(ENDPOINT, "Accept",
				"application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
		assertThat(openMetrics.statusCode()).isEqualTo(200);
		assertThat(openMetrics.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/openmetrics-text").contains("version=1.0.0"));
		assertThat(openMetrics.body()).contains("# TYPE target info").endsWith("# EOF\n");
		HttpResponse<String> text = get(ENDPOINT, "Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1");
		assertThat(text.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
		assertThat(text.body()).contains("# TYPE target_info gauge").doesNotContain("# EOF");
	}

	@Test
	void prometheusStoresTheRequestHistogramJvmMetricsResourceAndExemplars() throws Exception {
		Path binary = PrometheusServer.assumeInstalled();
		int requests = 7;
		Set<String> traceIds = new HashSet<>();
		for (int i = 0; i < requests; i++) {
			// A sampled caller's trace id, so the exemplar can be matched to a request.
			String traceId = "%032x".formatted(0x5eed0000L + i);
			traceIds.add(traceId);
			assertThat(
					get("/orders/" + (1 + i % 2), "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").statusCode())
				.isEqualTo(200);
		}
		try (PrometheusServer prometheus = PrometheusServer.start(binary, this.port, ENDPOINT)) {
			String count = "sum(http_server_request_duration_seconds_count{http_route=\"/orders/{id}\"})";
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(250))
				.untilAsserted(() -> assertThat(value(prometheus.query(count)))
					.as("Prometheus log: %s; target: %s", prometheus.log(), prometheus.targetHealth())
					.isEqualTo(requests));
			double p99 = value(prometheus.query("histogram_quantile(0.99, sum by (le) "
					+ "(http_server_request_duration_seconds_bucket{http_route=\"/orders/{id}\"}))"));
			assertThat(p99).isPositive().isLessThanOrEqualTo(10.0);
			assertThat(prometheus.query("jvm_memory_used_bytes")).isNotEmpty();
			JsonNode targetInfo = prometheus.query("target_info{service_name=\"sample-app\"}");
			assertThat(targetInfo).hasSize(1);
			assertThat(targetInfo.get(0).get("metric").get("service_version").asString()).isEqualTo("0.1.0");
			JsonNode series = prometheus.query("http_server_request_duration_seconds_count").get(0).get("metric");
			assertThat(series.get("otel_scope_name").asString()).isNotEmpty();
			await().atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(250))
				.untilAsserted(() -> assertThat(exemplarTraceIds(prometheus
					.queryExemplars("http_server_request_duration_seconds_bucket{http_route=\"/orders/{id}\"}")))
					.containsAnyElementsOf(traceIds));
		}
	}

	private static double value(JsonNode result) {
		assertThat(result).as("query result").isNotEmpty();
		return Double.parseDouble(result.get(0).get("value").get(1).asString());
	}

	private static Set<String> exemplarTraceIds(JsonNode data) {
		Set<String> ids = new HashSet<>();
		for (JsonNode series : data) {
			for (JsonNode exemplar : series.get("exemplars")) {
				JsonNode traceId = exemplar.get("labels").get("trace_id");
				if (traceId != null) {
					ids.add(traceId.asString());
				}
			}
		}
		return ids;
	}

	private HttpResponse<String> get(String path, String header, String value) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.header(header, value)
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}

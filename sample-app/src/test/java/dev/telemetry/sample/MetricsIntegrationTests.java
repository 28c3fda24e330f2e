package dev.telemetry.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import dev.telemetry.testing.OtlpTestReceiver;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.telemetry.sample.OtlpMetrics.attributes;
import static dev.telemetry.sample.OtlpMetrics.hasHistogramPoint;
import static dev.telemetry.sample.OtlpMetrics.histogramPoints;
import static dev.telemetry.sample.OtlpMetrics.latest;
import static dev.telemetry.sample.OtlpMetrics.sumPoints;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the sample application against a real OTLP/gRPC receiver on loopback and checks
 * the metrics that arrive: the semantic-convention metrics of every boundary, the JVM's,
 * the bridged Micrometer counter, exemplars that point at the request's trace, and
 * attribute names and types as the conventions define them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "telemetry.tracing.batch.schedule-delay=100ms",
				"telemetry.metrics.export.interval=200ms" })
@Timeout(180)
class MetricsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final OtlpTestReceiver receiver = OtlpTestReceiver.start();

	/**
	 * The attributes each metric may carry, with their OTLP types, as the semantic
	 * conventions define them (http/metrics, database/metrics, jvm/metrics).
	 */
	private static final Map<String, Map<String, AnyValue.ValueCase>> CONVENTIONS = conventions();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void exportToReceiver(DynamicPropertyRegistry registry) {
		registry.add("telemetry.exporter.otlp.endpoint", receiver::endpoint);
		registry.add("telemetry.exporter.otlp.protocol", () -> "grpc");
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void everyBoundaryIsMeasuredBySemanticConventions() throws Exception {
		assertThat(get("/orders/1").statusCode()).isEqualTo(200);
		assertThat(get("/chain").statusCode()).isEqualTo(200);
		assertThat(get("/boom").statusCode()).isEqualTo(500);
		List<Metric> metrics = receiver
			.awaitMetrics((all) -> hasHistogramPoint(all, "http.server.request.duration", "http.route", "/boom")
					&& hasHistogramPoint(all, "http.server.request.duration", "http.route", "/orders/{id}")
					&& hasHistogramPoint(all, "http.server.request.duration", "http.route", "/chain")
					&& !histogramPoints(all, "http.client.request.duration").isEmpty()
					&& !histogramPoints(all, "db.client.operation.duration").isEmpty()
					&& latest(all, "sample.order.views").isPresent(), WAIT);

		List<HistogramDataPoint> server = histogramPoints(metrics, "http.server.request.duration");
		assertThat(server)
			.anySatisfy((point) -> assertThat(attributes(point)).containsEntry("http.route", "/orders/{id}")
				.containsEntry("http.request.method", "GET")
				.containsEntry("http.response.status_code", 200L)
				.containsEntry("url.scheme", "http")
				.containsEntry("network.protocol.version", "1.1")
				.doesNotContainKey("error.type"));
		assertThat(server).anySatisfy((point) -> assertThat(attributes(point)).containsEntry("http.route", "/boom")
			.containsEntry("http.response.status_code", 500L)
			.containsEntry("error.type", "java.lang.IllegalStateException"));
		assertThat(server).filteredOn((point) -> "/chain".equals(attributes(point).get("http.route")))
			.singleElement()
			.satisfies((point) -> assertThat(point.getCount()).isEqualTo(1));
		Metric serverMetric = latest(metrics, "http.server.request.duration").orElseThrow();
		assertThat(serverMetric.getUnit()).isEqualTo("s");
		assertThat(server.get(0).getExplicitBoundsList()).containsExactly(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25,
				0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

		// The /chain handler called /hello with RestClient and with WebClient.
		assertThat(histogramPoints(metrics, "http.client.request.duration")).anySatisfy((point) -> {
			assertThat(attributes(point)).containsEntry("http.request.method", "GET")
				.containsEntry("server.address", "127.0.0.1")
				.containsEntry("server.port", (long) this.port)
				.containsEntry("http.response.status_code", 200L);
			assertThat(point.getCount()).isEqualTo(2);
		});
		assertThat(histogramPoints(metrics, "db.client.operation.duration"))
			.anySatisfy((point) -> assertThat(attributes(point)).containsEntry("db.system.name", "h2database")
				.containsEntry("db.operation.name", "SELECT")
				.containsEntry("db.collection.name", "orders"));
		assertThat(sumPoints(metrics, "http.server.active_requests")).isNotEmpty();

		Metric lookups = latest(metrics, "sample.order.views").orElseThrow();
		assertThat(lookups.getSum().getIsMonotonic()).isTrue();
		assertThat(lookups.getSum().getAggregationTemporality())
			.isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
		assertThat(lookups.getSum().getDataPoints(0).getAsDouble()).isGreaterThanOrEqualTo(1.0);
		// Measured by the semantic conventions above, so not bridged a second time.
		assertThat(metrics).noneMatch((metric) -> metric.getName().equals("http.server.requests")
				|| metric.getName().equals("http.client.requests"));
	}

	@Test
	void jvmRuntimeMetricsAreExported() {
		List<Metric> metrics = receiver.awaitMetrics((all) -> latest(all, "jvm.memory.used").isPresent()
				&& latest(all, "jvm.thread.count").isPresent() && latest(all, "jvm.cpu.time").isPresent(), WAIT);
		assertThat(sumPoints(metrics, "jvm.memory.used"))
			.anySatisfy((point) -> assertThat(attributes(point)).containsEntry("jvm.memory.type", "heap")
				.containsKey("jvm.memory.pool.name"));
		assertThat(sumPoints(metrics, "jvm.thread.count"))
			.anySatisfy((point) -> assertThat(attributes(point)).containsEntry("jvm.thread.daemon", true)
				.containsKey("jvm.thread.state"));
		assertThat(latest(metrics, "jvm.class.loaded")).isPresent();
		assertThat(latest(metrics, "jvm.cpu.count")).isPresent();
		// Micrometer's own JVM meters are left out while these are on.
		assertThat(metrics).noneMatch(
				(metric) -> metric.getName().equals("jvm.memory.max") || metric.getName().equals("jvm.threads.live"));
	}

	@Test
	void orderHistogramHasAnExemplarOfTheRequestTrace() throws Exception {
		assertThat(get("/orders/2").statusCode()).isEqualTo(200);
		Span span = OtlpSpans.awaitSpan(receiver, (s) -> s.getName().equals("GET /orders/{id}")
				&& "/orders/2".equals(OtlpSpans.attributes(s).get("url.path")), WAIT);
		List<Metric> metrics = receiver
			.awaitMetrics((all) -> OtlpMetrics.everyHistogramPoint(all, "http.server.request.duration")
				.stream()
				.anyMatch((point) -> hasExemplarOf(point, span)), WAIT);
		HistogramDataPoint point = OtlpMetrics.everyHistogramPoint(metrics, "http.server.request.duration")
			.stream()
			.filter((p) -> hasExemplarOf(p, span))
			.findFirst()
			.orElseThrow();
		assertThat(attributes(point)).containsEntry("http.route", "/orders/{id}");
		assertThat(point.getExemplarsList()).anySatisfy((exemplar) -> {
			assertThat(exemplar.getTraceId()).isEqualTo(span.getTraceId());
			assertThat(exemplar.getSpanId()).isEqualTo(span.getSpanId());
		});
	}

	private static boolean hasExemplarOf(HistogramDataPoint point, Span span) {
		return point.getExemplarsList()
			.stream()
			.anyMatch((exemplar) -> exemplar.getTraceId().equals(span.getTraceId()));
	}

	@Test
	void tenThousandIdsMakeOneRouteSeries() throws Exception {
		int requests = 10_000;
		Semaphore inFlight = new Semaphore(16);
		List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>(requests);
		for (int id = 100_000; id < 100_000 + requests; id++) {
			inFlight.acquire();
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/orders/" + id))
				.build();
			responses.add(this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
				.whenComplete((response, failure) -> inFlight.release()));
		}
		CompletableFuture.allOf(responses.toArray(new CompletableFuture<?>[0])).join();
		assertThat(responses).allSatisfy((response) -> assertThat(response.join().statusCode()).isEqualTo(404));

		List<Metric> metrics = receiver
			.awaitMetrics((all) -> histogramPoints(all, "http.server.request.duration").stream()
				.anyMatch((point) -> "/orders/{id}".equals(attributes(point).get("http.route"))
						&& Long.valueOf(404).equals(attributes(point).get("http.response.status_code"))
						&& point.getCount() >= requests),
					WAIT);
		List<HistogramDataPoint> orders = histogramPoints(metrics, "http.server.request.duration").stream()
			.filter((point) -> String.valueOf(attributes(point).get("http.route")).startsWith("/orders"))
			.toList();
		Set<Object> routes = new HashSet<>();
		orders.forEach((point) -> routes.add(attributes(point).get("http.route")));
		assertThat(routes).containsExactly("/orders/{id}");
		assertThat(orders)
			.filteredOn((point) -> Long.valueOf(404).equals(attributes(point).get("http.response.status_code")))
			.singleElement();
		// No attribute value anywhere carries an id.
		assertThat(metrics).allSatisfy((metric) -> assertThat(metric.toString()).doesNotContain("/orders/100"));
	}

	@Test
	void attributeNamesAndTypesFollowTheSemanticConventions() throws Exception {
		assertThat(get("/orders/1").statusCode()).isEqualTo(200);
		assertThat(get("/chain").statusCode()).isEqualTo(200);
		assertThat(get("/boom").statusCode()).isEqualTo(500);
		List<Metric> metrics = receiver.awaitMetrics(
				(all) -> CONVENTIONS.keySet().stream().allMatch((name) -> latest(all, name).isPresent()), WAIT);
		for (Map.Entry<String, Map<String, AnyValue.ValueCase>> convention : CONVENTIONS.entrySet()) {
			Metric metric = latest(metrics, convention.getKey()).orElseThrow();
			for (List<KeyValue> attributes : attributeLists(metric)) {
				assertThat(attributes).allSatisfy((keyValue) -> {
					assertThat(convention.getValue()).as("attributes of %s", metric.getName())
						.containsKey(keyValue.getKey());
					assertThat(keyValue.getValue().getValueCase())
						.as("type of %s on %s", keyValue.getKey(), metric.getName())
						.isEqualTo(convention.getValue().get(keyValue.getKey()));
				});
			}
		}
	}

	private static List<List<KeyValue>> attributeLists(Metric metric) {
		return switch (metric.getDataCase()) {
			case HISTOGRAM ->
				metric.getHistogram().getDataPointsList().stream().map(HistogramDataPoint::getAttributesList).toList();
			case SUM -> metric.getSum().getDataPointsList().stream().map(NumberDataPoint::getAttributesList).toList();
			case GAUGE ->
				metric.getGauge().getDataPointsList().stream().map(NumberDataPoint::getAttributesList).toList();
			default -> List.of();
		};
	}

	private static Map<String, Map<String, AnyValue.ValueCase>> conventions() {
		AnyValue.ValueCase string = AnyValue.ValueCase.STRING_VALUE;
		AnyValue.ValueCase integer = AnyValue.ValueCase.INT_VALUE;
		AnyValue.ValueCase bool = AnyValue.ValueCase.BOOL_VALUE;
		Map<String, Map<String, AnyValue.ValueCase>> conventions = new LinkedHashMap<>();
		conventions.put("http.server.request.duration",
				Map.of("http.request.method", string, "http.route", string, "http.response.status_code", integer,
						"url.scheme", string, "error.type", string, "network.protocol.version", string));
		conventions.put("http.server.active_requests", Map.of("http.request.method", string, "url.scheme", string));
		conventions.put("http.client.request.duration",
				Map.of("http.request.method", string, "server.address", string, "server.port", integer,
						"http.response.status_code", integer, "error.type", string, "url.template", string));
		conventions.put("db.client.operation.duration",
				Map.of("db.system.name", string, "db.operation.name", string, "db.collection.name", string,
						"db.namespace", string, "server.address", string, "server.port", integer, "error.type",
						string));
		conventions.put("jvm.memory.used", Map.of("jvm.memory.type", string, "jvm.memory.pool.name", string));
		conventions.put("jvm.memory.committed", Map.of("jvm.memory.type", string, "jvm.memory.pool.name", string));
		conventions.put("jvm.thread.count", Map.of("jvm.thread.daemon", bool, "jvm.thread.state", string));
		conventions.put("jvm.class.count", Map.of());
		conventions.put("jvm.cpu.time", Map.of());
		return conventions;
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}

package dev.telemetry.autoconfigure.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.telemetry.testing.OtlpTestReceiver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code metrics} part of the {@code telemetry} endpoint, its flush of metrics, and
 * the SDK's self-metrics, in a real web application on a random port of 127.0.0.1 that
 * exports spans and metrics to a real OTLP/gRPC receiver on loopback. Metrics and spans
 * are exported only when the test flushes, so every export is one the test caused.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TelemetryEndpointMetricsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Test
	void metricsPartCountsCollectionsSeriesAndOverflow(CapturedOutput output) {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start();
				ConfigurableApplicationContext context = ActuatorTestApplication
					.start(exporting(receiver, "telemetry.metrics.cardinality-limit=3"))) {
			RestClient client = ActuatorTestApplication.client(context);
			get(client, "/count?kind=a");
			get(client, "/count?kind=b");
			get(client, "/count?kind=a");
			String before = get(client, "/actuator/telemetry/metrics");
			int collections = JsonPath.read(before, "$.readers[0].collections");
			assertThat((String) JsonPath.read(before, "$.readers[0].name")).isEqualTo("periodic_metric_reader/0");
			assertThat((String) JsonPath.read(before, "$.exporters[0].name")).isEqualTo("otlp_grpc_metric_exporter/0");

			String flushed = flush(client);
			assertThat((Boolean) JsonPath.read(flushed, "$.metrics.completed")).isTrue();
			assertThat((Boolean) JsonPath.read(flushed, "$.metrics.success")).isTrue();
			int exportedPoints = JsonPath.read(flushed, "$.metrics.exportedDataPoints");
			assertThat(exportedPoints).isEqualTo(dataPoints(lastRequest(receiver)));
			assertThat((Integer) JsonPath.read(flushed, "$.metrics.failedDataPoints")).isZero();
			assertThat(output.getOut().lines().filter((line) -> line.contains("Telemetry flush requested by")))
				.singleElement()
				.satisfies((line) -> assertThat(line).contains("INFO")
					.contains(exportedPoints + " metric data points exported, 0 failed"));

			String after = get(client, "/actuator/telemetry/metrics");
			assertThat((Integer) JsonPath.read(after, "$.readers[0].collections")).isEqualTo(collections + 1);
			assertThat((String) JsonPath.read(after, "$.readers[0].lastCollection")).isNotNull();
			assertThat((Double) JsonPath.read(after, "$.readers[0].lastCollectionMillis")).isNotNegative();
			Map<String, Object> kinds = instrument(after, "test.kinds");
			assertThat(kinds).containsEntry("scope", "test")
				.containsEntry("instrumentType", "COUNTER")
				.containsEntry("seriesCount", 2)
				.containsEntry("overflowMeasurements", 0);
			assertThat((List<Map<String, Object>>) kinds.get("streams")).singleElement()
				.satisfies((stream) -> assertThat(stream).containsEntry("name", "test.kinds")
					.containsEntry("reader", "periodic_metric_reader/0")
					.containsEntry("temporality", "CUMULATIVE")
					.containsEntry("seriesCount", 2)
					.containsEntry("cardinalityLimit", 3));
			assertThat((Integer) JsonPath.read(after, "$.exporters[0].dataPoints.exported")).isEqualTo(exportedPoints);

			// Limit 3: two attribute sets and the overflow set; c, d and e overflow.
			get(client, "/count?kind=c");
			get(client, "/count?kind=d");
			get(client, "/count?kind=e");
			Map<String, Object> overflowing = instrument(get(client, "/actuator/telemetry/metrics"), "test.kinds");
			// The overflow series counts once a collection has reported it.
			assertThat(overflowing).containsEntry("seriesCount", 2).containsEntry("overflowMeasurements", 3);
			flush(client);
			assertThat(instrument(get(client, "/actuator/telemetry/metrics"), "test.kinds"))
				.containsEntry("seriesCount", 3)
				.containsEntry("overflowMeasurements", 3);
			List<NumberDataPoint> points = points(lastRequest(receiver), "test", "test.kinds");
			assertThat(points).hasSize(3)
				.anySatisfy((point) -> assertThat(attributes(point)).containsEntry("otel.metric.overflow", "true")
					.hasSize(1));
			assertThat(points).filteredOn((point) -> attributes(point).containsKey("otel.metric.overflow"))
				.singleElement()
				.satisfies((point) -> assertThat(point.getAsInt()).isEqualTo(3));
		}
	}

	@Test
	void selfMetricsAreExportedOnceWithTheConventionsAttributesAndMatchTheEndpoint() {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start();
				ConfigurableApplicationContext context = ActuatorTestApplication.start(exporting(receiver))) {
			RestClient client = ActuatorTestApplication.client(context);
			get(client, "/hello");
			get(client, "/hello");
			String first = flush(client);
			assertThat((Integer) JsonPath.read(first, "$.exportedSpans")).isEqualTo(2);
			// The second collection sees the spans exported by the first flush.
			flush(client);
			String document = get(client, "/actuator/telemetry");
			ExportMetricsServiceRequest request = lastRequest(receiver);

			Map<String, Integer> selfMetrics = new HashMap<>();
			for (ResourceMetrics resource : request.getResourceMetricsList()) {
				for (ScopeMetrics scope : resource.getScopeMetricsList()) {
					for (Metric metric : scope.getMetricsList()) {
						if (metric.getName().startsWith("otel.sdk.")) {
							assertThat(scope.getScope().getName()).isEqualTo(TelemetrySelfInstruments.SCOPE);
							selfMetrics.merge(metric.getName(), 1, Integer::sum);
						}
					}
				}
			}
			assertThat(selfMetrics).containsOnlyKeys("otel.sdk.span.started", "otel.sdk.span.live",
					"otel.sdk.processor.span.queue.size", "otel.sdk.processor.span.queue.capacity",
					"otel.sdk.processor.span.processed", "otel.sdk.exporter.span.inflight",
					"otel.sdk.exporter.span.exported", "otel.sdk.exporter.metric_data_point.inflight",
					"otel.sdk.exporter.metric_data_point.exported", "otel.sdk.exporter.operation.duration");
			assertThat(selfMetrics.values()).containsOnly(1);

			Metric started = metric(request, "otel.sdk.span.started");
			assertThat(started.getUnit()).isEqualTo("{span}");
			assertThat(started.getSum().getIsMonotonic()).isTrue();
			assertThat(value(started,
					Map.of("otel.span.sampling_result", "RECORD_AND_SAMPLE", "otel.span.parent.origin", "none")))
				.isEqualTo(2)
				.isEqualTo(((Integer) JsonPath.read(document, "$.spans.started.RECORD_AND_SAMPLE.none")).longValue());
			assertThat(metric(request, "otel.sdk.span.live").getSum().getIsMonotonic()).isFalse();

			Map<String, String> processor = Map.of("otel.component.type", "batching_span_processor",
					"otel.component.name", "batching_span_processor/0");
			Metric capacity = metric(request, "otel.sdk.processor.span.queue.capacity");
			assertThat(capacity.getSum().getIsMonotonic()).isFalse();
			assertThat(value(capacity, processor))
				.isEqualTo(((Integer) JsonPath.read(document, "$.processors[0].queueCapacity")).longValue());
			Metric processed = metric(request, "otel.sdk.processor.span.processed");
			assertThat(value(processed, processor))
				.isEqualTo(((Integer) JsonPath.read(document, "$.processors[0].processed")).longValue());
			Map<String, String> queueFull = new HashMap<>(processor);
			queueFull.put("error.type", "queue_full");
			assertThat(value(processed, queueFull)).isZero();

			Map<String, String> spanExporter = Map.of("otel.component.type", "otlp_grpc_span_exporter",
					"otel.component.name", "otlp_grpc_span_exporter/0", "server.address", "127.0.0.1", "server.port",
					String.valueOf(receiver.port()));
			assertThat(value(metric(request, "otel.sdk.exporter.span.exported"), spanExporter)).isEqualTo(2)
				.isEqualTo(((Integer) JsonPath.read(document, "$.exporters[0].spans.exported")).longValue());
			Map<String, String> rejected = new HashMap<>(spanExporter);
			rejected.put("error.type", "rejected");
			assertThat(value(metric(request, "otel.sdk.exporter.span.exported"), rejected)).isZero();
			assertThat(value(metric(request, "otel.sdk.exporter.span.inflight"), spanExporter)).isZero();

			Map<String, String> metricExporter = Map.of("otel.component.type", "otlp_grpc_metric_exporter",
					"otel.component.name", "otlp_grpc_metric_exporter/0", "server.address", "127.0.0.1", "server.port",
					String.valueOf(receiver.port()));
			Metric dataPoints = metric(request, "otel.sdk.exporter.metric_data_point.exported");
			assertThat(dataPoints.getUnit()).isEqualTo("{data_point}");
			// Read at the collection, before this request was exported.
			assertThat(value(dataPoints, metricExporter) + dataPoints(request)).isEqualTo(
					((Integer) JsonPath.read(document, "$.metrics.exporters[0].dataPoints.exported")).longValue());

			Metric duration = metric(request, "otel.sdk.exporter.operation.duration");
			assertThat(duration.getUnit()).isEqualTo("s");
			assertThat(histogramCount(duration, spanExporter))
				.isEqualTo(((Integer) JsonPath.read(document, "$.exporters[0].exports.succeeded")).longValue())
				.isOne();
			// The second flush's export ended after its collection.
			assertThat(histogramCount(duration, metricExporter) + 1)
				.isEqualTo(((Integer) JsonPath.read(document, "$.metrics.exporters[0].exports.succeeded")).longValue());

			String names = get(client, "/actuator/metrics");
			assertThat((List<String>) JsonPath.read(names, "$.names")).contains("otel.sdk.span.started",
					"otel.sdk.exporter.metric_data_point.exported", "otel.sdk.exporter.metric_data_point.inflight");
		}
	}

	private static String[] exporting(OtlpTestReceiver receiver, String... more) {
		List<String> properties = new ArrayList<>(List.of("management.endpoint.telemetry.access=unrestricted",
				"telemetry.exporter.type=otlp", "telemetry.exporter.otlp.endpoint=" + receiver.endpoint(),
				"telemetry.exporter.otlp.protocol=grpc", "telemetry.exporter.otlp.retry.enabled=false",
				"telemetry.tracing.batch.schedule-delay=1h", "telemetry.metrics.export.interval=1h"));
		properties.addAll(List.of(more));
		return properties.toArray(new String[0]);
	}

	private static Map<String, Object> instrument(String metrics, String name) {
		List<Map<String, Object>> instruments = JsonPath.read(metrics,
				"$.instruments[?(@.instrument == '" + name + "')]");
		assertThat(instruments).hasSize(1);
		return instruments.get(0);
	}

	private static ExportMetricsServiceRequest lastRequest(OtlpTestReceiver receiver) {
		List<ExportMetricsServiceRequest> requests = receiver.metricsRequests();
		assertThat(requests).isNotEmpty();
		return requests.get(requests.size() - 1);
	}

	private static int dataPoints(ExportMetricsServiceRequest request) {
		int points = 0;
		for (ResourceMetrics resource : request.getResourceMetricsList()) {
			for (ScopeMetrics scope : resource.getScopeMetricsList()) {
				for (Metric metric : scope.getMetricsList()) {
					points += switch (metric.getDataCase()) {
						case SUM -> metric.getSum().getDataPointsCount();
						case GAUGE -> metric.getGauge().getDataPointsCount();
						case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
						case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
						case SUMMARY -> metric.getSummary().getDataPointsCount();
						case DATA_NOT_SET -> 0;
					};
				}
			}
		}
		return points;
	}

	private static List<NumberDataPoint> points(ExportMetricsServiceRequest request, String scopeName, String name) {
		List<NumberDataPoint> points = new ArrayList<>();
		for (ResourceMetrics resource : request.getResourceMetricsList()) {
			for (ScopeMetrics scope : resource.getScopeMetricsList()) {
				if (scope.getScope().getName().equals(scopeName)) {
					for (Metric metric : scope.getMetricsList()) {
						if (metric.getName().equals(name)) {
							points.addAll(metric.getSum().getDataPointsList());
						}
					}
				}
			}
		}
		return points;
	}

	private static Metric metric(ExportMetricsServiceRequest request, String name) {
		List<Metric> found = new ArrayList<>();
		for (ResourceMetrics resource : request.getResourceMetricsList()) {
			for (ScopeMetrics scope : resource.getScopeMetricsList()) {
				for (Metric metric : scope.getMetricsList()) {
					if (metric.getName().equals(name)) {
						found.add(metric);
					}
				}
			}
		}
		assertThat(found).hasSize(1);
		return found.get(0);
	}

	// The value of the one data point with exactly these attributes.
	private static long value(Metric metric, Map<String, String> attributes) {
		List<NumberDataPoint> matching = metric.getSum()
			.getDataPointsList()
			.stream()
			.filter((point) -> attributes(point).equals(attributes))
			.toList();
		assertThat(matching).as("points of %s with %s", metric.getName(), attributes).hasSize(1);
		return matching.get(0).getAsInt();
	}

	private static long histogramCount(Metric metric, Map<String, String> attributes) {
		List<HistogramDataPoint> matching = metric.getHistogram()
			.getDataPointsList()
			.stream()
			.filter((point) -> attributes(point.getAttributesList()).equals(attributes))
			.toList();
		assertThat(matching).as("points of %s with %s", metric.getName(), attributes).hasSize(1);
		return matching.get(0).getCount();
	}

	private static Map<String, String> attributes(NumberDataPoint point) {
		return attributes(point.getAttributesList());
	}

	private static Map<String, String> attributes(List<KeyValue> list) {
		Map<String, String> attributes = new HashMap<>();
		for (KeyValue attribute : list) {
			attributes.put(attribute.getKey(),
					attribute.getValue().hasIntValue() ? String.valueOf(attribute.getValue().getIntValue())
							: attribute.getValue().hasBoolValue() ? String.valueOf(attribute.getValue().getBoolValue())
									: attribute.getValue().getStringValue());
		}
		return attributes;
	}

	private static String flush(RestClient client) {
		ResponseEntity<String> response = client.post()
			.uri("/actuator/telemetry/flush")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"timeout\": \"" + WAIT.toSeconds() + "s\"}")
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode().value()).isEqualTo(200);
		assertThat((Boolean) JsonPath.read(response.getBody(), "$.completed")).isTrue();
		return response.getBody();
	}

	private static String get(RestClient client, String path) {
		return client.get().uri(path).retrieve().body(String.class);
	}

}

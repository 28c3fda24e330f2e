package dev.telemetry.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.telemetry.sdk.export.otlp.ExporterStatistics;
import dev.telemetry.sdk.export.otlp.OtlpGrpcMetricExporter;
import dev.telemetry.sdk.metrics.export.MetricExporter;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.testing.OtlpTestReceiver;
import io.grpc.Status;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
 * Boots the sample application exporting metrics every 200 ms over OTLP/gRPC to a real
 * receiver on loopback, and checks that the sample's counter arrives with the shared
 * resource, and that after a collector that answers {@code UNAVAILABLE}, hangs or refuses
 * connections, the cumulative total is exact again with the first export that gets
 * through.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "telemetry.metrics.export.interval=200ms",
				"telemetry.metrics.export.timeout=1s", "telemetry.exporter.otlp.timeout=300ms",
				"telemetry.exporter.otlp.retry.initial-backoff=50ms",
				"telemetry.exporter.otlp.retry.max-backoff=100ms" })
@Timeout(90)
class MetricsExportIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final OtlpTestReceiver receiver = OtlpTestReceiver.start();

	// Successful lookups made by this class's tests, which share one application.
	private static final AtomicLong found = new AtomicLong();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private MetricExporter exporter;

	@Autowired
	private Resource applicationResource;

	@DynamicPropertySource
	static void exportToReceiver(DynamicPropertyRegistry registry) {
		registry.add("telemetry.exporter.otlp.endpoint", receiver::endpoint);
		registry.add("telemetry.exporter.otlp.protocol", () -> "grpc");
	}

	@AfterEach
	void answerNormally() {
		receiver.hang(false);
		receiver.respondWith(null);
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void theSamplesCounterArrivesOverGrpcWithTheServiceResource() throws Exception {
		assertThat(this.exporter).isInstanceOf(OtlpGrpcMetricExporter.class);

		lookUp(3);

		awaitExactTotal();
		ResourceMetrics resource = receiver.metricsRequests()
			.get(receiver.metricsRequests().size() - 1)
			.getResourceMetrics(0);
		assertThat(resource.getResource().getAttributesList()).anySatisfy((kv) -> {
			assertThat(kv.getKey()).isEqualTo("service.name");
			assertThat(kv.getValue().getStringValue()).isEqualTo("sample-app");
		});
		// The same id as the spans': one instance, whatever the signal.
		assertThat(resource.getResource().getAttributesList()).anySatisfy((kv) -> {
			assertThat(kv.getKey()).isEqualTo("service.instance.id");
			assertThat(kv.getValue().getStringValue())
				.isEqualTo(this.applicationResource.getAttributes().get("service.instance.id"));
		});
		Metric lookups = receiver.metrics()
			.stream()
			.filter((metric) -> metric.getName().equals(OrderMetrics.LOOKUPS))
			.findFirst()
			.orElseThrow();
		assertThat(lookups.getUnit()).isEqualTo("{lookup}");
		assertThat(lookups.getSum().getIsMonotonic()).isTrue();
		assertThat(lookups.getSum().getDataPoints(0).getStartTimeUnixNano()).isPositive();
	}

	@Test
	void afterAnUnavailableCollectorTheCumulativeTotalIsExact() throws Exception {
		receiver.respondWith(Status.UNAVAILABLE.withDescription("collector restarting"));
		int callsBefore = receiver.callCount();

		lookUp(5);
		receiver.awaitCalls(callsBefore + 3, WAIT);
		await().atMost(WAIT).untilAsserted(() -> assertThat(statistics().lastErrorKind()).isEqualTo("UNAVAILABLE"));
		receiver.respondWith(null);

		awaitExactTotal();
	}

	@Test
	void afterAHangingCollectorTheCumulativeTotalIsExact() throws Exception {
		receiver.hang(true);
		int callsBefore = receiver.callCount();

		lookUp(4);
		receiver.awaitCalls(callsBefore + 2, WAIT);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(statistics().lastErrorKind()).isEqualTo("DEADLINE_EXCEEDED"));
		receiver.hang(false);

		awaitExactTotal();
	}

	@Test
	void afterACollectorThatRefusedConnectionsTheCumulativeTotalIsExact() throws Exception {
		receiver.refuseConnections();

		lookUp(2);
		await().atMost(WAIT).untilAsserted(() -> assertThat(statistics().lastErrorKind()).isEqualTo("UNAVAILABLE"));
		long failedBefore = statistics().exportsFailed();
		await().atMost(WAIT).untilAsserted(() -> assertThat(statistics().exportsFailed()).isGreaterThan(failedBefore));
		receiver.acceptConnections();

		awaitExactTotal();
	}

	private ExporterStatistics statistics() {
		return ((OtlpGrpcMetricExporter) this.exporter).getStatistics();
	}

	private void awaitExactTotal() {
		long expected = found.get();
		List<Metric> metrics = receiver
			.awaitMetrics((all) -> OtlpMetrics.lastTotal(all, "found").orElse(-1) == expected, WAIT);
		assertThat(OtlpMetrics.lastTotal(metrics, "found")).hasValue(expected);
	}

	private void lookUp(int times) throws Exception {
		for (int i = 0; i < times; i++) {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/orders/1"))
				.timeout(Duration.ofSeconds(20))
				.build();
			assertThat(this.http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
			found.incrementAndGet();
		}
	}

}

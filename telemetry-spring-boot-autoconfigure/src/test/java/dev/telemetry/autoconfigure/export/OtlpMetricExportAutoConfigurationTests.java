package dev.telemetry.autoconfigure.export;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.metrics.MetricsAutoConfiguration;
import dev.telemetry.autoconfigure.resource.TelemetryResourceAutoConfiguration;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.export.otlp.OtlpGrpcMetricExporter;
import dev.telemetry.sdk.export.otlp.OtlpGrpcSpanExporter;
import dev.telemetry.sdk.export.otlp.OtlpHttpMetricExporter;
import dev.telemetry.sdk.export.otlp.OtlpMetricExporter;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.export.MetricExporter;
import dev.telemetry.testing.OtlpHttpTestReceiver;
import dev.telemetry.testing.OtlpTestReceiver;
import io.opentelemetry.proto.metrics.v1.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OtlpMetricExportAutoConfiguration}: the shared
 * {@code telemetry.exporter.otlp.*} settings, the per-signal overrides under
 * {@code telemetry.exporter.otlp.metrics.*}, and real exports to loopback receivers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OtlpMetricExportAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TelemetryResourceAutoConfiguration.class, OtlpExportAutoConfiguration.class,
					OtlpMetricExportAutoConfiguration.class, MetricsAutoConfiguration.class));

	@Test
	void sharesTheOtlpSettingsOfTheSpans() {
		this.contextRunner
			.withPropertyValues("telemetry.exporter.otlp.protocol=grpc",
					"telemetry.exporter.otlp.endpoint=http://collector:4317",
					"telemetry.exporter.otlp.headers.authorization=Bearer shared",
					"telemetry.exporter.otlp.compression=gzip", "telemetry.exporter.otlp.timeout=3s",
					"telemetry.exporter.otlp.retry.max-attempts=2")
			.run((context) -> {
				OtlpGrpcMetricExporter metrics = context.getBean(OtlpGrpcMetricExporter.class);
				OtlpGrpcSpanExporter spans = context.getBean(OtlpGrpcSpanExporter.class);
				assertThat(metrics.getEndpoint()).isEqualTo(spans.getEndpoint()).isEqualTo("http://collector:4317");
				assertThat(metrics.getHeaderNames()).isEqualTo(spans.getHeaderNames()).containsExactly("authorization");
				assertThat(metrics.getCompression()).isEqualTo("gzip");
				assertThat(metrics.getTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(metrics.getRetryPolicy()).isEqualTo(spans.getRetryPolicy());
			});
	}

	@Test
	void perSignalSettingsOverrideTheSharedOnesForMetricsOnly() {
		this.contextRunner
			.withPropertyValues("telemetry.exporter.otlp.protocol=grpc",
					"telemetry.exporter.otlp.endpoint=http://collector:4317",
					"telemetry.exporter.otlp.headers.authorization=Bearer shared",
					"telemetry.exporter.otlp.metrics.protocol=http/protobuf",
					"telemetry.exporter.otlp.metrics.endpoint=https://metrics.example.com/otlp",
					"telemetry.exporter.otlp.metrics.headers.x-tenant=shop",
					"telemetry.exporter.otlp.metrics.compression=gzip", "telemetry.exporter.otlp.metrics.timeout=20s")
			.run((context) -> {
				OtlpHttpMetricExporter metrics = context.getBean(OtlpHttpMetricExporter.class);
				assertThat(metrics.getMetricsUrl()).isEqualTo("https://metrics.example.com:443/otlp/v1/metrics");
				assertThat(metrics.getHeaderNames()).containsExactly("x-tenant");
				assertThat(metrics.getCompression()).isEqualTo("gzip");
				assertThat(metrics.getTimeout()).isEqualTo(Duration.ofSeconds(20));
				OtlpGrpcSpanExporter spans = context.getBean(OtlpGrpcSpanExporter.class);
				assertThat(spans.getEndpoint()).isEqualTo("http://collector:4317");
				assertThat(spans.getHeaderNames()).containsExactly("authorization");
				assertThat(spans.getCompression()).isEqualTo("none");
			});
	}

	@Test
	void anotherProtocolForMetricsWithoutAnEndpointUsesThatProtocolsDefault() {
		this.contextRunner.withPropertyValues("telemetry.exporter.otlp.metrics.protocol=http/protobuf")
			.run((context) -> assertThat(context.getBean(OtlpHttpMetricExporter.class).getMetricsUrl())
				.isEqualTo("http://localhost:4318/v1/metrics"));
	}

	@Test
	void theSharedProtocolDecidesWhenMetricsSetNone() {
		this.contextRunner.withPropertyValues("telemetry.exporter.otlp.protocol=http/protobuf")
			.run((context) -> assertThat(context.getBean(MetricExporter.class))
				.isInstanceOf(OtlpHttpMetricExporter.class));
	}

	@Test
	void httpNeedsNoGrpcOnTheClassPath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.grpc"))
			.withPropertyValues("telemetry.exporter.otlp.protocol=http/protobuf")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(OtlpHttpMetricExporter.class));
	}

	@Test
	void noExporterWithoutTheOtlpProtoClasses() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.opentelemetry.proto"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(MetricExporter.class)
				.hasSingleBean(MeterProvider.class));
	}

	@Test
	void exportsRecordedMetricsToARealGrpcReceiver() {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start()) {
			this.contextRunner
				.withPropertyValues("telemetry.exporter.otlp.endpoint=" + receiver.endpoint(),
						"telemetry.exporter.otlp.protocol=grpc", "telemetry.service.name=shop")
				.run((context) -> {
					MeterProvider provider = context.getBean(MeterProvider.class);
					provider.get("orders")
						.counterBuilder("orders.placed")
						.build()
						.add(3, Attributes.of("channel", "web"));

					assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).isTrue();

					List<Metric> metrics = receiver.awaitMetrics(
							(all) -> all.stream().anyMatch((metric) -> metric.getName().equals("orders.placed")),
							Duration.ofSeconds(20));
					Metric placed = metrics.stream()
						.filter((metric) -> metric.getName().equals("orders.placed"))
						.findFirst()
						.orElseThrow();
					assertThat(placed.getSum().getDataPoints(0).getAsInt()).isEqualTo(3);
					assertThat(
							receiver.metricsRequests().get(0).getResourceMetrics(0).getResource().getAttributesList())
						.anySatisfy((attribute) -> assertThat(attribute.getValue().getStringValue()).isEqualTo("shop"));
				});
		}
	}

	@Test
	void exportsRecordedMetricsToARealHttpReceiverWithTheMetricsHeaders() {
		try (OtlpHttpTestReceiver receiver = OtlpHttpTestReceiver.start()) {
			receiver.requireBearerToken("metrics-only");
			this.contextRunner
				.withPropertyValues("telemetry.exporter.otlp.metrics.protocol=http/protobuf",
						"telemetry.exporter.otlp.metrics.endpoint=" + receiver.endpoint(),
						"telemetry.exporter.otlp.metrics.headers.authorization=Bearer metrics-only")
				.run((context) -> {
					OtlpMetricExporter exporter = context.getBean(OtlpHttpMetricExporter.class);
					MeterProvider provider = context.getBean(MeterProvider.class);
					provider.get("jobs").histogramBuilder("job.duration").build().record(0.25);

					assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).isTrue();

					assertThat(receiver.metrics()).extracting(Metric::getName).contains("job.duration");
					assertThat(exporter.getStatistics().exportsSucceeded()).isPositive();
				});
		}
	}

}

package dev.telemetry.autoconfigure.export;

import java.time.Duration;

import dev.telemetry.autoconfigure.ConditionalOnMetricsEnabled;
import dev.telemetry.autoconfigure.metrics.MetricsProperties;
import dev.telemetry.sdk.export.otlp.OtlpGrpcMetricExporter;
import dev.telemetry.sdk.export.otlp.OtlpGrpcMetricExporterBuilder;
import dev.telemetry.sdk.export.otlp.OtlpHttpMetricExporter;
import dev.telemetry.sdk.export.otlp.OtlpHttpMetricExporterBuilder;
import dev.telemetry.sdk.export.otlp.OtlpMetricExporterBuilder;
import dev.telemetry.sdk.metrics.Aggregation;
import dev.telemetry.sdk.metrics.export.MetricExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration for the {@link MetricExporter}: OTLP to the same collector as the
 * spans ({@code telemetry.exporter.otlp.*}), with what differs for metrics under
 * {@code telemetry.exporter.otlp.metrics.*}; over gRPC unless the metrics protocol (or
 * the shared one) is {@code http/protobuf}. One export, retries included, takes at most
 * {@code telemetry.metrics.export.timeout}. Absent with
 * {@code telemetry.metrics.export.enabled=false} (or {@code OTEL_METRICS_EXPORTER=none}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnMetricsEnabled
@ConditionalOnBooleanProperty(name = "telemetry.metrics.export.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ ExporterProperties.class, MetricsProperties.class })
@Import({ OtlpMetricExportAutoConfiguration.OtlpGrpc.class, OtlpMetricExportAutoConfiguration.OtlpHttp.class })
public final class OtlpMetricExportAutoConfiguration {

	OtlpMetricExportAutoConfiguration() {
	}

	static <B extends OtlpMetricExporterBuilder<B, ?>> B configure(B builder, MetricsProperties metrics) {
		Aggregation histograms = switch (metrics.getDefaultHistogramAggregation()) {
			case EXPLICIT_BUCKET_HISTOGRAM -> Aggregation.explicitBucketHistogram();
			case BASE2_EXPONENTIAL_BUCKET_HISTOGRAM -> Aggregation.base2ExponentialBucketHistogram();
		};
		return builder.setTemporalityPreference(metrics.getTemporality()).setDefaultHistogramAggregation(histograms);
	}

	static Duration retryBudget(MetricsProperties metrics) {
		Duration timeout = metrics.getExport().getTimeout();
		// The reader reports an invalid timeout, naming the property; the exporter
		// must not fail first with a less precise message.
		return (timeout == null || timeout.isZero() || timeout.isNegative())
				? OtlpMetricExporterBuilder.DEFAULT_RETRY_BUDGET : timeout;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder",
			"io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc" })
	@ConditionalOnOtlpProtocol(value = OtlpProtocol.GRPC, signal = "metrics")
	static class OtlpGrpc {

		// The meter provider shuts the exporter down through its reader. shutdown() is
		// idempotent and never blocks: as a destroy method it only matters when start-up
		// failed early.
		@Bean(destroyMethod = "shutdown")
		@ConditionalOnMissingBean(MetricExporter.class)
		OtlpGrpcMetricExporter telemetryMetricExporter(ExporterProperties properties, MetricsProperties metrics,
				Environment environment, ObjectProvider<SslBundles> sslBundles) {
			OtlpExporterSetup setup = OtlpExporterSetup.forMetrics(properties.getOtlp(), environment, sslBundles);
			OtlpGrpcMetricExporterBuilder builder = configure(OtlpGrpcMetricExporter.builder(), metrics);
			return setup.configure(builder, OtlpProtocol.GRPC, retryBudget(metrics), builder::build);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest")
	@ConditionalOnOtlpProtocol(value = OtlpProtocol.HTTP_PROTOBUF, signal = "metrics")
	static class OtlpHttp {

		// As for gRPC: the reader shuts the exporter down.
		@Bean(destroyMethod = "shutdown")
		@ConditionalOnMissingBean(MetricExporter.class)
		OtlpHttpMetricExporter telemetryMetricExporter(ExporterProperties properties, MetricsProperties metrics,
				Environment environment, ObjectProvider<SslBundles> sslBundles) {
			OtlpExporterSetup setup = OtlpExporterSetup.forMetrics(properties.getOtlp(), environment, sslBundles);
			OtlpHttpMetricExporterBuilder builder = configure(OtlpHttpMetricExporter.builder(), metrics);
			return setup.configure(builder, OtlpProtocol.HTTP_PROTOBUF, retryBudget(metrics), builder::build);
		}

	}

}

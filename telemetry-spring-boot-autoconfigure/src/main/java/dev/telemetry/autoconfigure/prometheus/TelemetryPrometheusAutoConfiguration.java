package dev.telemetry.autoconfigure.prometheus;

import dev.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.telemetry.autoconfigure.metrics.MetricsAutoConfiguration;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import dev.telemetry.sdk.resource.Resource;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for Prometheus pull: with
 * {@code telemetry.metrics.prometheus.enabled=true} and the endpoint available, a
 * cumulative {@link PullMetricReader} (which the meter provider registers like every
 * {@code MetricReader} bean, next to the OTLP push reader) and the endpoint that renders
 * it.
 * <p>
 * The meter provider of {@link MetricsAutoConfiguration} registers every
 * {@code MetricReader} bean; an application that brings its own {@link MeterProvider}
 * registers the {@code telemetryPrometheusMetricReader} bean itself. The pull reader is
 * cumulative whatever {@code telemetry.metrics.temporality} says for OTLP push:
 * Prometheus needs cumulative data.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MetricsAutoConfiguration.class)
@ConditionalOnTelemetryEnabled
@ConditionalOnBean(MeterProvider.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnProperty(name = "telemetry.metrics.prometheus.enabled", havingValue = "true")
@ConditionalOnAvailableEndpoint(TelemetryPrometheusEndpoint.class)
@EnableConfigurationProperties(TelemetryPrometheusProperties.class)
public final class TelemetryPrometheusAutoConfiguration {

	/**
	 * The name of the endpoint's pull reader bean, which the telemetry console shares.
	 */
	public static final String METRIC_READER_BEAN_NAME = "telemetryPrometheusMetricReader";

	TelemetryPrometheusAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = METRIC_READER_BEAN_NAME)
	PullMetricReader telemetryPrometheusMetricReader() {
		return PullMetricReader.create();
	}

	@Bean
	@ConditionalOnMissingBean
	TelemetryPrometheusEndpoint telemetryPrometheusEndpoint(PullMetricReader telemetryPrometheusMetricReader,
			Resource resource) {
		return new TelemetryPrometheusEndpoint(telemetryPrometheusMetricReader, resource);
	}

}

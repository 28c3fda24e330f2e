package dev.telemetry.autoconfigure.console;

import java.util.Map;

import dev.telemetry.autoconfigure.actuate.AttributeValues;
import dev.telemetry.autoconfigure.actuate.TelemetryEndpoint;
import dev.telemetry.autoconfigure.actuate.TelemetryEndpointAutoConfiguration;
import dev.telemetry.autoconfigure.metrics.MetricsAutoConfiguration;
import dev.telemetry.autoconfigure.prometheus.TelemetryPrometheusAutoConfiguration;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.export.PullMetricReader;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration for the telemetry console page, with
 * {@code telemetry.console.enabled=true}, in a web application where the
 * {@code telemetry} endpoint (its trace data) and the {@code telemetryconsole} endpoint
 * are both available. It adds the bean holding the page and, when metrics are on, a
 * cumulative {@link PullMetricReader} for its metrics panel (Prometheus's, when that is
 * on too); the traces it shows are what the {@code telemetry} endpoint keeps anyway.
 *
 * @since 0.1.0
 */
// After the meter provider's configuration, whose push reader backs off for any
// MetricReader bean defined before it is considered, and after Prometheus's, whose reader
// the console shares.
@AutoConfiguration(after = { TelemetryEndpointAutoConfiguration.class, MetricsAutoConfiguration.class,
		TelemetryPrometheusAutoConfiguration.class })
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty("telemetry.console.enabled")
@ConditionalOnBean(TelemetryEndpoint.class)
@ConditionalOnAvailableEndpoint(TelemetryConsoleEndpoint.class)
@EnableConfigurationProperties(TelemetryConsoleProperties.class)
public final class TelemetryConsoleAutoConfiguration {

	/** The name of the console's own metric reader bean. */
	static final String METRIC_READER = "telemetryConsoleMetricReader";

	/** The name of the Prometheus endpoint's reader bean, shared when present. */
	static final String PROMETHEUS_METRIC_READER = TelemetryPrometheusAutoConfiguration.METRIC_READER_BEAN_NAME;

	TelemetryConsoleAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	TelemetryConsoleEndpoint telemetryConsoleEndpoint(ObjectProvider<MetricDescriptions> metrics) {
		return new TelemetryConsoleEndpoint(metrics.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(MeterProvider.class)
	static class ConsoleMetricsConfiguration {

		// Every reader makes each measurement update one more cell, so the console shares
		// Prometheus's reader when there is one: both need cumulative data.
		@Bean
		@ConditionalOnMissingBean(name = { METRIC_READER, PROMETHEUS_METRIC_READER })
		PullMetricReader telemetryConsoleMetricReader() {
			return PullMetricReader.create();
		}

		@Bean
		MetricDescriptions telemetryConsoleMetrics(Map<String, PullMetricReader> readers, AttributeValues values) {
			PullMetricReader reader = readers.getOrDefault(PROMETHEUS_METRIC_READER, readers.get(METRIC_READER));
			if (reader == null) {
				throw new IllegalStateException("No " + METRIC_READER + " or " + PROMETHEUS_METRIC_READER + " bean");
			}
			return new MetricDescriptions(reader, values);
		}

	}

}

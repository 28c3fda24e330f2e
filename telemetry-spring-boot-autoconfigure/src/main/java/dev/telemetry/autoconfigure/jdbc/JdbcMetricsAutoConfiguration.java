package dev.telemetry.autoconfigure.jdbc;

import java.util.List;

import javax.sql.DataSource;

import dev.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.telemetry.autoconfigure.instrumentation.InstrumentationProperties;
import dev.telemetry.autoconfigure.instrumentation.UnmeasuredMetricConvention;
import dev.telemetry.autoconfigure.observation.MetricsObservationAutoConfiguration;
import dev.telemetry.sdk.metrics.MeterProvider;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@code db.client.operation.duration} for the statements the JDBC
 * instrumentation observes. {@code telemetry.instrumentation.jdbc.metrics=false} switches
 * it off, leaving the spans as they are.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = MetricsObservationAutoConfiguration.class,
		afterName = MetricsObservationAutoConfiguration.METRICS_AUTO_CONFIGURATION)
@ConditionalOnTelemetryEnabled
@ConditionalOnClass({ DataSource.class, ObservationRegistry.class })
@ConditionalOnBean(MeterProvider.class)
public final class JdbcMetricsAutoConfiguration {

	private static final String JDBC_METRICS = InstrumentationProperties.PREFIX + ".jdbc.metrics";

	JdbcMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = JDBC_METRICS, matchIfMissing = true)
	JdbcMetricConvention telemetryJdbcMetricConvention(MeterProvider meterProvider) {
		return new JdbcMetricConvention(MetricsObservationAutoConfiguration.meter(meterProvider));
	}

	@Bean
	@ConditionalOnBooleanProperty(name = JDBC_METRICS, havingValue = false)
	UnmeasuredMetricConvention telemetryUnmeasuredJdbcMetricConvention() {
		return new UnmeasuredMetricConvention(List.of(JdbcQueryContext.class));
	}

}

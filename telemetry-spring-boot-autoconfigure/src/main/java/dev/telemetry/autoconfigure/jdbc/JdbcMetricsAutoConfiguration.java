package dev.telemetry.autoconfigure.jdbc;

import java.util.List;

import javax.sql.DataSource;

import dev.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.telemetry.autoconfigure.instrumentation.InstrumentationProperties;
import dev.telemetry.autoconfigure.instrumentation.UnmeasuredMetricConvention;
import dev.telemetry.autoconfigure.micrometer.MicrometerBridgeProperties;
import dev.telemetry.autoconfigure.observation.MetricsObservationAutoConfiguration;
import dev.telemetry.sdk.metrics.MeterProvider;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of {@code db.client.operation.duration} for the statements the JDBC
 * instrumentation observes. {@code telemetry.instrumentation.jdbc.metrics=false} switches
 * it off, leaving the spans as they are. While it is on, Spring Boot's meter observation
 * handler does not time the statements again (unless
 * {@code telemetry.metrics.micrometer.observation-meters} asks for its timers).
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

	/**
	 * Spring Boot's meter handler would time each statement a second time, as a
	 * Micrometer timer the bridge does not export; {@code observation-meters=true} asks
	 * for those timers, so it keeps them.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.observation.MeterObservationHandler")
	@ConditionalOnBooleanProperty(name = JDBC_METRICS, matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = MicrometerBridgeProperties.PREFIX + ".observation-meters", havingValue = false,
			matchIfMissing = true)
	static class SpringMeterHandlerConfiguration {

		@Bean
		JdbcQueryMeterHandler telemetryJdbcQueryMeterHandler() {
			return new JdbcQueryMeterHandler();
		}

	}

}

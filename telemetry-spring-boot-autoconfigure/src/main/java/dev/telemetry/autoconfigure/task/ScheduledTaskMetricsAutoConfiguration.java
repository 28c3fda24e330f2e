package dev.telemetry.autoconfigure.task;

import java.util.List;

import dev.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.telemetry.autoconfigure.instrumentation.InstrumentationProperties;
import dev.telemetry.autoconfigure.instrumentation.UnmeasuredMetricConvention;
import dev.telemetry.autoconfigure.observation.MetricsObservationAutoConfiguration;
import dev.telemetry.sdk.metrics.MeterProvider;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;

/**
 * Runs of {@code @Scheduled} methods are measured by the generic observation metrics (a
 * {@code tasks.scheduled.execution} histogram with Spring's low-cardinality key values);
 * {@code telemetry.instrumentation.scheduled.metrics=false} switches that off, leaving
 * the spans as they are.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = MetricsObservationAutoConfiguration.class,
		afterName = MetricsObservationAutoConfiguration.METRICS_AUTO_CONFIGURATION)
@ConditionalOnTelemetryEnabled
@ConditionalOnClass(name = "org.springframework.scheduling.support.ScheduledTaskObservationContext")
@ConditionalOnBean(MeterProvider.class)
@ConditionalOnBooleanProperty(name = InstrumentationProperties.PREFIX + ".scheduled.metrics", havingValue = false)
public final class ScheduledTaskMetricsAutoConfiguration {

	ScheduledTaskMetricsAutoConfiguration() {
	}

	@Bean
	UnmeasuredMetricConvention telemetryUnmeasuredScheduledTaskMetricConvention() {
		return new UnmeasuredMetricConvention(List.of(ScheduledTaskObservationContext.class));
	}

}

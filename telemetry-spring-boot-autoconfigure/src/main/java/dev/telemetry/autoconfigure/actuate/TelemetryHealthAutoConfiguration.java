package dev.telemetry.autoconfigure.actuate;

import java.time.Clock;
import java.time.Duration;

import dev.telemetry.autoconfigure.trace.TracingAutoConfiguration;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for the {@code telemetry} health indicator, unless
 * {@code management.health.telemetry.enabled=false}. It is in no health group by default,
 * so liveness and readiness probes never see it.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(TracerProvider.class)
@ConditionalOnEnabledHealthIndicator("telemetry")
@EnableConfigurationProperties(TelemetryHealthProperties.class)
public final class TelemetryHealthAutoConfiguration {

	TelemetryHealthAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = "telemetryHealthIndicator")
	TelemetryHealthIndicator telemetryHealthIndicator(TracerProvider tracerProvider,
			ObjectProvider<BatchSpanProcessor> processors, ObjectProvider<SpanExporter> exporters,
			TelemetryHealthProperties properties) {
		Duration threshold = properties.getFailureThreshold();
		if (threshold == null || threshold.isNegative()) {
			throw new InvalidConfigurationPropertyValueException("management.health.telemetry.failure-threshold",
					threshold, "must not be negative");
		}
		return new TelemetryHealthIndicator(TelemetryPipeline.of(tracerProvider, processors, exporters), threshold,
				properties.isDownWhenFailing(), Clock.systemUTC());
	}

}

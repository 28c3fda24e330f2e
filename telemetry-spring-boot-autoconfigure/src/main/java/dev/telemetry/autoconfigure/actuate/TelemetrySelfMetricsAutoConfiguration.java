package dev.telemetry.autoconfigure.actuate;

import dev.telemetry.autoconfigure.trace.TracingAutoConfiguration;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for the SDK's self-metrics ({@code otel.sdk.*}) in Micrometer's
 * meter registries, when Micrometer is on the class path: Spring Boot binds every
 * {@code MeterBinder} bean to its registries, so they appear in {@code /actuator/metrics}
 * and in scrapes.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
@ConditionalOnBean(TracerProvider.class)
public final class TelemetrySelfMetricsAutoConfiguration {

	TelemetrySelfMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = "telemetrySelfMetrics")
	TelemetryMeterBinder telemetrySelfMetrics(TracerProvider tracerProvider,
			ObjectProvider<BatchSpanProcessor> processors, ObjectProvider<SpanExporter> exporters) {
		return new TelemetryMeterBinder(TelemetryPipeline.of(tracerProvider, processors, exporters));
	}

}

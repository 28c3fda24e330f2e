package dev.telemetry.autoconfigure.actuate;

import dev.telemetry.autoconfigure.metrics.MetricsAutoConfiguration;
import dev.telemetry.autoconfigure.trace.TracingAutoConfiguration;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.MeterBuilder;
import dev.telemetry.sdk.metrics.MetricReader;
import dev.telemetry.sdk.metrics.export.MetricExporter;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration for the SDK's self-metrics ({@code otel.sdk.*}), with tracing on:
 * <ul>
 * <li>as asynchronous instruments of the starter's {@link MeterProvider}, when metrics
 * are on, so they are exported with the application's metrics (OTLP, the Prometheus
 * scrape);</li>
 * <li>in Micrometer's meter registries, when Micrometer is on the class path: Spring Boot
 * binds every {@code MeterBinder} bean to its registries, so they appear in
 * {@code /actuator/metrics}. The Micrometer bridge leaves these meters out, so each is
 * exported once.</li>
 * </ul>
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { TracingAutoConfiguration.class, MetricsAutoConfiguration.class })
@ConditionalOnBean(TracerProvider.class)
@Import({ TelemetrySelfMetricsAutoConfiguration.OnMeterProvider.class,
		TelemetrySelfMetricsAutoConfiguration.InMicrometer.class })
public final class TelemetrySelfMetricsAutoConfiguration {

	TelemetrySelfMetricsAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(MeterProvider.class)
	static class OnMeterProvider {

		@Bean
		@ConditionalOnMissingBean(name = "telemetrySelfInstruments")
		TelemetrySelfInstruments telemetrySelfInstruments(MeterProvider meterProvider, TracerProvider tracerProvider,
				ObjectProvider<BatchSpanProcessor> processors, ObjectProvider<SpanExporter> exporters,
				ObjectProvider<MeterProvider> meterProviders, ObjectProvider<MetricReader> readers,
				ObjectProvider<MetricExporter> metricExporters) {
			MeterBuilder meter = meterProvider.meterBuilder(TelemetrySelfInstruments.SCOPE);
			String version = Resource.class.getPackage().getImplementationVersion();
			if (version != null) {
				meter.setInstrumentationVersion(version);
			}
			return new TelemetrySelfInstruments(meter.build(),
					TelemetryPipeline.of(tracerProvider, processors, exporters),
					MetricsPipeline.of(meterProviders, readers, metricExporters));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
	static class InMicrometer {

		@Bean
		@ConditionalOnMissingBean(name = "telemetrySelfMetrics")
		TelemetryMeterBinder telemetrySelfMetrics(TracerProvider tracerProvider,
				ObjectProvider<BatchSpanProcessor> processors, ObjectProvider<SpanExporter> exporters,
				ObjectProvider<MeterProvider> meterProvider, ObjectProvider<MetricReader> readers,
				ObjectProvider<MetricExporter> metricExporters) {
			return new TelemetryMeterBinder(TelemetryPipeline.of(tracerProvider, processors, exporters),
					MetricsPipeline.of(meterProvider, readers, metricExporters));
		}

	}

}

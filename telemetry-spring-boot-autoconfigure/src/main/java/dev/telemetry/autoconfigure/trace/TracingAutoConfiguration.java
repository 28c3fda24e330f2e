package dev.telemetry.autoconfigure.trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.telemetry.autoconfigure.ConditionalOnTracingEnabled;
import dev.telemetry.autoconfigure.TelemetryProperties;
import dev.telemetry.autoconfigure.export.OtlpExportAutoConfiguration;
import dev.telemetry.autoconfigure.lifecycle.TelemetryFlushLifecycle;
import dev.telemetry.autoconfigure.resource.TelemetryResourceAutoConfiguration;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.TracerProviderBuilder;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.sdk.trace.export.SpanExporter;
import dev.telemetry.sdk.trace.export.SpanProcessor;
import dev.telemetry.sdk.trace.samplers.Sampler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration for tracing: the {@link Sampler} (and the {@link SamplerControl}
 * that changes it at run time), the {@link BatchSpanProcessor} in front of the exporter,
 * the {@link TracerProvider}, and the lifecycle that flushes it on shutdown.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { TelemetryResourceAutoConfiguration.class, OtlpExportAutoConfiguration.class })
@ConditionalOnTracingEnabled
@EnableConfigurationProperties({ TracingProperties.class, TelemetryProperties.class })
public final class TracingAutoConfiguration {

	private static final String BATCH = "telemetry.tracing.batch.";

	TracingAutoConfiguration() {
	}

	// TelemetryFlushLifecycle flushes the chain after the drain and shuts it down at
	// destruction. shutdown() is idempotent and never blocks: as a destroy method it only
	// matters when start-up failed before the lifecycle existed. Absent beside a user's
	// own TracerProvider.
	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean({ BatchSpanProcessor.class, TracerProvider.class })
	@ConditionalOnBean(SpanExporter.class)
	BatchSpanProcessor telemetryBatchSpanProcessor(SpanExporter exporter, TracingProperties properties) {
		TracingProperties.Batch batch = properties.getBatch();
		requirePositive(BATCH + "max-queue-size", batch.getMaxQueueSize());
		requirePositive(BATCH + "max-export-batch-size", batch.getMaxExportBatchSize());
		if (batch.getMaxExportBatchSize() > batch.getMaxQueueSize()) {
			throw new InvalidConfigurationPropertyValueException(BATCH + "max-export-batch-size",
					batch.getMaxExportBatchSize(),
					"must not exceed " + BATCH + "max-queue-size (" + batch.getMaxQueueSize() + ")");
		}
		requirePositive(BATCH + "schedule-delay", batch.getScheduleDelay());
		requirePositive(BATCH + "export-timeout", batch.getExportTimeout());
		return BatchSpanProcessor.builder(exporter)
			.setMaxQueueSize(batch.getMaxQueueSize())
			.setMaxExportBatchSize(batch.getMaxExportBatchSize())
			.setScheduleDelay(batch.getScheduleDelay())
			.setExporterTimeout(batch.getExportTimeout())
			.build();
	}

	// Shut down by TelemetryFlushLifecycle at destruction, within a bound (the lifecycle
	// depends on it, so it is destroyed first); the destroy method only covers a start-up
	// that failed before the lifecycle existed.
	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean
	TracerProvider telemetryTracerProvider(Resource resource, Sampler sampler,
			ObjectProvider<SpanProcessor> processors) {
		TracerProviderBuilder builder = TracerProvider.builder().setResource(resource).setSampler(sampler);
		List<SpanProcessor> ordered = processors.orderedStream().toList();
		ordered.forEach(builder::addSpanProcessor);
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	TelemetryFlushLifecycle telemetryFlushLifecycle(TracerProvider tracerProvider,
			ObjectProvider<MeterProvider> meterProvider, TelemetryProperties properties) {
		Duration timeout = properties.getShutdown().getTimeout();
		requirePositive("telemetry.shutdown.timeout", timeout);
		// Metrics are flushed in the same step as the spans, after the drain.
		List<TelemetryFlushLifecycle.Component> components = new ArrayList<>();
		components.add(TelemetryFlushLifecycle.Component.of(tracerProvider));
		meterProvider.ifAvailable((provider) -> components.add(TelemetryFlushLifecycle.Component.of(provider)));
		return new TelemetryFlushLifecycle(components, timeout);
	}

	/**
	 * The sampler built from {@code telemetry.tracing.sampler.*}, and the control that
	 * changes it at run time; both back off when the application defines a sampler.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(Sampler.class)
	static class SamplerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SamplerControl telemetrySamplerControl(TracingProperties properties, Environment environment) {
			return new SamplerControl(new SamplerFactory(SamplerFactory.actuatorPaths(environment)),
					properties.getSampler());
		}

		@Bean
		Sampler telemetrySampler(SamplerControl control) {
			return control.getSampler();
		}

	}

	private static void requirePositive(String property, int value) {
		if (value <= 0) {
			throw new InvalidConfigurationPropertyValueException(property, value, "must be greater than zero");
		}
	}

	private static void requirePositive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(property, value, "must be greater than zero");
		}
	}

}

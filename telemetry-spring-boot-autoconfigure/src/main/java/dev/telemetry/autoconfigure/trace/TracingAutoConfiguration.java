package dev.telemetry.autoconfigure.trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.telemetry.autoconfigure.BuilderErrors;
import dev.telemetry.autoconfigure.ConditionalOnTracingEnabled;
import dev.telemetry.autoconfigure.TelemetryProperties;
import dev.telemetry.autoconfigure.export.OtlpExportAutoConfiguration;
import dev.telemetry.autoconfigure.lifecycle.TelemetryFlushLifecycle;
import dev.telemetry.autoconfigure.resource.TelemetryResourceAutoConfiguration;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.SpanLimits;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.TracerProviderBuilder;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.sdk.trace.export.BatchSpanProcessorBuilder;
import dev.telemetry.sdk.trace.export.SpanExporter;
import dev.telemetry.sdk.trace.export.SpanProcessor;
import dev.telemetry.sdk.trace.samplers.Sampler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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

	private static final String LIMITS = "telemetry.tracing.limits.";

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
		BatchSpanProcessorBuilder builder = BatchSpanProcessor.builder(exporter);
		BuilderErrors.apply(BATCH + "max-queue-size", batch.getMaxQueueSize(),
				() -> builder.setMaxQueueSize(batch.getMaxQueueSize()));
		BuilderErrors.apply(BATCH + "max-export-batch-size", batch.getMaxExportBatchSize(),
				() -> builder.setMaxExportBatchSize(batch.getMaxExportBatchSize()));
		BuilderErrors.apply(BATCH + "schedule-delay", batch.getScheduleDelay(),
				() -> builder.setScheduleDelay(batch.getScheduleDelay()));
		BuilderErrors.apply(BATCH + "export-timeout", batch.getExportTimeout(),
				() -> builder.setExporterTimeout(batch.getExportTimeout()));
		// The one cross-field rule, batch not above queue, is the builder's too.
		return BuilderErrors.apply(BATCH + "max-export-batch-size", batch.getMaxExportBatchSize(), builder::build);
	}

	// Shut down by TelemetryFlushLifecycle at destruction, within a bound (the lifecycle
	// depends on it, so it is destroyed first); the destroy method only covers a start-up
	// that failed before the lifecycle existed.
	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean
	TracerProvider telemetryTracerProvider(Resource resource, Sampler sampler, ObjectProvider<SpanProcessor> processors,
			TracingProperties properties) {
		TracerProviderBuilder builder = TracerProvider.builder()
			.setResource(resource)
			.setSampler(sampler)
			.setSpanLimits(spanLimits(properties.getLimits()));
		List<SpanProcessor> ordered = processors.orderedStream().toList();
		ordered.forEach(builder::addSpanProcessor);
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	TelemetryFlushLifecycle telemetryFlushLifecycle(TracerProvider tracerProvider,
			ObjectProvider<MeterProvider> meterProvider, TelemetryProperties properties) {
		Duration timeout = properties.getShutdown().getTimeout();
		// Metrics are flushed in the same step as the spans, after the drain.
		List<TelemetryFlushLifecycle.Component> components = new ArrayList<>();
		components.add(TelemetryFlushLifecycle.Component.of(tracerProvider));
		meterProvider.ifAvailable((provider) -> components.add(TelemetryFlushLifecycle.Component.of(provider)));
		return BuilderErrors.apply("telemetry.shutdown.timeout", timeout,
				() -> new TelemetryFlushLifecycle(components, timeout));
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
			return new SamplerControl(new SamplerFactory(ActuatorPaths.of(environment)),
					properties.getSampler().toSettings());
		}

		@Bean
		Sampler telemetrySampler(SamplerControl control) {
			return control.getSampler();
		}

	}

	/**
	 * Builds the span limits; {@link SpanLimits} owns the rules, and its complaint is
	 * reported against the property it came from.
	 */
	static SpanLimits spanLimits(TracingProperties.Limits properties) {
		SpanLimits limits = SpanLimits.getDefault();
		limits = limit(limits, "max-attributes", properties.getMaxAttributes(), SpanLimits::withMaxAttributes);
		Integer valueLength = properties.getMaxAttributeValueLength();
		if (valueLength != null) {
			limits = limit(limits, "max-attribute-value-length", valueLength, SpanLimits::withMaxAttributeValueLength);
		}
		limits = limit(limits, "max-events", properties.getMaxEvents(), SpanLimits::withMaxEvents);
		limits = limit(limits, "max-links", properties.getMaxLinks(), SpanLimits::withMaxLinks);
		limits = limit(limits, "max-attributes-per-event", properties.getMaxAttributesPerEvent(),
				SpanLimits::withMaxAttributesPerEvent);
		return limit(limits, "max-attributes-per-link", properties.getMaxAttributesPerLink(),
				SpanLimits::withMaxAttributesPerLink);
	}

	private static SpanLimits limit(SpanLimits limits, String name, int value, LimitSetter setter) {
		return BuilderErrors.apply(LIMITS + name, value, () -> setter.apply(limits, value));
	}

	@FunctionalInterface
	private interface LimitSetter {

		SpanLimits apply(SpanLimits limits, int value);

	}

}

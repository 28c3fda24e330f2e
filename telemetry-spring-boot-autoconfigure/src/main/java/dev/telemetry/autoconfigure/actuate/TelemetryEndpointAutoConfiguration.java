package dev.telemetry.autoconfigure.actuate;

import java.time.Clock;
import java.time.Duration;
import java.util.function.IntConsumer;

import dev.telemetry.autoconfigure.trace.SamplerControl;
import dev.telemetry.autoconfigure.trace.TracingAutoConfiguration;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.MetricReader;
import dev.telemetry.sdk.metrics.export.MetricExporter;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.sdk.trace.export.SpanExporter;
import dev.telemetry.sdk.trace.recent.RecentSpansProcessor;
import dev.telemetry.sdk.trace.recent.RecentSpansProcessorBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for the {@code telemetry} actuator endpoint, when it is available
 * (its access is not {@code none} and it is exposed): the endpoint, the store of recent
 * spans it shows (a span processor after the batch processor), and the sampler steering
 * behind its write operations.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(TracerProvider.class)
@ConditionalOnAvailableEndpoint(TelemetryEndpoint.class)
@EnableConfigurationProperties(TelemetryEndpointProperties.class)
public final class TelemetryEndpointAutoConfiguration {

	private static final String RECENT = "management.endpoint.telemetry.recent-spans.";

	// How often a timed sampler change looks whether its time is up.
	private static final Duration REVERT_CHECK_INTERVAL = Duration.ofSeconds(1);

	TelemetryEndpointAutoConfiguration() {
	}

	// Registered after the batch processor (same order, later definition), so the
	// export hand-off comes first when a span ends.
	@Bean
	@ConditionalOnMissingBean
	RecentSpansProcessor telemetryRecentSpansProcessor(TelemetryEndpointProperties properties) {
		TelemetryEndpointProperties.RecentSpans recent = properties.getRecentSpans();
		RecentSpansProcessorBuilder builder = RecentSpansProcessor.builder();
		set(RECENT + "max-spans", recent.getMaxSpans(), builder::setMaxSpans);
		set(RECENT + "max-span-names", recent.getMaxSpanNames(), builder::setMaxSpanNames);
		set(RECENT + "samples-per-bucket", recent.getSamplesPerBucket(), builder::setSamplesPerBucket);
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SamplerControl.class)
	SamplerSteering telemetrySamplerSteering(SamplerControl control) {
		return new SamplerSteering(control, Clock.systemUTC(), REVERT_CHECK_INTERVAL);
	}

	private static void set(String property, int value, IntConsumer setter) {
		try {
			setter.accept(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value, ex.getMessage());
		}
	}

	// One rule for every page that shows attribute values: the endpoint's and the
	// console's.
	@Bean
	@ConditionalOnMissingBean
	AttributeValues telemetryAttributeValues(TelemetryEndpointProperties properties,
			ObjectProvider<SanitizingFunction> sanitizingFunctions) {
		return new AttributeValues(properties.getShowValues(), properties.getRoles(),
				sanitizingFunctions.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	TelemetryEndpoint telemetryEndpoint(TracerProvider tracerProvider, ObjectProvider<BatchSpanProcessor> processors,
			ObjectProvider<SpanExporter> exporters, ObjectProvider<SamplerSteering> steering,
			RecentSpansProcessor recentSpans, AttributeValues values, ObjectProvider<MeterProvider> meterProvider,
			ObjectProvider<MetricReader> metricReaders, ObjectProvider<MetricExporter> metricExporters) {
		return new TelemetryEndpoint(TelemetryPipeline.of(tracerProvider, processors, exporters),
				MetricsPipeline.of(meterProvider, metricReaders, metricExporters), steering.getIfAvailable(),
				new SpanDescriptions(recentSpans, values), values);
	}

}

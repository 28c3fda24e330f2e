package dev.telemetry.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;

import dev.telemetry.autoconfigure.ConditionalOnMetricsEnabled;
import dev.telemetry.autoconfigure.TelemetryProperties;
import dev.telemetry.autoconfigure.export.OtlpMetricExportAutoConfiguration;
import dev.telemetry.autoconfigure.lifecycle.TelemetryFlushLifecycle;
import dev.telemetry.autoconfigure.resource.TelemetryResourceAutoConfiguration;
import dev.telemetry.autoconfigure.trace.TracingAutoConfiguration;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.MeterProviderBuilder;
import dev.telemetry.sdk.metrics.MetricReader;
import dev.telemetry.sdk.metrics.export.MetricExporter;
import dev.telemetry.sdk.metrics.export.PeriodicMetricReader;
import dev.telemetry.sdk.metrics.export.PeriodicMetricReaderBuilder;
import dev.telemetry.sdk.resource.Resource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for metrics: the {@link PeriodicMetricReader} in front of the
 * {@link MetricExporter}, the {@link MeterProvider} with the resource shared with tracing
 * and the views, exemplar filter and cardinality limit of {@code telemetry.metrics.*},
 * and, when tracing is off, the lifecycle that exports the last metrics after the web
 * server drained. Every bean backs off when the application defines its own.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { TelemetryResourceAutoConfiguration.class, OtlpMetricExportAutoConfiguration.class,
		TracingAutoConfiguration.class })
@ConditionalOnMetricsEnabled
@EnableConfigurationProperties({ MetricsProperties.class, TelemetryProperties.class })
public final class MetricsAutoConfiguration {

	private static final String METRICS = "telemetry.metrics.";

	MetricsAutoConfiguration() {
	}

	// The meter provider shuts the reader (and with it the exporter) down; as a destroy
	// method, shutdown() only matters when start-up failed before the provider existed.
	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean({ MetricReader.class, MeterProvider.class })
	@ConditionalOnBean(MetricExporter.class)
	PeriodicMetricReader telemetryMetricReader(MetricExporter exporter, MetricsProperties properties) {
		MetricsProperties.Export export = properties.getExport();
		PeriodicMetricReaderBuilder builder = PeriodicMetricReader.builder(exporter);
		apply(METRICS + "export.interval", export.getInterval(), () -> builder.setInterval(export.getInterval()));
		apply(METRICS + "export.timeout", export.getTimeout(), () -> builder.setTimeout(export.getTimeout()));
		return builder.build();
	}

	// Exported for the last time by TelemetryFlushLifecycle, after the drain; the destroy
	// method only covers a start-up that failed before the lifecycle existed.
	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean
	MeterProvider telemetryMeterProvider(Resource resource, MetricsProperties properties,
			ObjectProvider<MetricReader> readers) {
		MeterProviderBuilder builder = MeterProvider.builder()
			.setResource(resource)
			.setExemplarFilter(properties.getExemplars().getFilter());
		apply(METRICS + "cardinality-limit", properties.getCardinalityLimit(),
				() -> builder.setCardinalityLimit(properties.getCardinalityLimit()));
		MetricViews.register(properties.getViews(), builder);
		readers.orderedStream().forEach(builder::registerMetricReader);
		return builder.build();
	}

	// Tracing's lifecycle flushes the meter provider too; this one is only for an
	// application with tracing off.
	@Bean
	@ConditionalOnMissingBean
	TelemetryFlushLifecycle telemetryFlushLifecycle(MeterProvider meterProvider, TelemetryProperties properties) {
		Duration timeout = properties.getShutdown().getTimeout();
		if (timeout == null || timeout.isZero() || timeout.isNegative()) {
			throw new InvalidConfigurationPropertyValueException("telemetry.shutdown.timeout", timeout,
					"must be greater than zero");
		}
		return new TelemetryFlushLifecycle(List.of(TelemetryFlushLifecycle.Component.of(meterProvider)), timeout);
	}

	private static <T> T apply(String property, Object value, java.util.function.Supplier<T> action) {
		try {
			return action.get();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value, ex.getMessage());
		}
	}

}

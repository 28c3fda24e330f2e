package dev.telemetry.autoconfigure.observation;

import dev.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.telemetry.sdk.metrics.Meter;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.resource.Resource;
import io.micrometer.observation.ObservationHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that registers the {@link MetricsObservationHandler} in Spring
 * Boot's {@code ObservationRegistry}, so every observation is measured: by the
 * semantic-convention metric conventions where one applies, else by a duration histogram
 * named after the observation.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = TracingObservationAutoConfiguration.class,
		afterName = MetricsObservationAutoConfiguration.METRICS_AUTO_CONFIGURATION)
@ConditionalOnTelemetryEnabled
@ConditionalOnClass(ObservationHandler.class)
@ConditionalOnBean(MeterProvider.class)
public final class MetricsObservationAutoConfiguration {

	/**
	 * The auto-configuration that provides the {@link MeterProvider}: the metric
	 * conventions and the handler come after it.
	 */
	public static final String METRICS_AUTO_CONFIGURATION = "dev.telemetry.autoconfigure.metrics.MetricsAutoConfiguration";

	MetricsObservationAutoConfiguration() {
	}

	/**
	 * Returns the meter that instruments made from observations belong to, with the same
	 * instrumentation scope as their spans.
	 * @param meterProvider the meter provider
	 * @return the meter
	 */
	public static Meter meter(MeterProvider meterProvider) {
		String version = Resource.class.getPackage().getImplementationVersion();
		var builder = meterProvider.meterBuilder(TracingObservationAutoConfiguration.INSTRUMENTATION_SCOPE);
		if (version != null) {
			builder.setInstrumentationVersion(version);
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	MetricsObservationHandler telemetryMetricsObservationHandler(MeterProvider meterProvider,
			ObjectProvider<ObservationMetricConvention> conventions) {
		return new MetricsObservationHandler(conventions.orderedStream().toList(), meter(meterProvider));
	}

}

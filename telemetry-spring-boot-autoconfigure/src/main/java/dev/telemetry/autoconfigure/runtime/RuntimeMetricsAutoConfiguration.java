package dev.telemetry.autoconfigure.runtime;

import dev.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.telemetry.autoconfigure.observation.MetricsObservationAutoConfiguration;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.resource.Resource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the JVM runtime metrics of the semantic conventions
 * ({@code jvm.memory.*}, {@code jvm.gc.duration}, {@code jvm.thread.count},
 * {@code jvm.class.*}, {@code jvm.cpu.*}), read when metrics are collected. Switched off
 * with {@code telemetry.metrics.runtime.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = MetricsObservationAutoConfiguration.METRICS_AUTO_CONFIGURATION)
@ConditionalOnTelemetryEnabled
@ConditionalOnBean(MeterProvider.class)
@ConditionalOnBooleanProperty(name = RuntimeMetricsProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(RuntimeMetricsProperties.class)
public final class RuntimeMetricsAutoConfiguration {

	/** The instrumentation scope name of the JVM runtime metrics. */
	public static final String INSTRUMENTATION_SCOPE = "dev.telemetry.runtime";

	RuntimeMetricsAutoConfiguration() {
	}

	@Bean
	JvmRuntimeMetrics telemetryJvmRuntimeMetrics(MeterProvider meterProvider) {
		var meter = meterProvider.meterBuilder(INSTRUMENTATION_SCOPE);
		String version = Resource.class.getPackage().getImplementationVersion();
		if (version != null) {
			meter.setInstrumentationVersion(version);
		}
		return new JvmRuntimeMetrics(meter.build());
	}

}

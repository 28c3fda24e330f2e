package dev.telemetry.autoconfigure.micrometer;

import java.util.function.Predicate;

import dev.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.telemetry.autoconfigure.observation.MetricsObservationAutoConfiguration;
import dev.telemetry.autoconfigure.observation.MetricsObservationHandler;
import dev.telemetry.autoconfigure.runtime.RuntimeMetricsProperties;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.resource.Resource;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the Micrometer bridge: with Spring Boot's actuator metrics on the
 * class path, a {@link TelemetryMeterRegistry} joins Spring Boot's composite registry, so
 * Micrometer meters are exported with this starter's metrics. Like Spring Boot's own
 * export registries, it replaces the fallback {@code SimpleMeterRegistry}.
 * <p>
 * Meters that measure what this starter already measures are left out (see
 * {@link MicrometerBridgeProperties#isObservationMeters()} and
 * {@code telemetry.metrics.runtime.enabled}). Switched off with
 * {@code telemetry.metrics.micrometer.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
		after = { MetricsObservationAutoConfiguration.class,
				dev.telemetry.autoconfigure.runtime.RuntimeMetricsAutoConfiguration.class },
		afterName = { MetricsObservationAutoConfiguration.METRICS_AUTO_CONFIGURATION,
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration" },
		beforeName = {
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnTelemetryEnabled
@ConditionalOnClass(name = { "io.micrometer.core.instrument.MeterRegistry",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration" })
@ConditionalOnBean(MeterProvider.class)
@ConditionalOnBooleanProperty(name = MicrometerBridgeProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties({ MicrometerBridgeProperties.class, RuntimeMetricsProperties.class })
public final class MicrometerBridgeAutoConfiguration {

	/** The instrumentation scope name of bridged Micrometer meters. */
	public static final String INSTRUMENTATION_SCOPE = "dev.telemetry.micrometer";

	private static final String METRICS_ENDPOINT = "org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint";

	private static final Log logger = LogFactory.getLog(MicrometerBridgeAutoConfiguration.class);

	MicrometerBridgeAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	TelemetryMeterRegistry telemetryMeterRegistry(MeterProvider meterProvider, MicrometerBridgeProperties properties,
			Environment environment, ObjectProvider<MetricsObservationHandler> metricsHandler,
			ObjectProvider<Clock> clock) {
		var meter = meterProvider.meterBuilder(INSTRUMENTATION_SCOPE);
		String version = Resource.class.getPackage().getImplementationVersion();
		if (version != null) {
			meter.setInstrumentationVersion(version);
		}
		MetricsObservationHandler handler = metricsHandler.getIfUnique();
		Predicate<String> measured = (properties.isObservationMeters() || handler == null) ? (name) -> false
				: handler::isMeasured;
		// Read from the environment rather than the runtime metrics' own condition, so
		// that the rule holds whichever auto-configuration is evaluated first.
		boolean runtimeMetrics = environment.getProperty(RuntimeMetricsProperties.PREFIX + ".enabled", Boolean.class,
				true);
		return new TelemetryMeterRegistry(meter.build(), new BridgeRule(runtimeMetrics, measured),
				clock.getIfAvailable(() -> Clock.SYSTEM));
	}

	/**
	 * Spring Boot's meter handler would time each observation measured by a convention as
	 * well, as timers the bridge does not export; {@code observation-meters=true} asks
	 * for those timers, so it keeps them.
	 */
	@Bean
	@ConditionalOnSingleCandidate(MetricsObservationHandler.class)
	@ConditionalOnBooleanProperty(name = MicrometerBridgeProperties.PREFIX + ".observation-meters", havingValue = false,
			matchIfMissing = true)
	MeasuredObservationMeterHandler telemetryMeasuredObservationMeterHandler(MetricsObservationHandler metricsHandler,
			ListableBeanFactory beanFactory) {
		boolean timersUnread = !hasOtherMeterReaders(beanFactory);
		if (logger.isDebugEnabled()) {
			logger.debug(timersUnread
					? "Spring Boot's meter handler skips the requests the starter measures: "
							+ "no registry but the bridge, and no metrics endpoint, would read its timers"
					: "Spring Boot's meter handler times the requests too: another meter registry "
							+ "or the metrics endpoint reads its timers");
		}
		return new MeasuredObservationMeterHandler(metricsHandler, timersUnread);
	}

	/**
	 * Whether a meter registry other than the bridge, or Spring Boot's {@code metrics}
	 * endpoint, could read Micrometer's meters. Asked of the bean definitions, which are
	 * complete by the time beans are made, whatever the order of auto-configurations.
	 */
	private static boolean hasOtherMeterReaders(ListableBeanFactory beanFactory) {
		for (String name : BeanFactoryUtils.beanNamesForTypeIncludingAncestors(beanFactory, MeterRegistry.class)) {
			if (!beanFactory.isTypeMatch(name, TelemetryMeterRegistry.class)) {
				return true;
			}
		}
		ClassLoader classLoader = MicrometerBridgeAutoConfiguration.class.getClassLoader();
		return ClassUtils.isPresent(METRICS_ENDPOINT, classLoader)
				&& BeanFactoryUtils.beanNamesForTypeIncludingAncestors(beanFactory,
						ClassUtils.resolveClassName(METRICS_ENDPOINT, classLoader)).length > 0;
	}

}

package dev.telemetry.autoconfigure.logging;

import dev.telemetry.autoconfigure.ConditionalOnTracingEnabled;
import dev.telemetry.autoconfigure.instrumentation.InstrumentationProperties;
import dev.telemetry.autoconfigure.observation.TracingObservationAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationRegistryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of log correlation: while an observation's scope is open, the SLF4J
 * MDC holds the current span's {@code trace_id}, {@code span_id} and {@code trace_flags}.
 * With {@code InstrumentationEnvironmentPostProcessor}'s default for
 * {@code logging.pattern.correlation}, Spring Boot's console and file patterns show them.
 * Switched off with {@code telemetry.instrumentation.logging.enabled=false}.
 * <p>
 * The MDC handler is added to the registry by an {@link ObservationRegistryCustomizer},
 * which Spring Boot applies after it has registered every {@code ObservationHandler}
 * bean: that guarantees it runs after the tracing handler, whose span it reads, however
 * the handler beans are ordered.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = TracingObservationAutoConfiguration.class)
@ConditionalOnTracingEnabled
@EnableConfigurationProperties(InstrumentationProperties.class)
@ConditionalOnClass(name = { "org.slf4j.MDC",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationRegistryCustomizer" })
@ConditionalOnBooleanProperty(name = InstrumentationProperties.PREFIX + ".logging.enabled", matchIfMissing = true)
public final class LogCorrelationAutoConfiguration {

	/** The name of the bean that registers the MDC handler. */
	public static final String CUSTOMIZER_BEAN_NAME = "telemetryLogCorrelationObservationRegistryCustomizer";

	LogCorrelationAutoConfiguration() {
	}

	@Bean(CUSTOMIZER_BEAN_NAME)
	@ConditionalOnMissingBean(name = CUSTOMIZER_BEAN_NAME)
	ObservationRegistryCustomizer<ObservationRegistry> telemetryLogCorrelationObservationRegistryCustomizer() {
		LogCorrelationObservationHandler handler = new LogCorrelationObservationHandler();
		return (registry) -> registry.observationConfig().observationHandler(handler);
	}

}

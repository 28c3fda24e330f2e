package dev.telemetry.autoconfigure.observation;

import dev.telemetry.autoconfigure.ConditionalOnTracingEnabled;
import dev.telemetry.autoconfigure.propagation.PropagationAutoConfiguration;
import dev.telemetry.autoconfigure.trace.TracingAutoConfiguration;
import dev.telemetry.sdk.propagation.TextMapPropagator;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.TracerProvider;
import io.micrometer.observation.ObservationHandler;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that registers the {@link TracingObservationHandler} in Spring
 * Boot's {@code ObservationRegistry}, so every observation becomes a span; and stops
 * start-up when Spring Boot's own tracing (Micrometer Tracing with a bridge) would trace
 * everything a second time.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { TracingAutoConfiguration.class, PropagationAutoConfiguration.class }, afterName = {
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration" })
@ConditionalOnTracingEnabled
@ConditionalOnClass(ObservationHandler.class)
@ConditionalOnBean({ TracerProvider.class, TextMapPropagator.class })
public final class TracingObservationAutoConfiguration {

	/** The instrumentation scope name of spans made from observations. */
	public static final String INSTRUMENTATION_SCOPE = "dev.telemetry.observation";

	TracingObservationAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	TracingObservationHandler telemetryTracingObservationHandler(TracerProvider tracerProvider,
			TextMapPropagator propagator, ObjectProvider<ObservationSpanConvention> conventions) {
		String version = Resource.class.getPackage().getImplementationVersion();
		return new TracingObservationHandler(tracerProvider.get(INSTRUMENTATION_SCOPE, version), propagator,
				conventions.orderedStream().toList());
	}

	@Bean
	static DuplicateTracingGuard telemetryDuplicateTracingGuard(ListableBeanFactory beanFactory) {
		return new DuplicateTracingGuard(beanFactory);
	}

}

package dev.telemetry.autoconfigure.propagation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import dev.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.telemetry.sdk.propagation.TextMapPropagator;
import dev.telemetry.sdk.propagation.W3CBaggagePropagator;
import dev.telemetry.sdk.propagation.W3CTraceContextPropagator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for the {@link TextMapPropagator} that carries trace context and
 * baggage across process boundaries.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnTelemetryEnabled
@EnableConfigurationProperties(PropagationProperties.class)
public final class PropagationAutoConfiguration {

	PropagationAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	TextMapPropagator telemetryPropagator(PropagationProperties properties) {
		List<TextMapPropagator> propagators = new ArrayList<>();
		for (PropagationType type : new LinkedHashSet<>(properties.getType())) {
			switch (type) {
				case TRACECONTEXT -> propagators.add(W3CTraceContextPropagator.getInstance());
				case BAGGAGE -> propagators.add(W3CBaggagePropagator.getInstance());
				case NONE -> {
				}
			}
		}
		return TextMapPropagator.composite(propagators);
	}

}

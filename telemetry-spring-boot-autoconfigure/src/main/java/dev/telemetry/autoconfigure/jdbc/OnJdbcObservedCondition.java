package dev.telemetry.autoconfigure.jdbc;

import dev.telemetry.autoconfigure.ConditionalOnTracingEnabled;
import dev.telemetry.autoconfigure.instrumentation.InstrumentationProperties;
import dev.telemetry.sdk.metrics.MeterProvider;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * Matches when statements are to be observed: for their spans (tracing on and
 * {@code telemetry.instrumentation.jdbc.enabled}), or for their metrics (a meter provider
 * and {@code telemetry.instrumentation.jdbc.metrics}). Either switch alone keeps the
 * observations.
 */
class OnJdbcObservedCondition extends AnyNestedCondition {

	OnJdbcObservedCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnTracingEnabled
	@ConditionalOnBooleanProperty(name = InstrumentationProperties.PREFIX + ".jdbc.enabled", matchIfMissing = true)
	static class Traced {

	}

	@ConditionalOnBean(MeterProvider.class)
	@ConditionalOnBooleanProperty(name = InstrumentationProperties.PREFIX + ".jdbc.metrics", matchIfMissing = true)
	static class Measured {

	}

}

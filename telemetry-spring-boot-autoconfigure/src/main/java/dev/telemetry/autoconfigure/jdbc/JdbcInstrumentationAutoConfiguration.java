package dev.telemetry.autoconfigure.jdbc;

import java.util.List;

import javax.sql.DataSource;

import dev.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.telemetry.autoconfigure.ConditionalOnTracingEnabled;
import dev.telemetry.autoconfigure.instrumentation.InstrumentationProperties;
import dev.telemetry.autoconfigure.instrumentation.UntracedSpanConvention;
import dev.telemetry.autoconfigure.observation.MetricsObservationAutoConfiguration;
import dev.telemetry.autoconfigure.observation.TracingObservationAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration that makes every statement run through a {@link DataSource} bean (by
 * {@code JdbcTemplate}, {@code JdbcClient}, {@code NamedParameterJdbcTemplate}, JPA or
 * plain JDBC) a CLIENT span, following the database semantic conventions. Spans are
 * switched off with {@code telemetry.instrumentation.jdbc.enabled=false}; the statements
 * stay observed while their metrics ({@code telemetry.instrumentation.jdbc.metrics}) are
 * on, and {@code DataSource}s are left alone only when both are off.
 * <p>
 * Statements become Micrometer observations, so they also feed metrics, and
 * {@code ObservationPredicate}s and {@code management.observations.enable.*} apply to
 * them.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = TracingObservationAutoConfiguration.class,
		afterName = MetricsObservationAutoConfiguration.METRICS_AUTO_CONFIGURATION)
@ConditionalOnTelemetryEnabled
@EnableConfigurationProperties(InstrumentationProperties.class)
@ConditionalOnClass({ DataSource.class, ObservationRegistry.class })
@Conditional(OnJdbcObservedCondition.class)
public final class JdbcInstrumentationAutoConfiguration {

	JdbcInstrumentationAutoConfiguration() {
	}

	// Static: a BeanPostProcessor must not wait for this configuration class, and it
	// binds its settings itself rather than pulling the properties bean in early.
	@Bean
	@ConditionalOnMissingBean
	static DataSourceObservationPostProcessor telemetryDataSourceObservationPostProcessor(Environment environment,
			ObjectProvider<ObservationRegistry> registry) {
		InstrumentationProperties.Jdbc settings = Binder.get(environment)
			.bind(InstrumentationProperties.PREFIX + ".jdbc", InstrumentationProperties.Jdbc.class)
			.orElseGet(InstrumentationProperties.Jdbc::new);
		return new DataSourceObservationPostProcessor(
				new JdbcInstrumentation(settings.isConnectionSpans(), settings.isResultSetSpans()), registry);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnTracingEnabled
	@ConditionalOnBooleanProperty(name = InstrumentationProperties.PREFIX + ".jdbc.enabled", matchIfMissing = true)
	JdbcSpanConvention telemetryJdbcSpanConvention() {
		return new JdbcSpanConvention();
	}

	// Observed for their metrics only: no spans.
	@Bean
	@ConditionalOnTracingEnabled
	@ConditionalOnBooleanProperty(name = InstrumentationProperties.PREFIX + ".jdbc.enabled", havingValue = false)
	UntracedSpanConvention telemetryUntracedJdbcSpanConvention() {
		return new UntracedSpanConvention(
				List.of(JdbcQueryContext.class, JdbcConnectionContext.class, JdbcResultSetContext.class));
	}

}

package dev.telemetry.autoconfigure.jdbc;

import javax.sql.DataSource;

import dev.telemetry.autoconfigure.ConditionalOnTracingEnabled;
import dev.telemetry.autoconfigure.instrumentation.InstrumentationProperties;
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
import org.springframework.core.env.Environment;

/**
 * Auto-configuration that makes every statement run through a {@link DataSource} bean (by
 * {@code JdbcTemplate}, {@code JdbcClient}, {@code NamedParameterJdbcTemplate}, JPA or
 * plain JDBC) a CLIENT span, following the database semantic conventions. Switched off
 * with {@code telemetry.instrumentation.jdbc.enabled=false}.
 * <p>
 * Statements become Micrometer observations, so they also feed metrics, and
 * {@code ObservationPredicate}s and {@code management.observations.enable.*} apply to
 * them.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = TracingObservationAutoConfiguration.class)
@ConditionalOnTracingEnabled
@EnableConfigurationProperties(InstrumentationProperties.class)
@ConditionalOnClass({ DataSource.class, ObservationRegistry.class })
@ConditionalOnBooleanProperty(name = InstrumentationProperties.PREFIX + ".jdbc.enabled", matchIfMissing = true)
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
	JdbcSpanConvention telemetryJdbcSpanConvention() {
		return new JdbcSpanConvention();
	}

}

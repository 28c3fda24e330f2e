package dev.telemetry.autoconfigure.jdbc;

import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.metrics.MeterProvider;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JdbcMetricsAutoConfiguration}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JdbcMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JdbcMetricsAutoConfiguration.class))
		.withBean(MeterProvider.class, () -> MeterProvider.builder().build());

	@Test
	void measuredStatementsAreKeptFromSpringBootsMeterHandler() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(JdbcMetricConvention.class).hasSingleBean(JdbcQueryMeterHandler.class);
			JdbcQueryMeterHandler handler = context.getBean(JdbcQueryMeterHandler.class);
			assertThat(handler.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
			assertThat(handler.supportsContext(
					new JdbcQueryContext(DatabaseInfo.UNKNOWN, "SELECT 1", "SELECT", null, null, "SELECT", -1)))
				.isTrue();
			assertThat(handler.supportsContext(new JdbcConnectionContext("HikariDataSource", null))).isFalse();
		});
	}

	@Test
	void observationMetersLeaveTheStatementsToSpringBootsMeterHandler() {
		this.contextRunner.withPropertyValues("telemetry.metrics.micrometer.observation-meters=true")
			.run((context) -> assertThat(context).hasSingleBean(JdbcMetricConvention.class)
				.doesNotHaveBean(JdbcQueryMeterHandler.class));
	}

	@Test
	void unmeasuredStatementsAreLeftToSpringBootsMeterHandler() {
		this.contextRunner.withPropertyValues("telemetry.instrumentation.jdbc.metrics=false")
			.run((context) -> assertThat(context).doesNotHaveBean(JdbcMetricConvention.class)
				.doesNotHaveBean(JdbcQueryMeterHandler.class));
	}

	@Test
	void withoutMicrometerMetersNoHandlerIsRegistered() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterObservationHandler.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(JdbcMetricConvention.class)
				.doesNotHaveBean(JdbcQueryMeterHandler.class));
	}

}

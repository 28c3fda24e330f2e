package dev.telemetry.autoconfigure.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.telemetry.autoconfigure.instrumentation.UntracedSpanConvention;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.testing.SpanCollector;
import dev.telemetry.autoconfigure.export.OtlpExportAutoConfiguration;
import dev.telemetry.autoconfigure.observation.TracingObservationAutoConfiguration;
import dev.telemetry.autoconfigure.propagation.PropagationAutoConfiguration;
import dev.telemetry.autoconfigure.resource.TelemetryResourceAutoConfiguration;
import dev.telemetry.autoconfigure.trace.TracingAutoConfiguration;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.SpanKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JdbcInstrumentationAutoConfiguration}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdbcInstrumentationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, TelemetryResourceAutoConfiguration.class,
				PropagationAutoConfiguration.class, OtlpExportAutoConfiguration.class, TracingAutoConfiguration.class,
				TracingObservationAutoConfiguration.class, JdbcInstrumentationAutoConfiguration.class))
		.withUserConfiguration(Collector.class)
		.withPropertyValues("telemetry.exporter.type=none", "spring.datasource.generate-unique-name=true");

	@Test
	void wrapsDataSourcesAndRegistersTheConvention() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DataSourceObservationPostProcessor.class)
				.hasSingleBean(JdbcSpanConvention.class);
			assertThat(DataSourceObservationPostProcessor.isInstrumented(context.getBean(DataSource.class))).isTrue();
			context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class);
			assertThat(context.getBean(SpanCollector.class).awaitNamed("SELECT").getKind()).isEqualTo(SpanKind.CLIENT);
		});
	}

	@Test
	void switchedOffLeavesDataSourcesAlone() {
		this.contextRunner.withPropertyValues("telemetry.instrumentation.jdbc.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(DataSourceObservationPostProcessor.class)
				.doesNotHaveBean(JdbcSpanConvention.class);
			assertThat(AopUtils.isAopProxy(context.getBean(DataSource.class))).isFalse();
		});
	}

	@Test
	void backsOffWithoutTracing() {
		this.contextRunner.withPropertyValues("telemetry.tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DataSourceObservationPostProcessor.class));
		this.contextRunner.withPropertyValues("telemetry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DataSourceObservationPostProcessor.class));
	}

	@Test
	void metricsAloneKeepStatementsObservedWithoutSpans() {
		this.contextRunner.withBean(MeterProvider.class, () -> MeterProvider.builder().build())
			.withPropertyValues("telemetry.instrumentation.jdbc.enabled=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(DataSourceObservationPostProcessor.class)
					.doesNotHaveBean(JdbcSpanConvention.class)
					.hasSingleBean(UntracedSpanConvention.class);
				assertThat(context.getBean(UntracedSpanConvention.class)
					.supports(
							new JdbcQueryContext(DatabaseInfo.UNKNOWN, "SELECT 1", "SELECT", null, null, "SELECT", -1)))
					.isTrue();
			});
		this.contextRunner.withBean(MeterProvider.class, () -> MeterProvider.builder().build())
			.withPropertyValues("telemetry.tracing.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(DataSourceObservationPostProcessor.class)
				.doesNotHaveBean(JdbcSpanConvention.class));
	}

	@Test
	void bothSwitchesOffLeaveDataSourcesAlone() {
		this.contextRunner.withBean(MeterProvider.class, () -> MeterProvider.builder().build())
			.withPropertyValues("telemetry.instrumentation.jdbc.enabled=false",
					"telemetry.instrumentation.jdbc.metrics=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DataSourceObservationPostProcessor.class));
	}

	@Test
	void backsOffForAUserConvention() {
		this.contextRunner.withBean("custom", JdbcSpanConvention.class, JdbcSpanConvention::new)
			.run((context) -> assertThat(context).hasSingleBean(JdbcSpanConvention.class).hasBean("custom"));
	}

	@Test
	void connectionAndResultSetSpansWhenSwitchedOn() {
		this.contextRunner
			.withPropertyValues("telemetry.instrumentation.jdbc.connection-spans=true",
					"telemetry.instrumentation.jdbc.result-set-spans=true")
			.run((context) -> {
				List<Integer> values = context.getBean(JdbcTemplate.class)
					.queryForList("SELECT X FROM SYSTEM_RANGE(1, 3)", Integer.class);
				assertThat(values).containsExactly(1, 2, 3);
				SpanCollector spans = context.getBean(SpanCollector.class);
				SpanData connection = spans.awaitNamed("HikariDataSource.getConnection");
				assertThat(connection.getKind()).isEqualTo(SpanKind.INTERNAL);
				assertThat(SpanCollector.attributes(connection)).containsEntry("db.system.name", "h2database");
				SpanData resultSet = spans.awaitNamed("read SELECT SYSTEM_RANGE");
				assertThat(resultSet.getKind()).isEqualTo(SpanKind.INTERNAL);
				assertThat(SpanCollector.attributes(resultSet)).containsEntry("db.response.returned_rows", 3L);
				SpanData query = spans.awaitNamed("SELECT SYSTEM_RANGE");
				assertThat(resultSet.getStartEpochNanos()).isGreaterThanOrEqualTo(query.getStartEpochNanos());
			});
	}

	@Test
	void resultSetReadsReachTheDriverUnderItsSpan() {
		this.contextRunner.withPropertyValues("telemetry.instrumentation.jdbc.result-set-spans=true").run((context) -> {
			try (Connection connection = context.getBean(DataSource.class).getConnection();
					PreparedStatement statement = connection.prepareStatement(
							"SELECT X, CAST(X AS INT) AS N, 'row ' || X AS LABEL FROM SYSTEM_RANGE(7, 8)")) {
				ResultSet rows = statement.executeQuery();
				assertThat(rows.next()).isTrue();
				assertThat(rows.getLong(1)).isEqualTo(7L);
				assertThat(rows.getInt(2)).isEqualTo(7);
				assertThat(rows.getString(3)).isEqualTo("row 7");
				assertThat(rows.getObject(1)).isEqualTo(7L);
				assertThat(rows.getLong("X")).isEqualTo(7L);
				assertThat(rows.getInt("N")).isEqualTo(7);
				assertThat(rows.getString("LABEL")).isEqualTo("row 7");
				assertThat(rows.getObject("N")).isEqualTo(7);
				assertThat(rows.getObject(2, Long.class)).isEqualTo(7L);
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> rows.getString(9))
					.satisfies((ex) -> assertThat(ex.getClass().getName()).startsWith("org.h2."));
				assertThat(rows.next()).isTrue();
				rows.close();
				assertThat(rows.isClosed()).isTrue();
			}
			SpanData read = context.getBean(SpanCollector.class).awaitNamed("read SELECT SYSTEM_RANGE");
			assertThat(SpanCollector.attributes(read)).containsEntry("db.response.returned_rows", 2L);
		});
	}

	@Test
	void statementsRunWhileTheContextStartsAreNotTraced() {
		this.contextRunner.withBean(StartupQuery.class).run((context) -> {
			assertThat(context.getBean(StartupQuery.class).result).isEqualTo(1);
			context.getBean(JdbcTemplate.class).queryForObject("SELECT 2", Integer.class);
			SpanCollector spans = context.getBean(SpanCollector.class);
			spans.awaitNamed("SELECT");
			assertThat(spans.spans()).hasSize(1);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Collector {

		@Bean
		SpanCollector spanCollector() {
			return new SpanCollector();
		}

	}

	static class StartupQuery {

		final Integer result;

		StartupQuery(JdbcTemplate jdbcTemplate) {
			this.result = jdbcTemplate.queryForObject("SELECT 1", Integer.class);
		}

	}

}

package dev.telemetry.autoconfigure.jdbc;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.observation.MetricsObservationHandler;
import dev.telemetry.autoconfigure.observation.ObservationMetricConvention;
import dev.telemetry.autoconfigure.observation.TestMeters;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JdbcMetricConvention} with the JDBC instrumentation's own query
 * contexts, through the metrics handler and a real meter provider.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JdbcMetricConventionTests {

	private static final DatabaseInfo POSTGRES = new DatabaseInfo("postgresql", "shop", "db.example", 5432);

	private final TestMeters meters = new TestMeters();

	private final ObservationRegistry registry = ObservationRegistry.create();

	JdbcMetricConventionTests() {
		// Only query contexts are observed here, so the convention is its own fallback.
		JdbcMetricConvention convention = new JdbcMetricConvention(this.meters.meter());
		List<ObservationMetricConvention> conventions = List.of(convention);
		this.registry.observationConfig().observationHandler(new MetricsObservationHandler(conventions, convention));
	}

	@AfterEach
	void tearDown() {
		this.meters.close();
	}

	@Test
	void statementIsMeasuredWithoutItsText() {
		run(query("SELECT id FROM orders WHERE id = ?", "SELECT", "orders"), null);
		MetricData metric = this.meters.metric("db.client.operation.duration");
		assertThat(metric.unit()).isEqualTo("s");
		HistogramPointData point = TestMeters.points(metric, HistogramPointData.class).get(0);
		assertThat(point.attributes().asMap()).containsExactlyInAnyOrderEntriesOf(
				Map.of("db.system.name", "postgresql", "db.operation.name", "SELECT", "db.collection.name", "orders",
						"db.namespace", "shop", "server.address", "db.example", "server.port", 5432L));
		assertThat(point.boundaries()).containsExactly(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);
	}

	@Test
	void statementsOfOneTableAndOperationAreOneSeries() {
		for (int id = 0; id < 100; id++) {
			run(query("SELECT id FROM orders WHERE id = " + id, "SELECT", "orders"), null);
		}
		assertThat(this.meters.histogram("db.client.operation.duration")).singleElement()
			.satisfies((point) -> assertThat(point.count()).isEqualTo(100));
	}

	@Test
	void failedStatementHasErrorType() {
		run(query("INSERT INTO orders VALUES (?)", "INSERT", "orders"), new SQLException("duplicate", "23505"));
		assertThat(this.meters.histogram("db.client.operation.duration").get(0).attributes().asMap())
			.containsEntry("error.type", "java.sql.SQLException");
	}

	@Test
	void embeddedDatabaseHasNoServer() {
		JdbcQueryContext query = new JdbcQueryContext(new DatabaseInfo("h2database", "sample", null, -1), "SELECT 1",
				"SELECT", null, null, "SELECT", -1);
		run(query, null);
		assertThat(this.meters.histogram("db.client.operation.duration").get(0).attributes().asMap())
			.containsOnlyKeys("db.system.name", "db.namespace", "db.operation.name");
	}

	private static JdbcQueryContext query(String sql, String operation, String table) {
		return new JdbcQueryContext(POSTGRES, sql, operation, table, null, operation + " " + table, -1);
	}

	private void run(JdbcQueryContext query, Throwable error) {
		Observation observation = Observation.createNotStarted("db.client.operation", () -> query, this.registry)
			.start();
		if (error != null) {
			observation.error(error);
		}
		observation.stop();
	}

}

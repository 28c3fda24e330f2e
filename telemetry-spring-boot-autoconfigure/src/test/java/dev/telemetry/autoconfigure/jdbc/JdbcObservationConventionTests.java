package dev.telemetry.autoconfigure.jdbc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JdbcObservationConvention}'s key values, which a cached statement text
 * builds once per database system.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JdbcObservationConventionTests {

	private static final DatabaseInfo H2 = new DatabaseInfo("h2database", "sample", null, -1);

	private static final DatabaseInfo POSTGRES = new DatabaseInfo("postgresql", "shop", "db.example", 5432);

	private final SqlSanitizer sanitizer = new SqlSanitizer();

	@Test
	void queryKeyValuesAreSystemOperationAndCollection() {
		ParsedSql sql = this.sanitizer.parsePrepared("SELECT id FROM orders WHERE id = ?");
		assertThat(asMap(keyValues(new JdbcQueryContext(H2, sql, true)))).containsExactlyInAnyOrderEntriesOf(
				Map.of("db.system.name", "h2database", "db.operation.name", "SELECT", "db.collection.name", "orders"));
	}

	@Test
	void missingOperationAndCollectionAreNone() {
		ParsedSql sql = SqlSanitizer.parse("VACUUM");
		assertThat(asMap(keyValues(new JdbcQueryContext(POSTGRES, sql, false)))).containsExactlyInAnyOrderEntriesOf(
				Map.of("db.system.name", "postgresql", "db.operation.name", "none", "db.collection.name", "none"));
	}

	@Test
	void executionsOfOneCachedTextShareTheirKeyValues() {
		KeyValues first = keyValues(
				new JdbcQueryContext(H2, this.sanitizer.parsePrepared("SELECT id FROM orders WHERE id = ?"), true));
		KeyValues second = keyValues(
				new JdbcQueryContext(H2, this.sanitizer.parsePrepared("SELECT id FROM orders WHERE id = ?"), true));
		assertThat(second).isSameAs(first);
	}

	@Test
	void oneTextOnTwoSystemsKeepsEachSystem() {
		ParsedSql sql = this.sanitizer.parsePrepared("DELETE FROM carts WHERE id = ?");
		for (int round = 0; round < 2; round++) {
			assertThat(asMap(keyValues(new JdbcQueryContext(H2, sql, true)))).containsEntry("db.system.name",
					"h2database");
			assertThat(asMap(keyValues(new JdbcQueryContext(POSTGRES, sql, true))))
				.containsEntry("db.system.name", "postgresql")
				.containsEntry("db.operation.name", "DELETE")
				.containsEntry("db.collection.name", "carts");
		}
	}

	@Test
	void batchKeyValuesNameTheBatch() {
		JdbcQueryContext batch = new JdbcQueryContext(H2, "INSERT INTO t VALUES (?)", "BATCH INSERT", "t", null,
				"BATCH INSERT t", 3);
		assertThat(asMap(keyValues(batch))).containsExactlyInAnyOrderEntriesOf(
				Map.of("db.system.name", "h2database", "db.operation.name", "BATCH INSERT", "db.collection.name", "t"));
	}

	@Test
	void observationCarriesTheConventionsKeyValues() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {
			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}
		});
		JdbcQueryContext query = new JdbcQueryContext(H2,
				this.sanitizer.parsePrepared("UPDATE orders SET state = ? WHERE id = ?"), true);
		Observation.createNotStarted(null, JdbcObservationConvention.QUERY, () -> query, registry).start().stop();
		assertThat(query.getName()).isEqualTo("db.client.operation");
		assertThat(query.getContextualName()).isEqualTo("UPDATE orders");
		assertThat(asMap(query.getLowCardinalityKeyValues())).containsExactlyInAnyOrderEntriesOf(
				Map.of("db.system.name", "h2database", "db.operation.name", "UPDATE", "db.collection.name", "orders"));
	}

	@Test
	void connectionAndResultSetKeyValuesAreTheSystem() {
		JdbcConnectionContext connection = new JdbcConnectionContext("HikariDataSource", null);
		assertThat(asMap(JdbcObservationConvention.CONNECTION.getLowCardinalityKeyValues(connection)))
			.containsExactlyInAnyOrderEntriesOf(Map.of("db.system.name", "none"));
		JdbcResultSetContext resultSet = new JdbcResultSetContext(POSTGRES, "read SELECT orders");
		assertThat(asMap(JdbcObservationConvention.RESULT_SET.getLowCardinalityKeyValues(resultSet)))
			.containsExactlyInAnyOrderEntriesOf(Map.of("db.system.name", "postgresql"));
	}

	private static KeyValues keyValues(JdbcQueryContext context) {
		return JdbcObservationConvention.QUERY.getLowCardinalityKeyValues(context);
	}

	private static Map<String, String> asMap(KeyValues keyValues) {
		List<KeyValue> list = keyValues.stream().toList();
		return list.stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
	}

}

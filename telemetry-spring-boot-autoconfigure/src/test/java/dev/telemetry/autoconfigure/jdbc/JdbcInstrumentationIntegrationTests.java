package dev.telemetry.autoconfigure.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import dev.telemetry.testing.SpanCollector;
import dev.telemetry.autoconfigure.instrumentation.InstrumentationTestApplication;
import dev.telemetry.sdk.trace.span.EventData;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.StatusCode;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadata;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadataProvider;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JDBC instrumentation in a real application: a Hikari pool over an in-memory H2
 * database, used through every Spring JDBC API and plain JDBC.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdbcInstrumentationIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static SpanCollector spans;

	private static DataSource dataSource;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(InstrumentationTestApplication.class).web(WebApplicationType.NONE)
			.properties(InstrumentationTestApplication.PROPERTIES)
			.properties("spring.datasource.url=jdbc:h2:mem:jdbctests;DB_CLOSE_DELAY=-1",
					"spring.datasource.hikari.maximum-pool-size=3")
			.run();
		spans = context.getBean(SpanCollector.class);
		dataSource = context.getBean(DataSource.class);
		context.getBean(JdbcTemplate.class)
			.execute("CREATE TABLE IF NOT EXISTS orders (id BIGINT PRIMARY KEY, item VARCHAR(100), quantity INT)");
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@BeforeEach
	void resetData() {
		context.getBean(JdbcTemplate.class).update("DELETE FROM orders");
		context.getBean(JdbcTemplate.class)
			.update("INSERT INTO orders (id, item, quantity) VALUES (?, ?, ?)", 1L, "coffee", 2);
		spans.clear();
	}

	@Test
	void jdbcTemplateQueryIsAClientSpanNamedAfterOperationAndTable() {
		List<String> items = context.getBean(JdbcTemplate.class)
			.queryForList("SELECT item FROM orders WHERE id = ?", String.class, 1L);
		assertThat(items).containsExactly("coffee");
		SpanData span = spans.awaitNamed("SELECT orders");
		assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.UNSET);
		assertThat(SpanCollector.attributes(span)).containsEntry("db.system.name", "h2database")
			.containsEntry("db.namespace", "jdbctests")
			.containsEntry("db.operation.name", "SELECT")
			.containsEntry("db.collection.name", "orders")
			.containsEntry("db.query.text", "SELECT item FROM orders WHERE id = ?")
			.doesNotContainKeys("server.address", "db.operation.batch.size");
	}

	@Test
	void literalsInAPlainStatementAreSanitized() {
		context.getBean(JdbcTemplate.class)
			.queryForList("SELECT item FROM orders WHERE item = 'coffee' AND quantity > 1", String.class);
		SpanData span = spans.awaitNamed("SELECT orders");
		assertThat(SpanCollector.attributes(span)).containsEntry("db.query.text",
				"SELECT item FROM orders WHERE item = ? AND quantity > ?");
		assertThat(span.toString()).doesNotContain("coffee");
	}

	@Test
	void jdbcClientAndNamedParameterTemplateAreTraced() {
		int updated = context.getBean(JdbcClient.class)
			.sql("UPDATE orders SET quantity = :quantity WHERE id = :id")
			.param("quantity", 5)
			.param("id", 1L)
			.update();
		assertThat(updated).isEqualTo(1);
		Integer quantity = context.getBean(NamedParameterJdbcTemplate.class)
			.queryForObject("SELECT quantity FROM orders WHERE id = :id", new MapSqlParameterSource("id", 1L),
					Integer.class);
		assertThat(quantity).isEqualTo(5);
		SpanData update = spans.awaitNamed("UPDATE orders");
		assertThat(SpanCollector.attributes(update)).containsEntry("db.query.text",
				"UPDATE orders SET quantity = ? WHERE id = ?");
		SpanData select = spans.awaitNamed("SELECT orders");
		assertThat(SpanCollector.attributes(select)).containsEntry("db.query.text",
				"SELECT quantity FROM orders WHERE id = ?");
	}

	@Test
	void plainJdbcIsTraced() throws Exception {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT id FROM orders WHERE item = ?")) {
			statement.setString(1, "coffee");
			try (ResultSet rows = statement.executeQuery()) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getLong(1)).isEqualTo(1L);
			}
			assertThat(statement.getConnection()).isSameAs(connection);
		}
		SpanData span = spans.awaitNamed("SELECT orders");
		assertThat(SpanCollector.attributes(span)).containsEntry("db.query.text",
				"SELECT id FROM orders WHERE item = ?");
	}

	@Test
	void parametersAndCloseReachTheDriverAndItsErrorsComeBackUnchanged() throws Exception {
		Connection returned;
		try (Connection connection = dataSource.getConnection()) {
			PreparedStatement statement = connection
				.prepareStatement("SELECT id FROM orders WHERE item = ? AND quantity = ? AND id = ? AND id = ?");
			statement.setString(1, "coffee");
			statement.setInt(2, 2);
			statement.setLong(3, 1L);
			statement.setObject(4, 1L);
			try (ResultSet rows = statement.executeQuery()) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getLong(1)).isEqualTo(1L);
			}
			statement.setObject(4, null);
			try (ResultSet rows = statement.executeQuery()) {
				assertThat(rows.next()).isFalse();
			}
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.setLong(9, 1L))
				.satisfies((ex) -> assertThat(ex.getClass().getName()).startsWith("org.h2."));
			PreparedStatement driverStatement = statement.unwrap(org.h2.jdbc.JdbcPreparedStatement.class);
			statement.close();
			// Checked while the connection is open: closing it would close the
			// statement too.
			assertThat(statement.isClosed()).isTrue();
			assertThat(driverStatement.isClosed()).isTrue();
			assertThat(connection.isClosed()).isFalse();
			returned = connection;
		}
		assertThat(returned.isClosed()).isTrue();
	}

	@Test
	void spanIsAChildOfTheCurrentObservation() {
		ObservationRegistry registry = context.getBean(ObservationRegistry.class);
		Observation.createNotStarted("checkout", registry)
			.observe(() -> context.getBean(JdbcTemplate.class)
				.queryForList("SELECT item FROM orders WHERE id = ?", String.class, 1L));
		SpanData parent = spans.awaitNamed("checkout");
		SpanData query = spans.awaitNamed("SELECT orders");
		assertThat(query.getParentSpanContext().getSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
		assertThat(query.getSpanContext().getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
	}

	@Test
	void preparedBatchRecordsItsSize() {
		context.getBean(JdbcTemplate.class)
			.batchUpdate("INSERT INTO orders (id, item, quantity) VALUES (?, ?, ?)", List
				.of(new Object[] { 10L, "tea", 1 }, new Object[] { 11L, "milk", 3 }, new Object[] { 12L, "juice", 4 }));
		SpanData span = spans.awaitNamed("BATCH INSERT orders");
		assertThat(SpanCollector.attributes(span)).containsEntry("db.operation.name", "BATCH INSERT")
			.containsEntry("db.collection.name", "orders")
			.containsEntry("db.operation.batch.size", 3L)
			.containsEntry("db.query.text", "INSERT INTO orders (id, item, quantity) VALUES (?, ?, ?)");
	}

	@Test
	void statementBatchOfDifferentStatementsJoinsTheirSanitizedTexts() throws Exception {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.addBatch("INSERT INTO orders (id, item, quantity) VALUES (20, 'secret', 1)");
			statement.addBatch("UPDATE orders SET quantity = 9 WHERE id = 20");
			statement.executeBatch();
		}
		// Different operations on one table: BATCH, and the table they share.
		SpanData span = spans.awaitNamed("BATCH orders");
		assertThat(SpanCollector.attributes(span)).containsEntry("db.operation.name", "BATCH")
			.containsEntry("db.collection.name", "orders")
			.containsEntry("db.operation.batch.size", 2L)
			.containsEntry("db.query.text",
					"INSERT INTO orders (id, item, quantity) VALUES (?, ?, ?); UPDATE orders SET quantity = ? WHERE id = ?");
		assertThat(span.toString()).doesNotContain("secret");
	}

	@Test
	void sqlErrorMarksTheSpanErrorWithoutLeakingTheStatement() {
		assertThatExceptionOfType(BadSqlGrammarException.class).isThrownBy(() -> context.getBean(JdbcTemplate.class)
			.queryForList("SELEC item FROM orders WHERE item = 'topsecret'"));
		SpanData span = spans.await((s) -> s.getStatus().code() == StatusCode.ERROR);
		assertThat(span.getName()).isEqualTo("h2database");
		assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
		Map<String, Object> attributes = SpanCollector.attributes(span);
		assertThat(attributes).containsEntry("error.type", "org.h2.jdbc.JdbcSQLSyntaxErrorException")
			.containsEntry("db.response.status_code", "42001")
			.containsEntry("db.query.text", "SELEC item FROM orders WHERE item = ?");
		assertThat(span.getEvents()).extracting(EventData::name).containsExactly("exception");
		assertThat(span.getEvents().get(0).attributes().asMap())
			.containsEntry("exception.type", "org.h2.jdbc.JdbcSQLSyntaxErrorException")
			.doesNotContainKey("exception.message");
		assertThat(span.toString() + span.getEvents()).doesNotContain("topsecret");
	}

	@Test
	void dataSourceKeepsItsTypeAndUnwrapsToThePool() throws Exception {
		assertThat(dataSource).isInstanceOf(HikariDataSource.class);
		assertThat(context.getBean(HikariDataSource.class)).isSameAs(dataSource);
		assertThat(dataSource.isWrapperFor(HikariConfigMXBean.class)).isTrue();
		HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
		assertThat(pool.getMaximumPoolSize()).isEqualTo(3);
		assertThat(DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class, HikariDataSource.class))
			.isNotNull();
		DataSourcePoolMetadata metadata = context.getBeanProvider(DataSourcePoolMetadataProvider.class)
			.orderedStream()
			.map((provider) -> provider.getDataSourcePoolMetadata(dataSource))
			.filter((candidate) -> candidate != null)
			.findFirst()
			.orElseThrow();
		assertThat(metadata.getMax()).isEqualTo(3);
	}

	@Test
	void connectionUnwrapsToTheDriverConnection() throws Exception {
		try (Connection connection = dataSource.getConnection()) {
			assertThat(connection.isWrapperFor(org.h2.jdbc.JdbcConnection.class)).isTrue();
			assertThat(connection.unwrap(org.h2.jdbc.JdbcConnection.class))
				.isInstanceOf(org.h2.jdbc.JdbcConnection.class);
			assertThat(connection.unwrap(Connection.class)).isSameAs(connection);
			assertThat(connection).isEqualTo(connection).hasSameHashCodeAs(connection);
		}
	}

	@Test
	void connectionAndResultSetAreNoSpansByDefault() {
		context.getBean(JdbcTemplate.class).queryForList("SELECT item FROM orders", String.class);
		spans.awaitNamed("SELECT orders");
		assertThat(spans.spans()).extracting(SpanData::getName).containsExactly("SELECT orders");
	}

}

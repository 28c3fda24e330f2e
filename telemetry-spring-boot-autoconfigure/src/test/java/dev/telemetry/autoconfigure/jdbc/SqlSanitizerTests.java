package dev.telemetry.autoconfigure.jdbc;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Tests for {@link SqlSanitizer}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SqlSanitizerTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '~',
			textBlock = """
					SELECT * FROM users WHERE name = 'alice' AND pw = 's3cr3t'|SELECT * FROM users WHERE name = ? AND pw = ?
					SELECT * FROM t WHERE a = 'it''s' OR b = 'c\\'d'|SELECT * FROM t WHERE a = ? OR b = ?
					SELECT * FROM t WHERE id = 42 AND price > 3.14 AND e < 1.5e-3|SELECT * FROM t WHERE id = ? AND price > ? AND e < ?
					SELECT * FROM t WHERE x = .5 OR y = -7|SELECT * FROM t WHERE x = ? OR y = -?
					UPDATE t SET flag = TRUE, other = false WHERE blob = 0xCAFE|UPDATE t SET flag = ?, other = ? WHERE blob = ?
					INSERT INTO t VALUES (X'0F', N'naïve', E'\\n', B'101', U&'d\\0061t')|INSERT INTO t VALUES (?, ?, ?, ?, ?)
					SELECT $$secret$$, $tag$also secret$tag$ FROM t|SELECT ?, ? FROM t
					SELECT t1.c2, "col 3", `col4` FROM table_5 t1|SELECT t1.c2, "col 3", `col4` FROM table_5 t1
					SELECT 1 /* keep 2 */ -- and 3|SELECT ? /* keep 2 */ -- and 3
					SELECT * FROM t WHERE a = 'unterminated|SELECT * FROM t WHERE a = ?
					SELECT a::int FROM t WHERE d = DATE '2024-01-01'|SELECT a::int FROM t WHERE d = DATE ?
					""")
	void replacesLiteralsButNotIdentifiersOrComments(String sql, String sanitized) {
		assertThat(SqlSanitizer.parse(sql).sanitized()).isEqualTo(sanitized);
	}

	@Test
	void textWithoutLiteralsIsTheSameInstance() {
		String sql = "SELECT id, item FROM orders WHERE id = ?";
		assertThat(SqlSanitizer.parse(sql).sanitized()).isSameAs(sql);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
			SELECT * FROM t WHERE id = ?|true
			SELECT * FROM t WHERE id = :id|true
			SELECT * FROM t WHERE id = $1|true
			{call proc(?)}|true
			SELECT * FROM t WHERE id = 1|false
			SELECT '?' FROM t -- ?|false
			SELECT a::text FROM t|false
			""")
	void detectsParameterMarkersOutsideLiteralsAndComments(String sql, boolean parameterized) {
		assertThat(SqlSanitizer.parse(sql).parameterized()).isEqualTo(parameterized);
	}

	@Test
	void parameterizedPreparedTextIsRecordedAsWritten() {
		ParsedSql parsed = SqlSanitizer.parse("SELECT * FROM t WHERE status = 'open' AND id = ?");
		assertThat(parsed.queryText(true)).isEqualTo("SELECT * FROM t WHERE status = 'open' AND id = ?");
		assertThat(parsed.queryText(false)).isEqualTo("SELECT * FROM t WHERE status = ? AND id = ?");
		ParsedSql literalsOnly = SqlSanitizer.parse("SELECT * FROM t WHERE status = 'open'");
		assertThat(literalsOnly.queryText(true)).isEqualTo("SELECT * FROM t WHERE status = ?");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '~', nullValues = "null", textBlock = """
			SELECT id, item, quantity FROM orders WHERE id = ?|SELECT|orders|null|SELECT orders
			select * from Orders o where o.id = 1|SELECT|Orders|null|SELECT Orders
			SELECT COUNT(*) FROM app.orders|SELECT|app.orders|null|SELECT app.orders
			SELECT * FROM "Order Lines" ORDER BY 1|SELECT|"Order Lines"|null|SELECT "Order Lines"
			SELECT * FROM a JOIN b ON a.id = b.id|SELECT|null|null|SELECT
			SELECT * FROM a LEFT OUTER JOIN b ON a.id = b.id|SELECT|null|null|SELECT
			SELECT * FROM a, b|SELECT|null|null|SELECT
			SELECT * FROM (SELECT * FROM t) x|SELECT|null|null|SELECT
			SELECT a FROM t UNION SELECT a FROM u|SELECT|null|null|SELECT
			SELECT * FROM t WHERE x IN (SELECT y FROM u)|SELECT|t|null|SELECT t
			SELECT EXTRACT(YEAR FROM d) FROM t|SELECT|t|null|SELECT t
			SELECT 1|SELECT|null|null|SELECT
			INSERT INTO orders (id, item) VALUES (?, ?)|INSERT|orders|null|INSERT orders
			INSERT INTO orders VALUES (1, 'a'), (2, 'b')|INSERT|orders|null|INSERT orders
			INSERT INTO archive SELECT * FROM orders|INSERT|null|null|INSERT
			UPDATE orders SET quantity = ? WHERE id = ?|UPDATE|orders|null|UPDATE orders
			UPDATE a SET x = b.x FROM b WHERE a.id = b.id|UPDATE|null|null|UPDATE
			DELETE FROM orders WHERE id = 2|DELETE|orders|null|DELETE orders
			DELETE FROM a USING b WHERE a.id = b.id|DELETE|null|null|DELETE
			MERGE INTO orders (id, item, quantity) KEY (id) VALUES (1, 'coffee', 2)|MERGE|orders|null|MERGE orders
			MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET x = s.x|MERGE|null|null|MERGE
			CREATE TABLE IF NOT EXISTS orders (id BIGINT PRIMARY KEY)|CREATE|orders|null|CREATE orders
			CREATE INDEX idx ON orders (item)|CREATE|null|null|CREATE
			DROP TABLE IF EXISTS orders|DROP|orders|null|DROP orders
			TRUNCATE TABLE orders|TRUNCATE|orders|null|TRUNCATE orders
			CALL refresh_totals(?, 3)|CALL|null|refresh_totals|CALL refresh_totals
			{call app.refresh(?)}|CALL|null|app.refresh|CALL app.refresh
			{? = call next_id(?)}|CALL|null|next_id|CALL next_id
			WITH recent AS (SELECT * FROM orders) SELECT * FROM recent|SELECT|null|null|SELECT
			SELECT 1; DROP TABLE orders|null|null|null|null
			SET search_path TO app|null|null|null|null
			/* hint */ SELECT * FROM orders|SELECT|orders|null|SELECT orders
			""")
	void findsTheOperationAndASingleCollection(String sql, String operation, String collection, String procedure,
			String summary) {
		ParsedSql parsed = SqlSanitizer.parse(sql);
		assertThat(parsed.operation()).isEqualTo(operation);
		assertThat(parsed.collection()).isEqualTo(collection);
		assertThat(parsed.storedProcedure()).isEqualTo(procedure);
		assertThat(parsed.summary()).isEqualTo(summary);
	}

	@Test
	void toStringNeverShowsTheOriginal() {
		assertThat(SqlSanitizer.parse("SELECT * FROM t WHERE pw = 'hunter2'"))
			.hasToString("ParsedSql[SELECT * FROM t WHERE pw = ?]");
	}

	@Test
	void preparedTextsAreCachedUpToABound() {
		SqlSanitizer sanitizer = new SqlSanitizer();
		ParsedSql first = sanitizer.parsePrepared("SELECT * FROM orders WHERE id = ?");
		assertThat(sanitizer.parsePrepared("SELECT * FROM orders WHERE id = ?")).isSameAs(first);
		for (int i = 0; i < SqlSanitizer.CACHE_SIZE * 2; i++) {
			sanitizer.parsePrepared("SELECT * FROM orders WHERE id = " + i);
		}
		assertThat(sanitizer.cacheSize()).isEqualTo(SqlSanitizer.CACHE_SIZE);
		assertThat(sanitizer.parsePrepared("SELECT * FROM t WHERE id = 123456").sanitized())
			.isEqualTo("SELECT * FROM t WHERE id = ?");
	}

	@Test
	void neverThrowsAndLeavesNoDigitOutsideIdentifiersOnArbitraryInput() {
		Random random = new Random(20240611);
		String alphabet = "SELECT FROM WHERE ab_1 '\"`$?:;()-*/.,=0123456789 \n\\eExX&{}";
		for (int run = 0; run < 20_000; run++) {
			int length = random.nextInt(60);
			StringBuilder sql = new StringBuilder(length);
			for (int i = 0; i < length; i++) {
				sql.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			assertThatCode(() -> SqlSanitizer.parse(sql.toString())).as(sql.toString()).doesNotThrowAnyException();
		}
	}

	@Test
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void finishesOnPathologicalInput() {
		// Long runs of quotes, escapes and nested parentheses: a backtracking parser
		// would not come back; a single pass takes milliseconds.
		String sql = "SELECT " + "'\\'".repeat(50_000) + "(".repeat(50_000) + "1e".repeat(50_000);
		assertThat(SqlSanitizer.parse(sql).sanitized()).startsWith("SELECT ?");
	}

}

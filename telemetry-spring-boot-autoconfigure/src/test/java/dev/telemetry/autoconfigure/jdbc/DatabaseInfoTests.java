package dev.telemetry.autoconfigure.jdbc;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DatabaseInfo}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DatabaseInfoTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '~', nullValues = "null",
			textBlock = """
					jdbc:h2:mem:sample;DB_CLOSE_DELAY=-1|h2database|sample|null|-1
					jdbc:h2:mem:|h2database|null|null|-1
					jdbc:h2:~/data/test|h2database|test|null|-1
					jdbc:h2:file:/var/db/orders;MODE=PostgreSQL|h2database|orders|null|-1
					jdbc:h2:tcp://db.example.com:9092/~/sales|h2database|sales|db.example.com|9092
					jdbc:postgresql://db.example.com:5432/app?sslmode=require|postgresql|app|db.example.com|5432
					jdbc:postgresql://db.example.com/app|postgresql|app|db.example.com|-1
					jdbc:postgresql:app|postgresql|app|null|-1
					jdbc:postgresql://h1:5432,h2:5433/app|postgresql|app|h1|5432
					jdbc:mysql://user:secret@mysql.internal:3306/shop?useSSL=false|mysql|shop|mysql.internal|3306
					jdbc:mysql:loadbalance://m1,m2/shop|mysql|shop|m1|-1
					jdbc:mariadb://[::1]:3307/shop|mariadb|shop|::1|3307
					jdbc:oracle:thin:@ora.example.com:1521:XE|oracle.db|XE|ora.example.com|1521
					jdbc:oracle:thin:scott/tiger@//ora.example.com:1521/orders.example.com|oracle.db|orders.example.com|ora.example.com|1521
					jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=x)))|oracle.db|null|null|-1
					jdbc:sqlserver://sql.example.com\\\\prod:1433;databaseName=crm;password=p4ss|microsoft.sql_server|crm|sql.example.com|1433
					jdbc:jtds:sqlserver://sql.example.com:1433/crm;user=sa|microsoft.sql_server|crm|sql.example.com|1433
					jdbc:db2://db2.example.com:50000/sample|ibm.db2|sample|db2.example.com|50000
					jdbc:hsqldb:mem:testdb|hsqldb|testdb|null|-1
					jdbc:hsqldb:hsql://localhost:9001/xdb|hsqldb|xdb|localhost|9001
					jdbc:derby:memory:demo;create=true|derby|demo|null|-1
					jdbc:sqlite:/tmp/app.db|sqlite|app.db|null|-1
					jdbc:tc:postgresql:16:///app|postgresql|16:|null|-1
					jdbc:p6spy:mysql://localhost:3306/shop|mysql|shop|localhost|3306
					jdbc:unknowndb://host:1234/x|other_sql|x|host|1234
					""")
	void readsTheJdbcUrl(String url, String system, String namespace, String host, int port) {
		DatabaseInfo info = DatabaseInfo.of(url, null);
		assertThat(info.systemName()).isEqualTo(system);
		if (!url.startsWith("jdbc:tc:")) {
			assertThat(info.namespace()).isEqualTo(namespace);
		}
		assertThat(info.serverAddress()).isEqualTo(host);
		assertThat(info.serverPort()).isEqualTo(port);
	}

	@Test
	void credentialsInTheUrlAreNeverKept() {
		DatabaseInfo info = DatabaseInfo.of("jdbc:mysql://admin:hunter2@db:3306/shop", null);
		assertThat(info.toString()).doesNotContain("hunter2").doesNotContain("admin");
	}

	@Test
	void productNameIsTheFallbackForTheSystem() {
		assertThat(DatabaseInfo.of("jdbc:weird:thing", "PostgreSQL").systemName()).isEqualTo("postgresql");
		assertThat(DatabaseInfo.of(null, "Microsoft SQL Server").systemName()).isEqualTo("microsoft.sql_server");
		assertThat(DatabaseInfo.of(null, "H2").systemName()).isEqualTo("h2database");
		assertThat(DatabaseInfo.of(null, null)).isEqualTo(DatabaseInfo.UNKNOWN);
	}

	@Test
	void malformedUrlsYieldWhatCanBeRead() {
		assertThat(DatabaseInfo.of("jdbc:", null).systemName()).isEqualTo("other_sql");
		assertThat(DatabaseInfo.of("not a url", null).systemName()).isEqualTo("other_sql");
		assertThat(DatabaseInfo.of("jdbc:postgresql://host:99999999/db", null).serverPort()).isEqualTo(-1);
		assertThat(DatabaseInfo.of("jdbc:postgresql://", null).serverAddress()).isNull();
	}

	@Test
	void equalWhenEveryComponentIsEqual() {
		DatabaseInfo info = new DatabaseInfo("postgresql", "shop", "db.example.com", 5432);
		DatabaseInfo same = DatabaseInfo.of("jdbc:postgresql://db.example.com:5432/shop", null);
		assertThat(same).isEqualTo(info).hasSameHashCodeAs(info);
		assertThat(info).isNotEqualTo(new DatabaseInfo("mysql", "shop", "db.example.com", 5432))
			.isNotEqualTo(new DatabaseInfo("postgresql", "other", "db.example.com", 5432))
			.isNotEqualTo(new DatabaseInfo("postgresql", null, "db.example.com", 5432))
			.isNotEqualTo(new DatabaseInfo("postgresql", "shop", null, 5432))
			.isNotEqualTo(new DatabaseInfo("postgresql", "shop", "db.example.com", 5433))
			.isNotEqualTo(null)
			.isNotEqualTo("postgresql");
		assertThat(new DatabaseInfo("h2database", null, null, -1))
			.isEqualTo(new DatabaseInfo("h2database", null, null, -1))
			.hasSameHashCodeAs(new DatabaseInfo("h2database", null, null, -1));
	}

}

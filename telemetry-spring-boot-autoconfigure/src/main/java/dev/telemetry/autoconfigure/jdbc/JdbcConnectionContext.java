package dev.telemetry.autoconfigure.jdbc;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The observation context of acquiring a connection from a {@code DataSource}, observed
 * only with {@code telemetry.instrumentation.jdbc.connection-spans=true}. An internal
 * span: from a pool this is usually a wait, not a network call.
 *
 * @since 0.1.0
 */
public final class JdbcConnectionContext extends Observation.Context {

	private final String dataSourceType;

	private @Nullable DatabaseInfo database;

	JdbcConnectionContext(String dataSourceType, @Nullable DatabaseInfo database) {
		this.dataSourceType = dataSourceType;
		this.database = database;
	}

	/**
	 * Returns the simple class name of the data source, such as {@code HikariDataSource}.
	 * @return the data source type
	 */
	public String getDataSourceType() {
		return this.dataSourceType;
	}

	/**
	 * Returns the {@code db.system.name}, once known (after the first connection).
	 * @return the database system, or {@code null}
	 */
	public @Nullable String getSystemName() {
		DatabaseInfo database = this.database;
		return (database != null) ? database.systemName() : null;
	}

	/**
	 * Returns the span name: {@code HikariDataSource.getConnection}.
	 * @return the span name
	 */
	public String getSpanName() {
		return this.dataSourceType + ".getConnection";
	}

	@Nullable DatabaseInfo getDatabase() {
		return this.database;
	}

	void setDatabase(DatabaseInfo database) {
		this.database = database;
	}

}

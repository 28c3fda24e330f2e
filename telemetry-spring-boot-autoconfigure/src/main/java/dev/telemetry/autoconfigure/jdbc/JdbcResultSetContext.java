package dev.telemetry.autoconfigure.jdbc;

import io.micrometer.observation.Observation;

/**
 * The observation context of reading a result set, from the query's return until the last
 * row is read or the result set is closed; observed only with
 * {@code telemetry.instrumentation.jdbc.result-set-spans=true}. An internal span, a
 * sibling of its query's.
 * <p>
 * Used on the thread that reads the result set.
 *
 * @since 0.1.0
 */
public final class JdbcResultSetContext extends Observation.Context {

	private final DatabaseInfo database;

	private final String spanName;

	private long rows;

	JdbcResultSetContext(DatabaseInfo database, String spanName) {
		this.database = database;
		this.spanName = spanName;
	}

	/**
	 * Returns the {@code db.system.name}.
	 * @return the database system
	 */
	public String getSystemName() {
		return this.database.systemName();
	}

	/**
	 * Returns the number of rows read so far.
	 * @return the {@code db.response.returned_rows}
	 */
	public long getRows() {
		return this.rows;
	}

	/**
	 * Returns the span name: {@code read SELECT orders}.
	 * @return the span name
	 */
	public String getSpanName() {
		return this.spanName;
	}

	void addRow() {
		this.rows++;
	}

	DatabaseInfo getDatabase() {
		return this.database;
	}

}

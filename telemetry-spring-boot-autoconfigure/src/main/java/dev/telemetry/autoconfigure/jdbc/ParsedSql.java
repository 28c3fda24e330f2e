package dev.telemetry.autoconfigure.jdbc;

import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * What one SQL text tells the instrumentation: the text with its literals replaced,
 * whether it has parameter markers, and the operation and single collection (or stored
 * procedure) it names, if any. The original text is kept only to be recorded as written
 * for a parameterized prepared statement, whose values travel separately.
 * <p>
 * Also remembers the observation key values of its last database system: a cached
 * prepared text then gives every execution the same {@link KeyValues}, instead of
 * building and sorting them per statement.
 * <p>
 * Thread-safe: immutable but for that memo, which is replaced whole.
 */
final class ParsedSql {

	private final String original;

	private final String sanitized;

	private final boolean parameterized;

	private final @Nullable String operation;

	private final @Nullable String collection;

	private final @Nullable String storedProcedure;

	private final @Nullable String summary;

	// Almost always one system per text; a text two systems share alternates, correctly.
	private volatile @Nullable SystemKeyValues keyValues;

	/**
	 * Creates the result of parsing a text.
	 * @param original the text as the application wrote it
	 * @param sanitized the text with every literal replaced by {@code ?}
	 * @param parameterized whether the text has a parameter marker ({@code ?},
	 * {@code :name} or {@code $1}) outside literals and comments
	 * @param operation the operation ({@code SELECT}, {@code INSERT}, ...), or
	 * {@code null}
	 * @param collection the one table the statement addresses, as written, or
	 * {@code null}
	 * @param storedProcedure the procedure a {@code CALL} names, or {@code null}
	 * @param summary {@code operation collection}, {@code operation procedure}, the
	 * operation alone, or {@code null}: the span name, precomputed
	 */
	ParsedSql(String original, String sanitized, boolean parameterized, @Nullable String operation,
			@Nullable String collection, @Nullable String storedProcedure, @Nullable String summary) {
		this.original = original;
		this.sanitized = sanitized;
		this.parameterized = parameterized;
		this.operation = operation;
		this.collection = collection;
		this.storedProcedure = storedProcedure;
		this.summary = summary;
	}

	String original() {
		return this.original;
	}

	String sanitized() {
		return this.sanitized;
	}

	boolean parameterized() {
		return this.parameterized;
	}

	@Nullable String operation() {
		return this.operation;
	}

	@Nullable String collection() {
		return this.collection;
	}

	@Nullable String storedProcedure() {
		return this.storedProcedure;
	}

	@Nullable String summary() {
		return this.summary;
	}

	/**
	 * Returns the text to record as {@code db.query.text}: parameterized prepared
	 * statements as written (their values are not in the text), everything else
	 * sanitized.
	 * @param prepared whether the text belongs to a prepared or callable statement
	 * @return the text to record
	 */
	String queryText(boolean prepared) {
		return (prepared && this.parameterized) ? this.original : this.sanitized;
	}

	/**
	 * Returns the low-cardinality key values of a query with this text on a database
	 * system, built once per system.
	 * @param systemName the {@code db.system.name}
	 * @return the key values
	 */
	KeyValues keyValues(String systemName) {
		SystemKeyValues memo = this.keyValues;
		if (memo == null || !memo.systemName.equals(systemName)) {
			memo = new SystemKeyValues(systemName,
					JdbcObservationConvention.queryKeyValues(systemName, this.operation, this.collection));
			this.keyValues = memo;
		}
		return memo.keyValues;
	}

	@Override
	public String toString() {
		// The original may hold literal values; never print it.
		return "ParsedSql[" + this.sanitized + "]";
	}

	private record SystemKeyValues(String systemName, KeyValues keyValues) {
	}

}

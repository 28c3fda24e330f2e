package dev.telemetry.autoconfigure.jdbc;

import org.jspecify.annotations.Nullable;

/**
 * What one SQL text tells the instrumentation: the text with its literals replaced,
 * whether it has parameter markers, and the operation and single collection (or stored
 * procedure) it names, if any. The original text is kept only to be recorded as written
 * for a parameterized prepared statement, whose values travel separately.
 *
 * @param original the text as the application wrote it
 * @param sanitized the text with every literal replaced by {@code ?}
 * @param parameterized whether the text has a parameter marker ({@code ?}, {@code :name}
 * or {@code $1}) outside literals and comments
 * @param operation the operation ({@code SELECT}, {@code INSERT}, ...), or {@code null}
 * @param collection the one table the statement addresses, as written, or {@code null}
 * @param storedProcedure the procedure a {@code CALL} names, or {@code null}
 * @param summary {@code operation collection}, {@code operation procedure}, the operation
 * alone, or {@code null}: the span name, precomputed
 */
record ParsedSql(String original, String sanitized, boolean parameterized, @Nullable String operation,
		@Nullable String collection, @Nullable String storedProcedure, @Nullable String summary) {

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

	@Override
	public String toString() {
		// The original may hold literal values; never print it.
		return "ParsedSql[" + this.sanitized + "]";
	}

}

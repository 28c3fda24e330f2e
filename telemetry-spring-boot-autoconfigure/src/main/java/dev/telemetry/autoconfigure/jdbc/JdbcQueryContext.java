package dev.telemetry.autoconfigure.jdbc;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.Propagator;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

/**
 * The observation context of one statement execution (or one batch) sent to a database: a
 * {@link SenderContext} of kind {@link Kind#CLIENT}, so the span is a CLIENT span. No
 * carrier: nothing is injected into SQL.
 * <p>
 * Holds only what may be recorded: the query text is sanitized unless it is a
 * parameterized prepared statement's, whose values are never part of it.
 * <p>
 * Created and used on the thread that runs the statement.
 *
 * @since 0.1.0
 */
public final class JdbcQueryContext extends SenderContext<Object> {

	private static final Propagator.Setter<Object> NO_CARRIER = (carrier, key, value) -> {
	};

	private final DatabaseInfo database;

	private final String queryText;

	private final @Nullable String operationName;

	private final @Nullable String collectionName;

	private final @Nullable String storedProcedureName;

	private final @Nullable String summary;

	private final int batchSize;

	// The parsed text of a prepared statement, which runs again and so keeps its key
	// values; null for a batch, and for a plain statement's text, parsed anew each time
	private final @Nullable ParsedSql sql;

	/**
	 * Creates the context of one statement.
	 * @param database the database
	 * @param sql the statement's parsed text
	 * @param preparedText whether the text is a prepared or callable statement's
	 */
	JdbcQueryContext(DatabaseInfo database, ParsedSql sql, boolean preparedText) {
		this(database, sql.queryText(preparedText), sql.operation(), sql.collection(), sql.storedProcedure(),
				sql.summary(), -1, preparedText ? sql : null);
	}

	/**
	 * Creates the context of a batch (or of an empty one).
	 */
	JdbcQueryContext(DatabaseInfo database, String queryText, @Nullable String operationName,
			@Nullable String collectionName, @Nullable String storedProcedureName, @Nullable String summary,
			int batchSize) {
		this(database, queryText, operationName, collectionName, storedProcedureName, summary, batchSize, null);
	}

	private JdbcQueryContext(DatabaseInfo database, String queryText, @Nullable String operationName,
			@Nullable String collectionName, @Nullable String storedProcedureName, @Nullable String summary,
			int batchSize, @Nullable ParsedSql sql) {
		super(NO_CARRIER, Kind.CLIENT);
		this.sql = sql;
		this.database = database;
		this.queryText = queryText;
		this.operationName = operationName;
		this.collectionName = collectionName;
		this.storedProcedureName = storedProcedureName;
		this.summary = summary;
		this.batchSize = batchSize;
		setRemoteServiceName(database.systemName());
	}

	/**
	 * Returns the {@code db.system.name}, such as {@code postgresql}; {@code other_sql}
	 * when unknown.
	 * @return the database system
	 */
	public String getSystemName() {
		return this.database.systemName();
	}

	/**
	 * Returns the database name from the JDBC URL.
	 * @return the {@code db.namespace}, or {@code null}
	 */
	public @Nullable String getNamespace() {
		return this.database.namespace();
	}

	/**
	 * Returns the database host from the JDBC URL.
	 * @return the {@code server.address}, or {@code null} for embedded databases
	 */
	public @Nullable String getServerAddress() {
		return this.database.serverAddress();
	}

	/**
	 * Returns the database port from the JDBC URL.
	 * @return the {@code server.port}, or {@code -1}
	 */
	public int getServerPort() {
		return this.database.serverPort();
	}

	/**
	 * Returns the text recorded as {@code db.query.text}: literals replaced by {@code ?},
	 * except for a parameterized prepared statement, kept as written.
	 * @return the query text, safe to record
	 */
	public String getQueryText() {
		return this.queryText;
	}

	/**
	 * Returns the operation, such as {@code SELECT} or {@code BATCH INSERT}.
	 * @return the {@code db.operation.name}, or {@code null} when not recognized
	 */
	public @Nullable String getOperationName() {
		return this.operationName;
	}

	/**
	 * Returns the one table the statement addresses.
	 * @return the {@code db.collection.name}, or {@code null} when none or several
	 */
	public @Nullable String getCollectionName() {
		return this.collectionName;
	}

	/**
	 * Returns the procedure a {@code CALL} invokes.
	 * @return the {@code db.stored_procedure.name}, or {@code null}
	 */
	public @Nullable String getStoredProcedureName() {
		return this.storedProcedureName;
	}

	/**
	 * Returns the number of statements in a batch.
	 * @return the {@code db.operation.batch.size}, or {@code -1} when not a batch of two
	 * or more (or an empty one)
	 */
	public int getBatchSize() {
		return this.batchSize;
	}

	/**
	 * Returns the span name: {@code SELECT orders}, else the operation, else the database
	 * system.
	 * @return the span name
	 */
	public String getSpanName() {
		return (this.summary != null) ? this.summary : this.database.systemName();
	}

	/**
	 * Returns the key values the observation convention gives this query: the same
	 * instance for every execution of a cached statement text.
	 */
	KeyValues lowCardinalityKeyValues() {
		ParsedSql sql = this.sql;
		return (sql != null) ? sql.keyValues(getSystemName())
				: JdbcObservationConvention.queryKeyValues(getSystemName(), this.operationName, this.collectionName);
	}

	DatabaseInfo getDatabase() {
		return this.database;
	}

}

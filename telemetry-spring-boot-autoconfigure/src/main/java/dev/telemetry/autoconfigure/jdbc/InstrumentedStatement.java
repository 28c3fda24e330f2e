package dev.telemetry.autoconfigure.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The proxy behind an instrumented {@link Statement}, {@code PreparedStatement} or
 * {@code CallableStatement}: each {@code execute*} call, and each {@code executeBatch},
 * is one observation of a {@link JdbcQueryContext}. Everything else is passed through;
 * {@code getConnection()} returns the instrumented connection.
 * <p>
 * Not thread-safe, like the statement: the batch being collected is plain state.
 */
final class InstrumentedStatement implements InvocationHandler {

	private final JdbcInstrumentation instrumentation;

	private final Statement delegate;

	private final Connection connection;

	private final DatabaseInfo database;

	// The prepared text, or null for a plain statement
	private final @Nullable ParsedSql prepared;

	private int preparedBatchSize;

	private @Nullable List<ParsedSql> statementBatch;

	// Names the result set of the last execute(), for getResultSet()
	private @Nullable ParsedSql lastExecuted;

	InstrumentedStatement(JdbcInstrumentation instrumentation, Statement delegate, Connection connection,
			DatabaseInfo database, @Nullable ParsedSql prepared) {
		this.instrumentation = instrumentation;
		this.delegate = delegate;
		this.connection = connection;
		this.database = database;
		this.prepared = prepared;
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		String name = method.getName();
		switch (name) {
			case "execute", "executeQuery", "executeUpdate", "executeLargeUpdate" -> {
				return execute((Statement) proxy, method, args, name.equals("executeQuery"));
			}
			case "executeBatch", "executeLargeBatch" -> {
				return executeBatch(method, args);
			}
			case "addBatch" -> {
				Object result = JdbcInstrumentation.invoke(this.delegate, method, args);
				addBatch(args);
				return result;
			}
			case "clearBatch" -> {
				Object result = JdbcInstrumentation.invoke(this.delegate, method, args);
				clearBatch();
				return result;
			}
			case "getConnection" -> {
				return this.connection;
			}
			case "getResultSet" -> {
				Object resultSet = JdbcInstrumentation.invoke(this.delegate, method, args);
				ParsedSql sql = this.lastExecuted;
				return (resultSet instanceof ResultSet rs && sql != null) ? observeResultSet(rs, (Statement) proxy, sql)
						: resultSet;
			}
			default -> {
				if (passedDirectly(name, args)) {
					return null;
				}
				Object answer = JdbcInstrumentation.common(proxy, this.delegate, name, args);
				return (answer != JdbcInstrumentation.NOT_HANDLED) ? answer
						: JdbcInstrumentation.invoke(this.delegate, method, args);
			}
		}
	}

	/**
	 * Makes the calls that accompany every query (binding its parameters, closing the
	 * statement) directly rather than through reflection, which costs a request more than
	 * the rest of the pass-through.
	 * @return whether the call was made
	 */
	private boolean passedDirectly(String name, Object @Nullable [] args) throws SQLException {
		if (name.equals("close")) {
			// Statement.close() has no overloads.
			this.delegate.close();
			return true;
		}
		if (args == null || args.length != 2 || !(args[0] instanceof Integer index)
				|| !(this.delegate instanceof PreparedStatement statement)) {
			return false;
		}
		Object value = args[1];
		switch (name) {
			case "setObject" -> statement.setObject(index, value);
			case "setString" -> statement.setString(index, (String) value);
			case "setLong" -> statement.setLong(index, (Long) value);
			case "setInt" -> statement.setInt(index, (Integer) value);
			default -> {
				return false;
			}
		}
		return true;
	}

	private @Nullable Object execute(Statement proxy, Method method, Object @Nullable [] args, boolean query)
			throws Throwable {
		ParsedSql sql;
		boolean preparedText;
		if (args != null && args.length > 0 && args[0] instanceof String text) {
			// Statement.execute(sql): literals differ from call to call, so no caching.
			sql = SqlSanitizer.parse(text);
			preparedText = false;
		}
		else {
			sql = this.prepared;
			preparedText = true;
		}
		ObservationRegistry registry = this.instrumentation.registry();
		JdbcInstrumentation.Observing observing = JdbcInstrumentation.observing();
		if (sql == null || registry == null || observing.statement) {
			return JdbcInstrumentation.invoke(this.delegate, method, args);
		}
		this.lastExecuted = sql;
		JdbcQueryContext context = new JdbcQueryContext(this.database, sql, preparedText);
		Object result = observe(registry, context, observing, method, args);
		if (query && result instanceof ResultSet resultSet) {
			return observeResultSet(resultSet, proxy, sql);
		}
		return result;
	}

	private @Nullable Object executeBatch(Method method, Object @Nullable [] args) throws Throwable {
		JdbcQueryContext context = batchContext();
		clearBatch();
		ObservationRegistry registry = this.instrumentation.registry();
		JdbcInstrumentation.Observing observing = JdbcInstrumentation.observing();
		if (context == null || registry == null || observing.statement) {
			return JdbcInstrumentation.invoke(this.delegate, method, args);
		}
		return observe(registry, context, observing, method, args);
	}

	private @Nullable Object observe(ObservationRegistry registry, JdbcQueryContext context,
			JdbcInstrumentation.Observing observing, Method method, Object @Nullable [] args) throws Throwable {
		Observation observation = Observation
			.createNotStarted(null, JdbcObservationConvention.QUERY, () -> context, registry)
			.start();
		observing.statement = true;
		try {
			return run(method, args);
		}
		catch (Throwable ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observing.statement = false;
			observation.stop();
		}
	}

	// A prepared statement's execute calls, the usual ones, are made directly: no
	// reflection on the path every query takes.
	private @Nullable Object run(Method method, Object @Nullable [] args) throws Throwable {
		if ((args == null || args.length == 0) && this.delegate instanceof PreparedStatement statement) {
			switch (method.getName()) {
				case "executeQuery" -> {
					return statement.executeQuery();
				}
				case "executeUpdate" -> {
					return statement.executeUpdate();
				}
				case "execute" -> {
					return statement.execute();
				}
				default -> {
				}
			}
		}
		return JdbcInstrumentation.invoke(this.delegate, method, args);
	}

	private ResultSet observeResultSet(ResultSet resultSet, Statement proxy, ParsedSql sql) {
		ObservationRegistry registry = this.instrumentation.registry();
		if (!this.instrumentation.isResultSetSpans() || registry == null) {
			return resultSet;
		}
		String summary = (sql.summary() != null) ? sql.summary() : this.database.systemName();
		JdbcResultSetContext context = new JdbcResultSetContext(this.database, "read " + summary);
		Observation observation = Observation
			.createNotStarted(null, JdbcObservationConvention.RESULT_SET, () -> context, registry)
			.start();
		return this.instrumentation.wrapResultSet(resultSet, proxy, observation, context);
	}

	private void addBatch(Object @Nullable [] args) {
		if (args != null && args.length == 1 && args[0] instanceof String text) {
			List<ParsedSql> batch = this.statementBatch;
			if (batch == null) {
				batch = new ArrayList<>();
				this.statementBatch = batch;
			}
			batch.add(SqlSanitizer.parse(text));
		}
		else {
			this.preparedBatchSize++;
		}
	}

	private void clearBatch() {
		this.preparedBatchSize = 0;
		this.statementBatch = null;
	}

	/**
	 * Describes the batch about to run: one statement is not a batch; two or more (or
	 * none) are, named {@code BATCH INSERT} when they share the operation.
	 */
	private @Nullable JdbcQueryContext batchContext() {
		List<ParsedSql> batch = this.statementBatch;
		if (batch == null || batch.isEmpty()) {
			ParsedSql sql = this.prepared;
			if (sql == null) {
				return batchOf(List.of(), 0);
			}
			if (this.preparedBatchSize == 1) {
				return new JdbcQueryContext(this.database, sql, true);
			}
			return batchOf(List.of(sql), this.preparedBatchSize);
		}
		if (batch.size() == 1) {
			ParsedSql sql = batch.get(0);
			return new JdbcQueryContext(this.database, sql, false);
		}
		return batchOf(batch, batch.size());
	}

	/**
	 * A batch of {@code size} statements whose distinct texts are {@code statements} (one
	 * text, repeated, for a prepared batch).
	 */
	private JdbcQueryContext batchOf(List<ParsedSql> statements, int size) {
		boolean prepared = this.prepared != null && this.statementBatch == null;
		String text = "";
		String operation = null;
		String collection = null;
		boolean sameText = true;
		boolean sameOperation = true;
		boolean sameCollection = true;
		StringBuilder texts = null;
		for (int i = 0; i < statements.size(); i++) {
			ParsedSql sql = statements.get(i);
			String queryText = sql.queryText(prepared);
			if (i == 0) {
				text = queryText;
				operation = sql.operation();
				collection = sql.collection();
				continue;
			}
			sameText &= text.equals(queryText);
			sameOperation &= Objects.equals(operation, sql.operation());
			sameCollection &= Objects.equals(collection, sql.collection());
			if (texts == null) {
				texts = new StringBuilder(text);
			}
			texts.append("; ").append(queryText);
		}
		if (!sameText && texts != null) {
			text = texts.toString();
		}
		String batchOperation = (sameOperation && operation != null) ? "BATCH " + operation : "BATCH";
		String batchCollection = sameCollection ? collection : null;
		String summary = (batchCollection != null) ? batchOperation + " " + batchCollection : batchOperation;
		return new JdbcQueryContext(this.database, text, batchOperation, batchCollection, null, summary, size);
	}

}

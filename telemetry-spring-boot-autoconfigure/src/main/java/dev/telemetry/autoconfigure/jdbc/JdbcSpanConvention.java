package dev.telemetry.autoconfigure.jdbc;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import dev.telemetry.autoconfigure.observation.ObservationSpanConvention;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.trace.SpanBuilder;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.StatusCode;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Spans for the JDBC observations, by the stable database semantic conventions: a CLIENT
 * span named {@code SELECT orders} (else the operation, else the database system) with
 * {@code db.system.name}, {@code db.namespace}, {@code db.operation.name},
 * {@code db.collection.name}, {@code db.stored_procedure.name}, {@code db.query.text},
 * {@code db.operation.batch.size}, {@code server.address} and {@code server.port}, all
 * known at start so samplers see them; and the optional connection and result-set spans.
 * <p>
 * A failed statement is an error with {@code error.type} set to the exception's class and
 * {@code db.response.status_code} to its SQLState (else its vendor code). The
 * {@code exception} event carries the type and the stack of the exception and its causes,
 * but no messages: drivers echo the statement, literals included, and sometimes the
 * offending values, in them.
 * <p>
 * Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class JdbcSpanConvention implements ObservationSpanConvention {

	private static final int MAX_CAUSES = 8;

	@Override
	public boolean supports(Observation.Context context) {
		return context instanceof JdbcQueryContext || context instanceof JdbcConnectionContext
				|| context instanceof JdbcResultSetContext;
	}

	@Override
	public boolean supportsByType() {
		return true;
	}

	@Override
	public String getStartName(Observation.Context context) {
		return spanName(context);
	}

	/**
	 * Returns the span name of one of the JDBC observation contexts, which the
	 * observation convention also uses as the contextual name.
	 * @param context a query, connection or result set context
	 * @return the name
	 */
	static String spanName(Observation.Context context) {
		if (context instanceof JdbcQueryContext query) {
			return query.getSpanName();
		}
		if (context instanceof JdbcConnectionContext connection) {
			return connection.getSpanName();
		}
		return ((JdbcResultSetContext) context).getSpanName();
	}

	@Override
	public void onStart(Observation.Context context, SpanBuilder span) {
		if (context instanceof JdbcQueryContext query) {
			setDatabase(span, query.getDatabase());
			setIfPresent(span, "db.operation.name", query.getOperationName());
			setIfPresent(span, "db.collection.name", query.getCollectionName());
			setIfPresent(span, "db.stored_procedure.name", query.getStoredProcedureName());
			if (!query.getQueryText().isEmpty()) {
				span.setAttribute("db.query.text", query.getQueryText());
			}
			if (query.getBatchSize() >= 0) {
				span.setAttribute("db.operation.batch.size", query.getBatchSize());
			}
		}
		else if (context instanceof JdbcResultSetContext resultSet) {
			setDatabase(span, resultSet.getDatabase());
		}
		else if (context instanceof JdbcConnectionContext connection && connection.getDatabase() != null) {
			setDatabase(span, connection.getDatabase());
		}
	}

	@Override
	public void onStop(Observation.Context context, Span span) {
		if (context instanceof JdbcResultSetContext resultSet) {
			span.setAttribute("db.response.returned_rows", resultSet.getRows());
		}
		else if (context instanceof JdbcConnectionContext connection) {
			DatabaseInfo database = connection.getDatabase();
			if (database != null) {
				span.setAttribute("db.system.name", database.systemName());
				setIfPresent(span, "db.namespace", database.namespace());
			}
		}
		Throwable error = context.getError();
		if (error != null) {
			recordError(span, error);
		}
	}

	private static void setDatabase(SpanBuilder span, DatabaseInfo database) {
		span.setAttribute("db.system.name", database.systemName());
		setIfPresent(span, "db.namespace", database.namespace());
		if (database.serverAddress() != null) {
			span.setAttribute("server.address", database.serverAddress());
			if (database.serverPort() > 0) {
				span.setAttribute("server.port", database.serverPort());
			}
		}
	}

	private static void setIfPresent(SpanBuilder span, String key, @Nullable String value) {
		if (value != null) {
			span.setAttribute(key, value);
		}
	}

	private static void setIfPresent(Span span, String key, @Nullable String value) {
		if (value != null) {
			span.setAttribute(key, value);
		}
	}

	static void recordError(Span span, Throwable error) {
		span.setAttribute("error.type", error.getClass().getName());
		String code = null;
		if (error instanceof SQLException sql) {
			code = sql.getSQLState();
			if (code == null && sql.getErrorCode() != 0) {
				code = Integer.toString(sql.getErrorCode());
			}
		}
		if (code != null) {
			span.setAttribute("db.response.status_code", code);
		}
		span.setStatus(StatusCode.ERROR, (code != null) ? code : "");
		AttributesBuilder attributes = Attributes.builder()
			.put("exception.type", error.getClass().getName())
			.put("exception.stacktrace", stackWithoutMessages(error));
		span.addEvent("exception", attributes.build());
	}

	/**
	 * Renders the stack of an exception and its causes as Java prints it, minus the
	 * messages.
	 */
	static String stackWithoutMessages(Throwable error) {
		StringBuilder stack = new StringBuilder(512);
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		Throwable current = error;
		int causes = 0;
		while (current != null && seen.add(current) && causes++ < MAX_CAUSES) {
			if (current != error) {
				stack.append("Caused by: ");
			}
			stack.append(current.getClass().getName()).append('\n');
			for (StackTraceElement frame : current.getStackTrace()) {
				stack.append("\tat ").append(frame).append('\n');
			}
			current = current.getCause();
		}
		return stack.toString();
	}

}

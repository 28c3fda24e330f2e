package dev.telemetry.autoconfigure.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.sql.ResultSet;
import java.sql.Statement;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The proxy behind a {@link ResultSet} read under its own observation: rows are counted
 * and the observation stops at the last row or at {@code close()}, whichever comes first.
 * <p>
 * Not thread-safe, like the result set.
 */
final class InstrumentedResultSet implements InvocationHandler {

	private final ResultSet delegate;

	private final Statement statement;

	private final Observation observation;

	private final JdbcResultSetContext context;

	private boolean stopped;

	InstrumentedResultSet(ResultSet delegate, Statement statement, Observation observation,
			JdbcResultSetContext context) {
		this.delegate = delegate;
		this.statement = statement;
		this.observation = observation;
		this.context = context;
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		String name = method.getName();
		switch (name) {
			case "next" -> {
				try {
					Object hasRow = JdbcInstrumentation.invoke(this.delegate, method, args);
					if (Boolean.TRUE.equals(hasRow)) {
						this.context.addRow();
					}
					else {
						stop();
					}
					return hasRow;
				}
				catch (Throwable ex) {
					this.observation.error(ex);
					stop();
					throw ex;
				}
			}
			case "close" -> {
				try {
					return JdbcInstrumentation.invoke(this.delegate, method, args);
				}
				finally {
					stop();
				}
			}
			case "getStatement" -> {
				return this.statement;
			}
			default -> {
				Object answer = JdbcInstrumentation.common(proxy, this.delegate, name, args);
				return (answer != JdbcInstrumentation.NOT_HANDLED) ? answer
						: JdbcInstrumentation.invoke(this.delegate, method, args);
			}
		}
	}

	private void stop() {
		if (!this.stopped) {
			this.stopped = true;
			this.observation.stop();
		}
	}

}

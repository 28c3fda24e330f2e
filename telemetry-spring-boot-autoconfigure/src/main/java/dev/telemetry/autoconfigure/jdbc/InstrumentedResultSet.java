package dev.telemetry.autoconfigure.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.sql.ResultSet;
import java.sql.SQLException;
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
					// Row by row, the calls a read makes go to the driver directly
					// (next() and close() have no overloads).
					boolean hasRow = this.delegate.next();
					if (hasRow) {
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
					this.delegate.close();
					return null;
				}
				finally {
					stop();
				}
			}
			case "getStatement" -> {
				return this.statement;
			}
			case "getString", "getLong", "getInt", "getObject" -> {
				if (args != null && args.length == 1) {
					return column(name, args[0]);
				}
				return JdbcInstrumentation.invoke(this.delegate, method, args);
			}
			default -> {
				Object answer = JdbcInstrumentation.common(proxy, this.delegate, name, args);
				return (answer != JdbcInstrumentation.NOT_HANDLED) ? answer
						: JdbcInstrumentation.invoke(this.delegate, method, args);
			}
		}
	}

	// A column by index or by label; the proxy boxes the primitive results either way.
	private @Nullable Object column(String getter, Object column) throws SQLException {
		ResultSet rows = this.delegate;
		if (column instanceof Integer index) {
			return switch (getter) {
				case "getString" -> rows.getString(index);
				case "getLong" -> rows.getLong(index);
				case "getInt" -> rows.getInt(index);
				default -> rows.getObject(index);
			};
		}
		String label = (String) column;
		return switch (getter) {
			case "getString" -> rows.getString(label);
			case "getLong" -> rows.getLong(label);
			case "getInt" -> rows.getInt(label);
			default -> rows.getObject(label);
		};
	}

	private void stop() {
		if (!this.stopped) {
			this.stopped = true;
			this.observation.stop();
		}
	}

}

package dev.telemetry.autoconfigure.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

import org.jspecify.annotations.Nullable;

/**
 * The proxy behind an instrumented {@link Connection}: statements it creates are
 * instrumented; {@code unwrap} and {@code isWrapperFor} reach the driver's (or pool's)
 * connection; everything else is passed through.
 * <p>
 * As thread-safe as the connection it wraps.
 */
final class InstrumentedConnection implements InvocationHandler {

	private final JdbcInstrumentation instrumentation;

	private final Connection delegate;

	private final DatabaseInfo database;

	InstrumentedConnection(JdbcInstrumentation instrumentation, Connection delegate, DatabaseInfo database) {
		this.instrumentation = instrumentation;
		this.delegate = delegate;
		this.database = database;
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		String name = method.getName();
		switch (name) {
			case "createStatement" -> {
				Statement statement = (Statement) JdbcInstrumentation.invoke(this.delegate, method, args);
				return (statement != null)
						? this.instrumentation.wrapStatement(statement, (Connection) proxy, this.database) : null;
			}
			case "prepareStatement", "prepareCall" -> {
				// JdbcTemplate and JPA providers call the one-argument form on every
				// query: called directly, not through reflection.
				Object result = (args != null && args.length == 1 && name.equals("prepareStatement")
						&& args[0] instanceof String sql) ? this.delegate.prepareStatement(sql)
								: JdbcInstrumentation.invoke(this.delegate, method, args);
				if (result instanceof PreparedStatement statement && args != null && args[0] instanceof String sql) {
					return this.instrumentation.wrapPrepared(statement, (Connection) proxy, this.database, sql);
				}
				return result;
			}
			case "close" -> {
				// Connection.close() has no overloads.
				this.delegate.close();
				return null;
			}
			default -> {
				Object answer = JdbcInstrumentation.common(proxy, this.delegate, name, args);
				return (answer != JdbcInstrumentation.NOT_HANDLED) ? answer
						: JdbcInstrumentation.invoke(this.delegate, method, args);
			}
		}
	}

}

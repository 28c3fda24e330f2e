package dev.telemetry.autoconfigure.jdbc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.UndeclaredThrowableException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * What every instrumented JDBC object shares: the observation registry (none until the
 * application context has started, so statements run while it starts, such as
 * {@code schema.sql}, are not traced), the settings and the SQL cache; and the proxy
 * factories.
 * <p>
 * Thread-safe.
 */
final class JdbcInstrumentation {

	private static final MethodHandle CONNECTION = proxyConstructor(Connection.class);

	private static final MethodHandle STATEMENT = proxyConstructor(Statement.class);

	private static final MethodHandle PREPARED_STATEMENT = proxyConstructor(PreparedStatement.class);

	private static final MethodHandle CALLABLE_STATEMENT = proxyConstructor(CallableStatement.class);

	private static final MethodHandle RESULT_SET = proxyConstructor(ResultSet.class);

	/**
	 * Set while a statement runs under an observation, so that a second instrumented
	 * layer below it (a data source wrapping another instrumented one) does not trace the
	 * same statement again.
	 */
	private static final ThreadLocal<Observing> OBSERVING = ThreadLocal.withInitial(Observing::new);

	private final SqlSanitizer sanitizer = new SqlSanitizer();

	private final boolean connectionSpans;

	private final boolean resultSetSpans;

	private volatile @Nullable ObservationRegistry registry;

	JdbcInstrumentation(boolean connectionSpans, boolean resultSetSpans) {
		this.connectionSpans = connectionSpans;
		this.resultSetSpans = resultSetSpans;
	}

	/**
	 * Starts observing, once the application context is ready.
	 * @param registry the registry observations are made in
	 */
	void activate(ObservationRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Returns the registry to observe in, or {@code null} when nothing would be recorded.
	 */
	@Nullable ObservationRegistry registry() {
		ObservationRegistry registry = this.registry;
		return (registry != null && !registry.isNoop()) ? registry : null;
	}

	boolean isConnectionSpans() {
		return this.connectionSpans;
	}

	boolean isResultSetSpans() {
		return this.resultSetSpans;
	}

	SqlSanitizer sanitizer() {
		return this.sanitizer;
	}

	static boolean isObserving() {
		return OBSERVING.get().statement;
	}

	/**
	 * Returns this thread's flag, to test and then set and clear with one thread-local
	 * look-up.
	 */
	static Observing observing() {
		return OBSERVING.get();
	}

	/**
	 * Whether a statement runs under an observation on this thread.
	 */
	static final class Observing {

		boolean statement;

	}

	/**
	 * Returns the connection wrapped so that its statements are observed; a connection
	 * wrapped already is returned as it is.
	 */
	Connection wrap(Connection connection, DatabaseInfo database) {
		if (isInstrumented(connection)) {
			return connection;
		}
		return (Connection) newProxy(CONNECTION, new InstrumentedConnection(this, connection, database));
	}

	Statement wrapStatement(Statement statement, Connection connection, DatabaseInfo database) {
		return (Statement) newProxy(STATEMENT, new InstrumentedStatement(this, statement, connection, database, null));
	}

	PreparedStatement wrapPrepared(PreparedStatement statement, Connection connection, DatabaseInfo database,
			String sql) {
		ParsedSql parsed = this.sanitizer.parsePrepared(sql);
		if (statement instanceof CallableStatement callable) {
			return (CallableStatement) newProxy(CALLABLE_STATEMENT,
					new InstrumentedStatement(this, callable, connection, database, parsed));
		}
		return (PreparedStatement) newProxy(PREPARED_STATEMENT,
				new InstrumentedStatement(this, statement, connection, database, parsed));
	}

	ResultSet wrapResultSet(ResultSet resultSet, Statement statement, Observation observation,
			JdbcResultSetContext context) {
		return (ResultSet) newProxy(RESULT_SET, new InstrumentedResultSet(resultSet, statement, observation, context));
	}

	static boolean isInstrumented(Object object) {
		return Proxy.isProxyClass(object.getClass())
				&& Proxy.getInvocationHandler(object) instanceof InstrumentedConnection;
	}

	private static Object newProxy(MethodHandle constructor, InvocationHandler handler) {
		try {
			return (Object) constructor.invokeExact(handler);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Cannot create JDBC proxy", ex);
		}
	}

	// A method handle rather than the reflective constructor: a constant that the JIT
	// turns into a plain allocation, without access checks on every statement.
	private static MethodHandle proxyConstructor(Class<?> type) {
		InvocationHandler unused = (proxy, method, args) -> null;
		Object proxy = Proxy.newProxyInstance(JdbcInstrumentation.class.getClassLoader(), new Class<?>[] { type },
				unused);
		try {
			return MethodHandles.lookup()
				.findConstructor(proxy.getClass(), MethodType.methodType(void.class, InvocationHandler.class))
				.asType(MethodType.methodType(Object.class, InvocationHandler.class));
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Calls the method on the target and lets its own exceptions through unchanged, as if
	 * no proxy stood between the caller and the driver.
	 */
	static @Nullable Object invoke(Object target, Method method, Object @Nullable [] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
		catch (IllegalAccessException ex) {
			throw new UndeclaredThrowableException(ex);
		}
	}

	/**
	 * Handles the {@code java.sql.Wrapper} and {@code Object} methods a proxy answers
	 * itself.
	 * @return the answer, or {@link #NOT_HANDLED}
	 */
	static @Nullable Object common(Object proxy, Object target, String name, Object @Nullable [] args)
			throws Throwable {
		int count = (args != null) ? args.length : 0;
		switch (name) {
			case "unwrap" -> {
				if (count == 1 && args[0] instanceof Class<?> type) {
					return type.isInstance(proxy) ? proxy : ((java.sql.Wrapper) target).unwrap(type);
				}
			}
			case "isWrapperFor" -> {
				if (count == 1 && args[0] instanceof Class<?> type) {
					return type.isInstance(proxy) || ((java.sql.Wrapper) target).isWrapperFor(type);
				}
			}
			case "equals" -> {
				if (count == 1) {
					return proxy == args[0];
				}
			}
			case "hashCode" -> {
				if (count == 0) {
					return System.identityHashCode(proxy);
				}
			}
			case "toString" -> {
				if (count == 0) {
					return target.toString();
				}
			}
			default -> {
			}
		}
		return NOT_HANDLED;
	}

	static final Object NOT_HANDLED = new Object();

}

package dev.telemetry.autoconfigure.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Advises a {@code DataSource}'s {@code getConnection} methods: the connection is
 * returned instrumented, and with connection spans on, its acquisition is observed. The
 * database is read from the first connection's metadata and kept for the data source.
 * <p>
 * Thread-safe.
 */
final class DataSourceInterceptor implements MethodInterceptor {

	private final JdbcInstrumentation instrumentation;

	private final String dataSourceType;

	private volatile @Nullable DatabaseInfo database;

	DataSourceInterceptor(JdbcInstrumentation instrumentation, String dataSourceType) {
		this.instrumentation = instrumentation;
		this.dataSourceType = dataSourceType;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		ObservationRegistry registry = this.instrumentation.registry();
		if (registry == null || !invocation.getMethod().getName().equals("getConnection")) {
			return invocation.proceed();
		}
		if (!this.instrumentation.isConnectionSpans() || JdbcInstrumentation.isObserving()) {
			return instrument(connect(invocation));
		}
		JdbcConnectionContext context = new JdbcConnectionContext(this.dataSourceType, this.database);
		Observation observation = Observation
			.createNotStarted(null, JdbcObservationConvention.CONNECTION, () -> context, registry)
			.start();
		try {
			Object connection = connect(invocation);
			if (connection instanceof Connection jdbc) {
				context.setDatabase(database(jdbc));
			}
			return instrument(connection);
		}
		catch (Throwable ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/**
	 * Calls the data source's {@code getConnection} straight, not by reflection: this
	 * interceptor is the whole of a frozen proxy's advice (see
	 * {@link DataSourceObservationPostProcessor}), so there is nothing else in the chain
	 * to proceed to, and the call is on the path of every request that queries.
	 */
	private static @Nullable Object connect(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		if (invocation.getThis() instanceof DataSource dataSource) {
			if (arguments.length == 0) {
				return dataSource.getConnection();
			}
			if (arguments.length == 2) {
				return dataSource.getConnection((String) arguments[0], (String) arguments[1]);
			}
		}
		return invocation.proceed();
	}

	private @Nullable Object instrument(@Nullable Object connection) {
		if (connection instanceof Connection jdbc) {
			return this.instrumentation.wrap(jdbc, database(jdbc));
		}
		return connection;
	}

	private DatabaseInfo database(Connection connection) {
		DatabaseInfo database = this.database;
		if (database == null) {
			database = read(connection);
			this.database = database;
		}
		return database;
	}

	private static DatabaseInfo read(Connection connection) {
		try {
			DatabaseMetaData metaData = connection.getMetaData();
			String url = metaData.getURL();
			DatabaseInfo database = DatabaseInfo.of(url, null);
			if (database.systemName().equals(DatabaseInfo.UNKNOWN.systemName())) {
				database = DatabaseInfo.of(url, metaData.getDatabaseProductName());
			}
			return database;
		}
		catch (SQLException | RuntimeException ex) {
			// The connection works even when its metadata does not: trace it as unknown.
			return DatabaseInfo.UNKNOWN;
		}
	}

}

package dev.telemetry.autoconfigure.jdbc;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import org.jspecify.annotations.Nullable;

/**
 * Names the JDBC observations and gives them the low-cardinality key values that become
 * metric tags: {@code db.client.operation} tagged with the database system, operation and
 * table; {@code db.client.connection.acquire} and {@code db.client.result_set} tagged
 * with the system. Every observation of a name has the same keys (missing values are
 * {@code none}), as metric registries require. A {@code GlobalObservationConvention}
 * registered by the application replaces these.
 * <p>
 * Stateless and thread-safe.
 */
final class JdbcObservationConvention implements ObservationConvention<Observation.Context> {

	static final JdbcObservationConvention QUERY = new JdbcObservationConvention("db.client.operation",
			JdbcQueryContext.class);

	static final JdbcObservationConvention CONNECTION = new JdbcObservationConvention("db.client.connection.acquire",
			JdbcConnectionContext.class);

	static final JdbcObservationConvention RESULT_SET = new JdbcObservationConvention("db.client.result_set",
			JdbcResultSetContext.class);

	private final String name;

	private final Class<?> contextType;

	private JdbcObservationConvention(String name, Class<?> contextType) {
		this.name = name;
		this.contextType = contextType;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return this.contextType.isInstance(context);
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public String getContextualName(Observation.Context context) {
		return JdbcSpanConvention.spanName(context);
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(Observation.Context context) {
		if (context instanceof JdbcQueryContext query) {
			return query.lowCardinalityKeyValues();
		}
		if (context instanceof JdbcConnectionContext connection) {
			return KeyValues.of(KeyValue.of("db.system.name", orNone(connection.getSystemName())));
		}
		return KeyValues.of(KeyValue.of("db.system.name", ((JdbcResultSetContext) context).getSystemName()));
	}

	/**
	 * Builds the key values of a query; {@link ParsedSql} keeps them per text.
	 */
	static KeyValues queryKeyValues(String systemName, @Nullable String operationName,
			@Nullable String collectionName) {
		return KeyValues.of(KeyValue.of("db.system.name", systemName),
				KeyValue.of("db.operation.name", orNone(operationName)),
				KeyValue.of("db.collection.name", orNone(collectionName)));
	}

	private static String orNone(@Nullable String value) {
		return (value != null) ? value : KeyValue.NONE_VALUE;
	}

}

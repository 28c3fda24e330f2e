package dev.telemetry.autoconfigure.jdbc;

import java.util.List;

import dev.telemetry.autoconfigure.observation.AttributesCache;
import dev.telemetry.autoconfigure.observation.ObservationMetricConvention;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.metrics.DoubleHistogram;
import dev.telemetry.sdk.metrics.Meter;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * {@code db.client.operation.duration} for the statements the JDBC instrumentation
 * observes, by the stable database semantic conventions: a histogram in seconds with
 * {@code db.system.name}, {@code db.operation.name}, {@code db.collection.name},
 * {@code db.namespace}, {@code server.address}, {@code server.port} and, for a statement
 * that failed, {@code error.type} (the exception's class). Never the query text.
 * <p>
 * Thread-safe; attribute sets are cached per combination.
 *
 * @since 0.1.0
 */
public final class JdbcMetricConvention implements ObservationMetricConvention {

	/** The advisory bucket boundaries of the conventions, in seconds. */
	static final List<Double> DURATION_BOUNDARIES = List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);

	// Tables times operations times databases: bounded by the application's schema.
	private static final int MAX_CACHED_SERIES = 2048;

	private final DoubleHistogram duration;

	private final AttributesCache series = new AttributesCache(MAX_CACHED_SERIES);

	/**
	 * Creates the convention and its histogram.
	 * @param meter the meter the histogram belongs to
	 */
	public JdbcMetricConvention(Meter meter) {
		this.duration = meter.histogramBuilder("db.client.operation.duration")
			.setUnit("s")
			.setDescription("Duration of database client operations.")
			.setExplicitBucketBoundariesAdvice(DURATION_BOUNDARIES)
			.build();
	}

	@Override
	public boolean supports(Observation.Context context) {
		return context instanceof JdbcQueryContext;
	}

	@Override
	public boolean supportsByType() {
		return true;
	}

	@Override
	public void onStop(Observation.Context context, @Nullable Object started, double seconds, Context traceContext) {
		JdbcQueryContext query = (JdbcQueryContext) context;
		Throwable error = query.getError();
		Attributes attributes = this.series.get(query.getDatabase(), query.getOperationName(),
				query.getCollectionName(), (error != null) ? error.getClass().getName() : null, null, null, 0,
				JdbcMetricConvention::attributes);
		this.duration.record(seconds, attributes, traceContext);
	}

	private static Attributes attributes(@Nullable Object databaseInfo, @Nullable Object operation,
			@Nullable Object collection, @Nullable Object errorType, @Nullable Object unused1, @Nullable Object unused2,
			int unused3) {
		DatabaseInfo database = (DatabaseInfo) databaseInfo;
		AttributesBuilder attributes = Attributes.builder().put("db.system.name", database.systemName());
		if (operation != null) {
			attributes.put("db.operation.name", (String) operation);
		}
		if (collection != null) {
			attributes.put("db.collection.name", (String) collection);
		}
		if (database.namespace() != null) {
			attributes.put("db.namespace", database.namespace());
		}
		if (database.serverAddress() != null) {
			attributes.put("server.address", database.serverAddress());
			if (database.serverPort() > 0) {
				attributes.put("server.port", database.serverPort());
			}
		}
		if (errorType != null) {
			attributes.put("error.type", (String) errorType);
		}
		return attributes.build();
	}

}

package dev.telemetry.sdk.metrics.data;

/**
 * Whether the points of a stream cover the time since the stream started or only the time
 * since the previous collection.
 *
 * @since 0.1.0
 */
public enum AggregationTemporality {

	/** Each point covers the time since the stream started; totals keep growing. */
	CUMULATIVE,

	/** Each point covers only the time since the previous collection. */
	DELTA

}

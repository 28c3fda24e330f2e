package dev.telemetry.sdk.metrics.data;

/**
 * The kind of a {@link MetricData}, which says the type of its points.
 *
 * @since 0.1.0
 */
public enum MetricDataType {

	/** A last value of long points ({@link LongPointData}). */
	LONG_GAUGE,

	/** A last value of double points ({@link DoublePointData}). */
	DOUBLE_GAUGE,

	/** A sum of long points ({@link LongPointData}). */
	LONG_SUM,

	/** A sum of double points ({@link DoublePointData}). */
	DOUBLE_SUM,

	/** An explicit-bucket histogram ({@link HistogramPointData}). */
	HISTOGRAM,

	/** A base-2 exponential histogram ({@link ExponentialHistogramPointData}). */
	EXPONENTIAL_HISTOGRAM

}

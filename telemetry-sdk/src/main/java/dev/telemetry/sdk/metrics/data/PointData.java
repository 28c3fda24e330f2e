package dev.telemetry.sdk.metrics.data;

import java.util.List;

import dev.telemetry.sdk.common.Attributes;

/**
 * One point of a stream: the aggregate of the measurements with one attribute set over
 * one time window.
 *
 * @since 0.1.0
 */
public sealed interface PointData
		permits LongPointData, DoublePointData, HistogramPointData, ExponentialHistogramPointData {

	/**
	 * Returns when the window started: the stream's start for cumulative points, the
	 * previous collection for delta points.
	 * @return nanoseconds since the epoch
	 */
	long startEpochNanos();

	/**
	 * Returns when the window ended (the collection).
	 * @return nanoseconds since the epoch
	 */
	long epochNanos();

	/**
	 * Returns the attribute set of the point.
	 * @return the attributes
	 */
	Attributes attributes();

	/**
	 * Returns sample measurements that fell in the point, with their trace context.
	 * @return the exemplars, possibly empty
	 */
	List<ExemplarData> exemplars();

}

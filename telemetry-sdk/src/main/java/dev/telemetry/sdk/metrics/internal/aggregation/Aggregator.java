package dev.telemetry.sdk.metrics.internal.aggregation;

import dev.telemetry.sdk.metrics.data.MetricDataType;

/**
 * One aggregation of one stream: makes the cells that recording threads write into and
 * the accumulators that the collecting thread folds them into. Immutable and thread-safe.
 */
public abstract class Aggregator {

	private final int exemplarSlots;

	private final boolean exemplarPerBucket;

	Aggregator(int exemplarSlots, boolean exemplarPerBucket) {
		this.exemplarSlots = exemplarSlots;
		this.exemplarPerBucket = exemplarPerBucket;
	}

	/**
	 * How many exemplars a fixed-size reservoir keeps per attribute set and collection.
	 */
	public static final int FIXED_RESERVOIR_SIZE = 4;

	/**
	 * Returns a sum.
	 * @param longValues whether the values are longs
	 * @param exemplars whether to keep exemplars
	 * @return the aggregator
	 */
	public static Aggregator sum(boolean longValues, boolean exemplars) {
		return new SumAggregator(longValues, exemplars ? FIXED_RESERVOIR_SIZE : 0);
	}

	/**
	 * Returns a last value.
	 * @param longValues whether the values are longs
	 * @param exemplars whether to keep exemplars
	 * @return the aggregator
	 */
	public static Aggregator lastValue(boolean longValues, boolean exemplars) {
		return new LastValueAggregator(longValues, exemplars ? FIXED_RESERVOIR_SIZE : 0);
	}

	/**
	 * Returns an explicit-bucket histogram that keeps one exemplar per bucket.
	 * @param boundaries finite, strictly increasing boundaries
	 * @param exemplars whether to keep exemplars
	 * @return the aggregator
	 */
	public static Aggregator explicitBucketHistogram(double[] boundaries, boolean exemplars) {
		return new ExplicitBucketHistogramAggregator(boundaries.clone(), exemplars);
	}

	/**
	 * Returns a base-2 exponential histogram.
	 * @param maxSize the largest number of buckets per sign
	 * @param maxScale the starting scale
	 * @param exemplars whether to keep exemplars
	 * @return the aggregator
	 */
	public static Aggregator base2ExponentialHistogram(int maxSize, int maxScale, boolean exemplars) {
		return new ExponentialHistogramAggregator(maxSize, maxScale, exemplars ? FIXED_RESERVOIR_SIZE : 0);
	}

	/**
	 * Returns the kind of metric the points are.
	 * @return the data type
	 */
	public abstract MetricDataType dataType();

	/**
	 * Returns a new, empty cell.
	 * @return the cell
	 */
	public abstract AggregatorCell newCell();

	/**
	 * Returns a new, empty accumulator.
	 * @return the accumulator
	 */
	public abstract Accumulator newAccumulator();

	ExemplarReservoir newReservoir(int buckets) {
		if (this.exemplarPerBucket) {
			return ExemplarReservoir.perBucket(buckets);
		}
		return (this.exemplarSlots > 0) ? ExemplarReservoir.fixedSize(this.exemplarSlots) : ExemplarReservoir.none();
	}

}

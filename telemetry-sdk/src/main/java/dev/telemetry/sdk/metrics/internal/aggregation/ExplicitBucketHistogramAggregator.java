package dev.telemetry.sdk.metrics.internal.aggregation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.metrics.data.ExemplarData;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.MetricDataType;
import dev.telemetry.sdk.metrics.data.PointData;
import dev.telemetry.sdk.trace.span.SpanContext;

/**
 * An explicit-bucket histogram with min and max, one exemplar per bucket.
 * <p>
 * Implementation: a cell is an atomic array of bucket counts, a striped adder for the
 * sum, and min and max as double bits updated by compare-and-set only when a value
 * extends them; no lock. The count is the sum of the bucket counts, so a point's count
 * always equals its buckets' total.
 */
final class ExplicitBucketHistogramAggregator extends Aggregator {

	private final double[] boundaries;

	private final List<Double> boundaryList;

	ExplicitBucketHistogramAggregator(double[] boundaries, boolean exemplars) {
		super(0, exemplars);
		this.boundaries = boundaries;
		List<Double> list = new ArrayList<>(boundaries.length);
		for (double boundary : boundaries) {
			list.add(boundary);
		}
		this.boundaryList = Collections.unmodifiableList(list);
	}

	@Override
	public MetricDataType dataType() {
		return MetricDataType.HISTOGRAM;
	}

	@Override
	public AggregatorCell newCell() {
		return new Cell(this.boundaries, exemplarReservoir());
	}

	private ExemplarReservoir exemplarReservoir() {
		return newReservoir(this.boundaries.length + 1);
	}

	@Override
	public Accumulator newAccumulator() {
		return new Histogram(this.boundaries.length + 1, this.boundaryList);
	}

	/**
	 * Returns the bucket of a value: the first whose upper boundary is at least the
	 * value, or the last bucket.
	 * @param boundaries the boundaries
	 * @param value the value
	 * @return the bucket index
	 */
	static int bucketIndex(double[] boundaries, double value) {
		int low = 0;
		int high = boundaries.length;
		while (low < high) {
			int mid = (low + high) >>> 1;
			if (value <= boundaries[mid]) {
				high = mid;
			}
			else {
				low = mid + 1;
			}
		}
		return low;
	}

	static final class Cell extends AggregatorCell {

		private final double[] boundaries;

		final AtomicLongArray counts;

		final DoubleAdder sum = new DoubleAdder();

		final AtomicLong minBits = new AtomicLong(Double.doubleToRawLongBits(Double.POSITIVE_INFINITY));

		final AtomicLong maxBits = new AtomicLong(Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY));

		Cell(double[] boundaries, ExemplarReservoir reservoir) {
			super(reservoir);
			this.boundaries = boundaries;
			this.counts = new AtomicLongArray(boundaries.length + 1);
		}

		@Override
		public void recordLong(long value) {
			recordDouble(value);
		}

		@Override
		public void recordDouble(double value) {
			record(bucketIndex(this.boundaries, value), value);
		}

		// One bucket search for the measurement and its exemplar, and the bucket's count
		// before it, which decides whether the exemplar is kept.
		@Override
		public void recordLong(long value, Clock clock, SpanContext span, Attributes attributes) {
			recordAndOffer(true, value, value, clock, span, attributes);
		}

		@Override
		public void recordDouble(double value, Clock clock, SpanContext span, Attributes attributes) {
			recordAndOffer(false, 0, value, clock, span, attributes);
		}

		private void recordAndOffer(boolean isLong, long longValue, double value, Clock clock, SpanContext span,
				Attributes attributes) {
			int bucket = bucketIndex(this.boundaries, value);
			long seen = record(bucket, value);
			offer(bucket, seen, isLong, longValue, value, clock, span, attributes);
		}

		private long record(int bucket, double value) {
			long seen = this.counts.getAndIncrement(bucket);
			this.sum.add(value);
			long bits = this.minBits.get();
			while (value < Double.longBitsToDouble(bits)
					&& !this.minBits.compareAndSet(bits, Double.doubleToRawLongBits(value))) {
				bits = this.minBits.get();
			}
			bits = this.maxBits.get();
			while (value > Double.longBitsToDouble(bits)
					&& !this.maxBits.compareAndSet(bits, Double.doubleToRawLongBits(value))) {
				bits = this.maxBits.get();
			}
			markTouched();
			return seen;
		}

	}

	private static final class Histogram extends Accumulator {

		private final long[] counts;

		private final List<Double> boundaries;

		private double sum;

		private double min = Double.POSITIVE_INFINITY;

		private double max = Double.NEGATIVE_INFINITY;

		Histogram(int buckets, List<Double> boundaries) {
			this.counts = new long[buckets];
			this.boundaries = boundaries;
		}

		@Override
		void foldAndReset(AggregatorCell aggregatorCell) {
			Cell cell = (Cell) aggregatorCell;
			for (int i = 0; i < this.counts.length; i++) {
				this.counts[i] += cell.counts.getAndSet(i, 0);
			}
			this.sum += cell.sum.sumThenReset();
			this.min = Math.min(this.min, Double
				.longBitsToDouble(cell.minBits.getAndSet(Double.doubleToRawLongBits(Double.POSITIVE_INFINITY))));
			this.max = Math.max(this.max, Double
				.longBitsToDouble(cell.maxBits.getAndSet(Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY))));
		}

		@Override
		PointData point(long startEpochNanos, long epochNanos, Attributes attributes, List<ExemplarData> exemplars) {
			long count = 0;
			for (long bucket : this.counts) {
				count += bucket;
			}
			boolean known = count > 0;
			return new HistogramPointData(startEpochNanos, epochNanos, attributes, this.sum, count, known,
					known ? this.min : 0, known, known ? this.max : 0, this.boundaries,
					boxed(this.counts, 0, this.counts.length), exemplars);
		}

		@Override
		void clear() {
			java.util.Arrays.fill(this.counts, 0);
			this.sum = 0;
			this.min = Double.POSITIVE_INFINITY;
			this.max = Double.NEGATIVE_INFINITY;
		}

	}

}

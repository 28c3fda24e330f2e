package dev.telemetry.sdk.metrics.internal.aggregation;

import java.util.Arrays;
import java.util.List;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.data.ExemplarData;
import dev.telemetry.sdk.metrics.data.ExponentialHistogramBuckets;
import dev.telemetry.sdk.metrics.data.ExponentialHistogramPointData;

/**
 * A base-2 exponential histogram as the OpenTelemetry data model defines it: at scale
 * {@code s}, bucket {@code i} counts the values whose magnitude is in
 * {@code (2^(i * 2^-s), 2^((i + 1) * 2^-s)]}. It starts at the largest scale and, when a
 * value would need more than {@code maxSize} buckets of one sign, lowers the scale just
 * enough (merging neighbouring buckets pairwise per step) for all to fit. Zeros have a
 * bucket of their own. Not thread-safe.
 * <p>
 * Implementation: each sign's counts live in a ring of {@code maxSize} slots indexed by
 * {@code floorMod(index, maxSize)}, which is one-to-one while the used indices span at
 * most {@code maxSize}: extending the range never moves counts.
 */
final class Base2ExponentialHistogram {

	private static final long SIGNIFICAND_MASK = 0x000F_FFFF_FFFF_FFFFL;

	private final int maxSize;

	private final int maxScale;

	private int scale;

	private final Buckets positive;

	private final Buckets negative;

	private long zeroCount;

	private long count;

	private double sum;

	private double min = Double.POSITIVE_INFINITY;

	private double max = Double.NEGATIVE_INFINITY;

	Base2ExponentialHistogram(int maxSize, int maxScale) {
		this.maxSize = maxSize;
		this.maxScale = maxScale;
		this.scale = maxScale;
		this.positive = new Buckets(maxSize);
		this.negative = new Buckets(maxSize);
	}

	/**
	 * Records a finite value.
	 * @param value the value
	 */
	void record(double value) {
		this.count++;
		this.sum += value;
		this.min = Math.min(this.min, value);
		this.max = Math.max(this.max, value);
		if (value == 0) {
			this.zeroCount++;
			return;
		}
		Buckets buckets = (value > 0) ? this.positive : this.negative;
		int index = index(Math.abs(value), this.scale);
		int reduction = buckets.scaleReductionToFit(index, index);
		if (reduction > 0) {
			downscale(reduction);
			index >>= reduction;
		}
		buckets.add(index, 1);
	}

	/**
	 * Adds every value of another histogram, at the lower of the two scales or lower
	 * still if the union needs it.
	 * @param other the histogram to add
	 */
	void merge(Base2ExponentialHistogram other) {
		if (other.count == 0) {
			return;
		}
		int target = Math.min(this.scale, other.scale);
		int reduction = Math.max(reductionToHold(this.positive, this.scale, other.positive, other.scale, target),
				reductionToHold(this.negative, this.scale, other.negative, other.scale, target));
		target -= reduction;
		if (target < this.scale) {
			downscale(this.scale - target);
		}
		int shift = other.scale - target;
		other.positive.forEach((index, bucketCount) -> this.positive.add(index >> shift, bucketCount));
		other.negative.forEach((index, bucketCount) -> this.negative.add(index >> shift, bucketCount));
		this.zeroCount += other.zeroCount;
		this.count += other.count;
		this.sum += other.sum;
		this.min = Math.min(this.min, other.min);
		this.max = Math.max(this.max, other.max);
	}

	private int reductionToHold(Buckets mine, int myScale, Buckets theirs, int theirScale, int target) {
		if (theirs.isEmpty()) {
			return 0;
		}
		int low = theirs.start >> (theirScale - target);
		int high = theirs.end >> (theirScale - target);
		if (!mine.isEmpty()) {
			low = Math.min(low, mine.start >> (myScale - target));
			high = Math.max(high, mine.end >> (myScale - target));
		}
		return reduction(low, high, this.maxSize);
	}

	private void downscale(int by) {
		this.positive.downscale(by);
		this.negative.downscale(by);
		this.scale -= by;
	}

	/** Empties the histogram and returns it to the largest scale. */
	void clear() {
		this.positive.clear();
		this.negative.clear();
		this.scale = this.maxScale;
		this.zeroCount = 0;
		this.count = 0;
		this.sum = 0;
		this.min = Double.POSITIVE_INFINITY;
		this.max = Double.NEGATIVE_INFINITY;
	}

	int scale() {
		return this.scale;
	}

	long count() {
		return this.count;
	}

	ExponentialHistogramPointData toPoint(long startEpochNanos, long epochNanos, Attributes attributes,
			List<ExemplarData> exemplars) {
		boolean known = this.count > 0;
		return new ExponentialHistogramPointData(startEpochNanos, epochNanos, attributes, this.scale, this.sum,
				this.count, this.zeroCount, known, known ? this.min : 0, known, known ? this.max : 0,
				this.positive.toData(), this.negative.toData(), exemplars);
	}

	/**
	 * Returns the index of the bucket of a positive, finite value at a scale, exactly for
	 * powers of two and by logarithm otherwise, as the data model specifies.
	 * @param value the magnitude, positive and finite
	 * @param scale the scale
	 * @return the bucket index
	 */
	static int index(double value, int scale) {
		long bits = Double.doubleToRawLongBits(value);
		long significand = bits & SIGNIFICAND_MASK;
		int rawExponent = (int) (bits >>> 52);
		int floorLog2;
		boolean powerOfTwo;
		if (rawExponent == 0) {
			// subnormal: the value is significand * 2^-1074
			floorLog2 = 63 - Long.numberOfLeadingZeros(significand) - 1074;
			powerOfTwo = Long.bitCount(significand) == 1;
		}
		else {
			floorLog2 = rawExponent - 1023;
			powerOfTwo = significand == 0;
		}
		if (powerOfTwo) {
			// 2^k is the upper bound of its bucket, so it belongs to the bucket below
			return (scale >= 0) ? (floorLog2 << scale) - 1 : (floorLog2 - 1) >> -scale;
		}
		if (scale <= 0) {
			return floorLog2 >> -scale;
		}
		return (int) Math.ceil(Math.log(value) * Math.scalb(1 / Math.log(2), scale)) - 1;
	}

	static int reduction(long low, long high, int maxSize) {
		int reduction = 0;
		while (high - low + 1 > maxSize) {
			low >>= 1;
			high >>= 1;
			reduction++;
		}
		return reduction;
	}

	/**
	 * The buckets of one sign.
	 */
	static final class Buckets {

		private final long[] counts;

		private int start;

		private int end;

		private boolean empty = true;

		Buckets(int maxSize) {
			this.counts = new long[maxSize];
		}

		boolean isEmpty() {
			return this.empty;
		}

		int scaleReductionToFit(int low, int high) {
			if (this.empty) {
				return reduction(low, high, this.counts.length);
			}
			return reduction(Math.min(low, this.start), Math.max(high, this.end), this.counts.length);
		}

		/** Adds to a bucket; the caller has made sure that the index fits. */
		void add(int index, long bucketCount) {
			if (this.empty) {
				this.start = index;
				this.end = index;
				this.empty = false;
			}
			else {
				this.start = Math.min(this.start, index);
				this.end = Math.max(this.end, index);
			}
			this.counts[slot(index)] += bucketCount;
		}

		void downscale(int by) {
			if (this.empty || by == 0) {
				return;
			}
			long[] old = this.counts.clone();
			int oldStart = this.start;
			int oldEnd = this.end;
			Arrays.fill(this.counts, 0);
			this.empty = true;
			for (int index = oldStart; index <= oldEnd; index++) {
				long bucketCount = old[Math.floorMod(index, old.length)];
				if (bucketCount != 0) {
					add(index >> by, bucketCount);
				}
			}
		}

		void forEach(BucketConsumer consumer) {
			if (this.empty) {
				return;
			}
			for (int index = this.start; index <= this.end; index++) {
				long bucketCount = this.counts[slot(index)];
				if (bucketCount != 0) {
					consumer.accept(index, bucketCount);
				}
			}
		}

		void clear() {
			Arrays.fill(this.counts, 0);
			this.empty = true;
		}

		ExponentialHistogramBuckets toData() {
			if (this.empty) {
				return new ExponentialHistogramBuckets(0, List.of());
			}
			long[] used = new long[this.end - this.start + 1];
			for (int index = this.start; index <= this.end; index++) {
				used[index - this.start] = this.counts[slot(index)];
			}
			return new ExponentialHistogramBuckets(this.start, Accumulator.boxed(used, 0, used.length));
		}

		private int slot(int index) {
			return Math.floorMod(index, this.counts.length);
		}

	}

	@FunctionalInterface
	interface BucketConsumer {

		void accept(int index, long bucketCount);

	}

}

package dev.telemetry.sdk.metrics;

import java.util.List;

/**
 * How a stream aggregates measurements. Immutable; create one with the static methods.
 * <p>
 * The variants are records, so configuration code can {@code switch} over them.
 *
 * @since 0.1.0
 */
public sealed interface Aggregation permits Aggregation.Default, Aggregation.Sum, Aggregation.LastValue,
		Aggregation.ExplicitBucketHistogram, Aggregation.Base2ExponentialBucketHistogram, Aggregation.Drop {

	/**
	 * The SDK's default bucket boundaries:
	 * {@code [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000]}.
	 */
	List<Double> DEFAULT_BOUNDARIES = List.of(0d, 5d, 10d, 25d, 50d, 75d, 100d, 250d, 500d, 750d, 1_000d, 2_500d,
			5_000d, 7_500d, 10_000d);

	/** The default largest number of buckets per sign of an exponential histogram. */
	int DEFAULT_MAX_SIZE = 160;

	/** The default (and largest) starting scale of an exponential histogram. */
	int DEFAULT_MAX_SCALE = 20;

	/**
	 * Returns the aggregation chosen by instrument kind (or, for the reader, by its
	 * default aggregation): sum for counters, last value for gauges, explicit-bucket
	 * histogram for histograms.
	 * @return the default aggregation
	 */
	static Aggregation defaultAggregation() {
		return Default.INSTANCE;
	}

	/**
	 * Returns the sum aggregation (monotonic for counters and histograms).
	 * @return the sum aggregation
	 */
	static Aggregation sum() {
		return Sum.INSTANCE;
	}

	/**
	 * Returns the last-value aggregation.
	 * @return the last-value aggregation
	 */
	static Aggregation lastValue() {
		return LastValue.INSTANCE;
	}

	/**
	 * Returns an explicit-bucket histogram whose boundaries come from the instrument's
	 * advice, or else {@link #DEFAULT_BOUNDARIES}.
	 * @return the histogram aggregation
	 */
	static Aggregation explicitBucketHistogram() {
		return ExplicitBucketHistogram.ADVISED;
	}

	/**
	 * Returns an explicit-bucket histogram with the given boundaries.
	 * @param boundaries finite, strictly increasing boundaries (possibly none)
	 * @return the histogram aggregation
	 * @throws IllegalArgumentException when a boundary is not finite or not greater than
	 * the one before
	 */
	static Aggregation explicitBucketHistogram(List<Double> boundaries) {
		return new ExplicitBucketHistogram(boundaries);
	}

	/**
	 * Returns a base-2 exponential histogram with {@value #DEFAULT_MAX_SIZE} buckets and
	 * scale {@value #DEFAULT_MAX_SCALE}.
	 * @return the histogram aggregation
	 */
	static Aggregation base2ExponentialBucketHistogram() {
		return new Base2ExponentialBucketHistogram(DEFAULT_MAX_SIZE, DEFAULT_MAX_SCALE);
	}

	/**
	 * Returns a base-2 exponential histogram.
	 * @param maxSize the largest number of buckets per sign, at least 2
	 * @param maxScale the starting (and largest) scale, from -10 to 20
	 * @return the histogram aggregation
	 * @throws IllegalArgumentException when an argument is out of range
	 */
	static Aggregation base2ExponentialBucketHistogram(int maxSize, int maxScale) {
		return new Base2ExponentialBucketHistogram(maxSize, maxScale);
	}

	/**
	 * Returns the aggregation that keeps nothing: the stream is not stored or exported.
	 * @return the drop aggregation
	 */
	static Aggregation drop() {
		return Drop.INSTANCE;
	}

	/**
	 * The aggregation chosen by instrument kind. Use {@link #defaultAggregation()}.
	 */
	record Default() implements Aggregation {

		static final Default INSTANCE = new Default();

		@Override
		public String toString() {
			return "default";
		}

	}

	/**
	 * The sum aggregation. Use {@link #sum()}.
	 */
	record Sum() implements Aggregation {

		static final Sum INSTANCE = new Sum();

		@Override
		public String toString() {
			return "sum";
		}

	}

	/**
	 * The last-value aggregation. Use {@link #lastValue()}.
	 */
	record LastValue() implements Aggregation {

		static final LastValue INSTANCE = new LastValue();

		@Override
		public String toString() {
			return "last_value";
		}

	}

	/**
	 * The drop aggregation. Use {@link #drop()}.
	 */
	record Drop() implements Aggregation {

		static final Drop INSTANCE = new Drop();

		@Override
		public String toString() {
			return "drop";
		}

	}

	/**
	 * An explicit-bucket histogram with min and max.
	 *
	 * @param boundaries the boundaries, or {@code null} for the instrument's advice or
	 * else the defaults
	 */
	record ExplicitBucketHistogram(@org.jspecify.annotations.Nullable List<Double> boundaries) implements Aggregation {

		static final ExplicitBucketHistogram ADVISED = new ExplicitBucketHistogram(null);

		public ExplicitBucketHistogram {
			if (boundaries != null) {
				boundaries = List.copyOf(boundaries);
				validateBoundaries(boundaries);
			}
		}

		/**
		 * Checks that boundaries are finite and strictly increasing.
		 * @param boundaries the boundaries
		 * @throws IllegalArgumentException naming the first bad boundary
		 */
		public static void validateBoundaries(List<Double> boundaries) {
			double previous = Double.NEGATIVE_INFINITY;
			for (int i = 0; i < boundaries.size(); i++) {
				double boundary = boundaries.get(i);
				if (!Double.isFinite(boundary)) {
					throw new IllegalArgumentException("boundary [" + i + "] is not finite: " + boundary);
				}
				if (i > 0 && boundary <= previous) {
					throw new IllegalArgumentException("boundaries are not increasing: [" + i + "] = " + boundary
							+ " follows [" + (i - 1) + "] = " + previous);
				}
				previous = boundary;
			}
		}

		@Override
		public String toString() {
			return (this.boundaries != null) ? "explicit_bucket_histogram" + this.boundaries
					: "explicit_bucket_histogram";
		}

	}

	/**
	 * A base-2 exponential histogram with min and max.
	 *
	 * @param maxSize the largest number of buckets per sign, at least 2
	 * @param maxScale the starting (and largest) scale, from -10 to 20
	 */
	record Base2ExponentialBucketHistogram(int maxSize, int maxScale) implements Aggregation {

		public Base2ExponentialBucketHistogram {
			if (maxSize < 2) {
				throw new IllegalArgumentException("max size must be at least 2: " + maxSize);
			}
			if (maxScale < -10 || maxScale > 20) {
				throw new IllegalArgumentException("max scale must be from -10 to 20: " + maxScale);
			}
		}

		@Override
		public String toString() {
			return "base2_exponential_bucket_histogram(max-size=" + this.maxSize + ", max-scale=" + this.maxScale + ")";
		}

	}

}

package dev.telemetry.sdk.metrics.data;

/**
 * A histogram point's buckets as ascending upper bounds and the count of each bucket, for
 * exporters and pages that draw or estimate from explicit buckets whatever the
 * aggregation: an exponential histogram's buckets become explicit ones with the same
 * counts. Bucket {@code i} counts the values {@code v} with
 * {@code bounds[i - 1] < v <= bounds[i]}; there is one more count than bounds, the last
 * being the {@code +Inf} bucket. Immutable: the accessors return copies.
 *
 * @since 0.1.0
 */
public final class ExplicitBuckets {

	private final double[] bounds;

	private final long[] counts;

	private ExplicitBuckets(double[] bounds, long[] counts) {
		this.bounds = bounds;
		this.counts = counts;
	}

	/**
	 * Returns the buckets of an explicit-bucket histogram point.
	 * @param point the point
	 * @return its buckets
	 */
	public static ExplicitBuckets of(HistogramPointData point) {
		double[] bounds = new double[point.boundaries().size()];
		long[] counts = new long[point.counts().size()];
		for (int i = 0; i < bounds.length; i++) {
			bounds[i] = point.boundaries().get(i);
		}
		for (int i = 0; i < counts.length; i++) {
			counts[i] = point.counts().get(i);
		}
		return new ExplicitBuckets(bounds, counts);
	}

	/**
	 * Returns the buckets of an exponential histogram point as explicit ones: its
	 * negative buckets (ascending), then the zero bucket (upper bound 0), then its
	 * positive buckets, and an empty {@code +Inf} bucket.
	 * @param point the point
	 * @return its buckets
	 */
	public static ExplicitBuckets of(ExponentialHistogramPointData point) {
		ExponentialHistogramBuckets negative = point.negative();
		ExponentialHistogramBuckets positive = point.positive();
		int size = negative.counts().size() + 1 + positive.counts().size();
		double[] bounds = new double[size];
		long[] counts = new long[size + 1];
		int next = 0;
		// Negative bucket i holds values in [-base^(i+1), -base^i): its upper bound is
		// -base^i. Highest index first, so the bounds ascend.
		for (int j = negative.counts().size() - 1; j >= 0; j--) {
			bounds[next] = -power(point.scale(), negative.offset() + j);
			counts[next++] = negative.counts().get(j);
		}
		bounds[next] = 0;
		counts[next++] = point.zeroCount();
		// Positive bucket i holds values in (base^i, base^(i+1)].
		for (int j = 0; j < positive.counts().size(); j++) {
			bounds[next] = power(point.scale(), positive.offset() + j + 1);
			counts[next++] = positive.counts().get(j);
		}
		counts[next] = 0;
		return new ExplicitBuckets(bounds, counts);
	}

	/**
	 * Returns the ascending upper bounds of all buckets but the last.
	 * @return a new array
	 */
	public double[] bounds() {
		return this.bounds.clone();
	}

	/**
	 * Returns the count of each bucket, one more than there are bounds.
	 * @return a new array
	 */
	public long[] counts() {
		return this.counts.clone();
	}

	/** {@code base^index} with {@code base = 2^(2^-scale)}. */
	private static double power(int scale, long index) {
		return Math.pow(2, Math.scalb((double) index, -scale));
	}

}

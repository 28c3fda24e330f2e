package dev.telemetry.autoconfigure.console;

/**
 * Estimates a quantile from histogram buckets as Prometheus's {@code histogram_quantile}
 * does: find the bucket holding the rank, then interpolate linearly between its bounds,
 * as if its values were spread evenly. The first bucket's lower bound is 0 when its upper
 * bound is positive; a rank in the {@code +Inf} bucket answers the highest finite bound.
 * Unlike Prometheus, the estimate is then kept within the smallest and largest value when
 * the histogram knows them: an estimate outside them is certainly wrong.
 */
final class HistogramQuantiles {

	private HistogramQuantiles() {
	}

	/**
	 * Estimates the {@code q}-quantile.
	 * @param q the quantile, between 0 and 1
	 * @param bounds the ascending upper bounds of all buckets but the last
	 * @param counts the count of each bucket, one more than there are bounds
	 * @param min the smallest value, or {@code NaN} when unknown
	 * @param max the largest value, or {@code NaN} when unknown
	 * @return the estimate, or {@code NaN} when the histogram is empty or has no finite
	 * bound
	 */
	static double estimate(double q, double[] bounds, long[] counts, double min, double max) {
		double estimate = interpolate(q, bounds, counts);
		if (!Double.isNaN(min) && estimate < min) {
			return min;
		}
		if (!Double.isNaN(max) && estimate > max) {
			return max;
		}
		return estimate;
	}

	private static double interpolate(double q, double[] bounds, long[] counts) {
		long total = 0;
		for (long count : counts) {
			total += count;
		}
		if (total == 0 || bounds.length == 0) {
			return Double.NaN;
		}
		double rank = q * total;
		long below = 0;
		for (int bucket = 0; bucket < counts.length; bucket++) {
			long count = counts[bucket];
			if (below + count >= rank && count > 0) {
				if (bucket == bounds.length) {
					return bounds[bounds.length - 1];
				}
				double upper = bounds[bucket];
				if (bucket == 0 && upper <= 0) {
					return upper;
				}
				double lower = (bucket == 0) ? 0 : bounds[bucket - 1];
				return lower + (upper - lower) * ((rank - below) / count);
			}
			below += count;
		}
		return bounds[bounds.length - 1];
	}

}

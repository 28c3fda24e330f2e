package dev.telemetry.sdk.metrics.data;

import java.util.List;

/**
 * The buckets of one sign of an exponential histogram: {@code counts.get(i)} counts the
 * values {@code v} with {@code base^(offset + i) < |v| <= base^(offset + i + 1)}, where
 * {@code base = 2^(2^-scale)}. Immutable.
 *
 * @param offset the index of the first bucket
 * @param counts the bucket counts, possibly empty
 * @since 0.1.0
 */
public record ExponentialHistogramBuckets(int offset, List<Long> counts) {

	public ExponentialHistogramBuckets {
		counts = List.copyOf(counts);
	}

	/**
	 * Returns the sum of the bucket counts.
	 * @return the total count
	 */
	public long totalCount() {
		long total = 0;
		for (long count : this.counts) {
			total += count;
		}
		return total;
	}

}

package dev.telemetry.sdk.trace.recent;

import java.time.Duration;

/**
 * The latency ranges recent spans are counted in: powers of ten from 10 µs to 100 s, each
 * including its lower bound.
 *
 * @since 0.1.0
 */
public enum LatencyBucket {

	/** Under 10 µs. */
	UNDER_10_MICROS(0),

	/** 10 µs to under 100 µs. */
	UNDER_100_MICROS(10_000L),

	/** 100 µs to under 1 ms. */
	UNDER_1_MILLI(100_000L),

	/** 1 ms to under 10 ms. */
	UNDER_10_MILLIS(1_000_000L),

	/** 10 ms to under 100 ms. */
	UNDER_100_MILLIS(10_000_000L),

	/** 100 ms to under 1 s. */
	UNDER_1_SECOND(100_000_000L),

	/** 1 s to under 10 s. */
	UNDER_10_SECONDS(1_000_000_000L),

	/** 10 s to under 100 s. */
	UNDER_100_SECONDS(10_000_000_000L),

	/** 100 s or more. */
	OVER_100_SECONDS(100_000_000_000L);

	private static final LatencyBucket[] VALUES = values();

	private final long lowerBoundNanos;

	LatencyBucket(long lowerBoundNanos) {
		this.lowerBoundNanos = lowerBoundNanos;
	}

	/**
	 * Returns the least duration in this bucket.
	 * @return the lower bound, inclusive
	 */
	public Duration getLowerBound() {
		return Duration.ofNanos(this.lowerBoundNanos);
	}

	/**
	 * Returns the bucket of a duration.
	 * @param nanos the duration in nanoseconds; negative counts as zero
	 * @return the bucket
	 */
	public static LatencyBucket of(long nanos) {
		for (int i = VALUES.length - 1; i > 0; i--) {
			if (nanos >= VALUES[i].lowerBoundNanos) {
				return VALUES[i];
			}
		}
		return UNDER_10_MICROS;
	}

}

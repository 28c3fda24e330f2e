package dev.telemetry.autoconfigure.console;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link HistogramQuantiles}, with buckets whose answers are worked out by hand
 * as Prometheus's {@code histogram_quantile} computes them.
 */
class HistogramQuantilesTests {

	private static final double NONE = Double.NaN;

	// (-inf,1]: 10, (1,2]: 20, (2,4]: 60, (4,8]: 10, (8,+inf): 0 -> 100 values
	private static final double[] BOUNDS = { 1, 2, 4, 8 };

	private static final long[] COUNTS = { 10, 20, 60, 10, 0 };

	@Test
	void interpolatesLinearlyWithinTheBucketHoldingTheRank() {
		// rank 50: 30 below (2,4], 20 of its 60 -> 2 + 2 * 20/60
		assertThat(estimate(0.50)).isCloseTo(2 + 2 * 20.0 / 60, within(1e-12));
		// rank 95: 90 below (4,8], 5 of its 10 -> 4 + 4 * 5/10
		assertThat(estimate(0.95)).isCloseTo(6.0, within(1e-12));
		// rank 99: 9 of the 10 in (4,8]
		assertThat(estimate(0.99)).isCloseTo(4 + 4 * 9.0 / 10, within(1e-12));
	}

	@Test
	void theFirstBucketStartsAtZeroWhenItsBoundIsPositive() {
		// rank 5 of the 10 in (-inf,1] -> 0 + 1 * 5/10
		assertThat(estimate(0.05)).isCloseTo(0.5, within(1e-12));
	}

	@Test
	void aRankAtABucketsTopIsItsUpperBound() {
		// rank 30 = everything up to 2
		assertThat(estimate(0.30)).isCloseTo(2.0, within(1e-12));
	}

	@Test
	void aRankInTheInfiniteBucketIsTheHighestFiniteBound() {
		long[] counts = { 0, 0, 0, 1, 9 };
		assertThat(HistogramQuantiles.estimate(0.5, BOUNDS, counts, NONE, NONE)).isEqualTo(8.0);
	}

	@Test
	void aFirstBucketAtOrBelowZeroAnswersItsBound() {
		double[] bounds = { -1, 0, 1 };
		long[] counts = { 10, 0, 0, 0 };
		assertThat(HistogramQuantiles.estimate(0.5, bounds, counts, NONE, NONE)).isEqualTo(-1.0);
	}

	@Test
	void skipsEmptyBuckets() {
		long[] counts = { 0, 0, 4, 0, 0 };
		// rank 2 of the 4 in (2,4]
		assertThat(HistogramQuantiles.estimate(0.5, BOUNDS, counts, NONE, NONE)).isCloseTo(3.0, within(1e-12));
	}

	@Test
	void staysWithinTheKnownSmallestAndLargestValue() {
		long[] counts = { 0, 0, 0, 10, 0 };
		// (4,8] would answer 4 + 4 * 9.9/10 for p99 and 4 + 4 * 0.1/10 for p1
		assertThat(HistogramQuantiles.estimate(0.99, BOUNDS, counts, NONE, NONE)).isCloseTo(7.96, within(1e-12));
		assertThat(HistogramQuantiles.estimate(0.99, BOUNDS, counts, 5.0, 6.0)).isEqualTo(6.0);
		assertThat(HistogramQuantiles.estimate(0.01, BOUNDS, counts, 5.0, 6.0)).isEqualTo(5.0);
		// within the range, the estimate stands
		assertThat(HistogramQuantiles.estimate(0.5, BOUNDS, counts, 5.0, 7.0)).isCloseTo(6.0, within(1e-12));
	}

	@Test
	void noValuesOrNoFiniteBoundHasNoEstimate() {
		assertThat(HistogramQuantiles.estimate(0.5, BOUNDS, new long[5], NONE, NONE)).isNaN();
		assertThat(HistogramQuantiles.estimate(0.5, new double[0], new long[] { 3 }, NONE, NONE)).isNaN();
	}

	private static double estimate(double q) {
		return HistogramQuantiles.estimate(q, BOUNDS, COUNTS, NONE, NONE);
	}

}

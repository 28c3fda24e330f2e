package dev.telemetry.sdk.metrics.data;

import java.util.List;

import dev.telemetry.sdk.common.Attributes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExplicitBuckets}: explicit histograms keep their buckets, exponential
 * ones become ascending explicit buckets with the same counts.
 */
class ExplicitBucketsTests {

	@Test
	void explicitHistogramKeepsItsBuckets() {
		HistogramPointData point = new HistogramPointData(0, 1, Attributes.empty(), 10, 6, false, 0, false, 0,
				List.of(1.0, 5.0), List.of(1L, 2L, 3L), List.of());
		ExplicitBuckets buckets = ExplicitBuckets.of(point);
		assertThat(buckets.bounds()).containsExactly(1.0, 5.0);
		assertThat(buckets.counts()).containsExactly(1L, 2L, 3L);
	}

	@Test
	void exponentialBucketsBecomeAscendingUpperBounds() {
		// scale 0: base 2. Negative bucket 0 holds [-2, -1); the zero bucket 0; positive
		// buckets 1 and 2 hold (2, 4] and (4, 8].
		ExponentialHistogramPointData point = new ExponentialHistogramPointData(0, 1, Attributes.empty(), 0, 20, 10, 1,
				false, 0, false, 0, new ExponentialHistogramBuckets(1, List.of(2L, 3L)),
				new ExponentialHistogramBuckets(0, List.of(4L)), List.of());
		ExplicitBuckets buckets = ExplicitBuckets.of(point);
		assertThat(buckets.bounds()).containsExactly(-1.0, 0.0, 4.0, 8.0);
		assertThat(buckets.counts()).containsExactly(4L, 1L, 2L, 3L, 0L);
	}

	@Test
	void accessorsReturnCopies() {
		ExplicitBuckets buckets = ExplicitBuckets.of(new HistogramPointData(0, 1, Attributes.empty(), 0, 0, false, 0,
				false, 0, List.of(1.0), List.of(0L, 0L), List.of()));
		buckets.bounds()[0] = 9;
		buckets.counts()[0] = 9;
		assertThat(buckets.bounds()).containsExactly(1.0);
		assertThat(buckets.counts()).containsExactly(0L, 0L);
	}

}

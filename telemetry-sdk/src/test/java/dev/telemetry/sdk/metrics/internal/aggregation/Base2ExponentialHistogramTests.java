package dev.telemetry.sdk.metrics.internal.aggregation;

import java.util.List;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.data.ExponentialHistogramPointData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exponential histogram against values worked out by hand from the data model: bucket
 * {@code i} at scale {@code s} holds {@code (2^(i/2^s), 2^((i+1)/2^s)]}.
 */
class Base2ExponentialHistogramTests {

	@Test
	void powersOfTwoAreUpperBoundsOfTheirBuckets() {
		// scale 0: bucket i is (2^i, 2^(i+1)], so 1 -> -1, 2 -> 0, 3 -> 1, 4 -> 1
		assertThat(Base2ExponentialHistogram.index(1, 0)).isEqualTo(-1);
		assertThat(Base2ExponentialHistogram.index(2, 0)).isEqualTo(0);
		assertThat(Base2ExponentialHistogram.index(3, 0)).isEqualTo(1);
		assertThat(Base2ExponentialHistogram.index(4, 0)).isEqualTo(1);
		// scale 1: base sqrt(2); 2 = base^2 -> bucket 1; 3 is in (2^1.5, 2^2] -> bucket 3
		assertThat(Base2ExponentialHistogram.index(2, 1)).isEqualTo(1);
		assertThat(Base2ExponentialHistogram.index(3, 1)).isEqualTo(3);
		// scale -1: base 4; 4 -> bucket 0, 5 -> bucket 1, 16 -> 1, 17 -> 2
		assertThat(Base2ExponentialHistogram.index(4, -1)).isEqualTo(0);
		assertThat(Base2ExponentialHistogram.index(5, -1)).isEqualTo(1);
		assertThat(Base2ExponentialHistogram.index(16, -1)).isEqualTo(1);
		assertThat(Base2ExponentialHistogram.index(17, -1)).isEqualTo(2);
	}

	@Test
	void subnormalValuesHaveExactIndices() {
		// Double.MIN_VALUE is 2^-1074: the upper bound of bucket -1075 at scale 0
		assertThat(Base2ExponentialHistogram.index(Double.MIN_VALUE, 0)).isEqualTo(-1075);
		assertThat(Base2ExponentialHistogram.index(Double.MIN_VALUE * 3, 0)).isEqualTo(-1073);
	}

	@Test
	void downscalesJustEnoughForTheValuesToFit() {
		// 1, 2 and 4 sit in buckets -1, 2^s - 1 and 2^(s+1) - 1 at scale s: spanning
		// 2^(s+1) + 1 buckets, at most 4 only at scale 0
		Base2ExponentialHistogram histogram = new Base2ExponentialHistogram(4, 20);
		histogram.record(1);
		assertThat(histogram.scale()).isEqualTo(20);
		histogram.record(2);
		histogram.record(4);
		ExponentialHistogramPointData point = point(histogram);
		assertThat(point.scale()).isEqualTo(0);
		assertThat(point.positive().offset()).isEqualTo(-1);
		assertThat(point.positive().counts()).containsExactly(1L, 1L, 1L);
		assertThat(point.count()).isEqualTo(3);
		assertThat(point.sum()).isEqualTo(7);
		assertThat(point.min()).isEqualTo(1);
		assertThat(point.max()).isEqualTo(4);
	}

	@Test
	void keepsZerosAndNegativeValuesApart() {
		Base2ExponentialHistogram histogram = new Base2ExponentialHistogram(160, 20);
		histogram.record(0);
		histogram.record(0);
		histogram.record(-1);
		histogram.record(-1);
		histogram.record(-8);
		histogram.record(8);
		ExponentialHistogramPointData point = point(histogram);
		assertThat(point.zeroCount()).isEqualTo(2);
		assertThat(point.count()).isEqualTo(6);
		assertThat(point.sum()).isEqualTo(-2);
		assertThat(point.min()).isEqualTo(-8);
		assertThat(point.max()).isEqualTo(8);
		// |-1| and |-8| are 2^0 and 2^3: at scale s, buckets -1 and 3 * 2^s - 1, within
		// 160 buckets first at s = 5 (3 * 32 - 1 - (-1) + 1 = 97; s = 6 needs 193)
		assertThat(point.scale()).isEqualTo(5);
		assertThat(point.negative().offset()).isEqualTo(-1);
		assertThat(point.negative().counts()).hasSize(97);
		assertThat(point.negative().counts().get(0)).isEqualTo(2);
		assertThat(point.negative().counts().get(96)).isEqualTo(1);
		assertThat(point.negative().totalCount()).isEqualTo(3);
		assertThat(point.positive().offset()).isEqualTo(95);
		assertThat(point.positive().counts()).containsExactly(1L);
	}

	@Test
	void mergeLowersToTheCoarserScaleAndFurtherIfNeeded() {
		Base2ExponentialHistogram fine = new Base2ExponentialHistogram(4, 20);
		fine.record(1.5);
		Base2ExponentialHistogram coarse = new Base2ExponentialHistogram(4, 20);
		coarse.record(1);
		coarse.record(2);
		coarse.record(4);
		fine.merge(coarse);
		ExponentialHistogramPointData point = point(fine);
		// at scale 0: 1 -> -1, 1.5 -> 0, 2 -> 0, 4 -> 1
		assertThat(point.scale()).isEqualTo(0);
		assertThat(point.positive().offset()).isEqualTo(-1);
		assertThat(point.positive().counts()).containsExactly(1L, 2L, 1L);
		assertThat(point.count()).isEqualTo(4);
		assertThat(point.sum()).isEqualTo(8.5);
	}

	@Test
	void clearReturnsToTheLargestScale() {
		Base2ExponentialHistogram histogram = new Base2ExponentialHistogram(4, 20);
		histogram.record(1);
		histogram.record(1000);
		histogram.clear();
		assertThat(histogram.scale()).isEqualTo(20);
		assertThat(histogram.count()).isZero();
	}

	@ParameterizedTest
	@ValueSource(ints = { 20, 10, 3, 1, 0, -1, -4 })
	void indicesAgreeWithOpenTelemetry(int scale) {
		// OpenTelemetry's SDK, fed one value at a time through a view with this max
		// scale and room enough to keep it, reports the same bucket index.
		double[] values = { 1e-300, 0.001, 0.1, 0.5, 0.75, 1, 1.0000001, 1.5, 2, 3, 4, 7.3, 1024, 1025, 123456.789,
				1e12, 1e300, Double.MAX_VALUE };
		for (double value : values) {
			assertThat(Base2ExponentialHistogram.index(value, scale)).as("index of %s at scale %d", value, scale)
				.isEqualTo(OpenTelemetryExponentialHistogram.index(value, scale));
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 4, 20, 160 })
	void rescalingAgreesWithOpenTelemetry(int maxSize) {
		// the same sequence, spanning twelve orders of magnitude with zeros, into both
		java.util.Random random = new java.util.Random(42);
		double[] values = new double[2000];
		for (int i = 0; i < values.length; i++) {
			values[i] = (i % 100 == 0) ? 0 : Math.pow(10, random.nextDouble() * 12 - 6);
		}
		Base2ExponentialHistogram ours = new Base2ExponentialHistogram(maxSize, 20);
		for (double value : values) {
			ours.record(value);
		}
		ExponentialHistogramPointData point = point(ours);
		io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData reference = OpenTelemetryExponentialHistogram
			.record(values, maxSize, 20);
		assertThat(point.scale()).isEqualTo(reference.getScale());
		assertThat(point.zeroCount()).isEqualTo(reference.getZeroCount());
		assertThat(point.count()).isEqualTo(reference.getCount());
		assertThat(point.sum()).isCloseTo(reference.getSum(), org.assertj.core.data.Offset.offset(1e-6));
		assertThat(point.min()).isEqualTo(reference.getMin());
		assertThat(point.max()).isEqualTo(reference.getMax());
		assertThat(point.positive().offset()).isEqualTo(reference.getPositiveBuckets().getOffset());
		assertThat(point.positive().counts()).isEqualTo(reference.getPositiveBuckets().getBucketCounts());
	}

	private static ExponentialHistogramPointData point(Base2ExponentialHistogram histogram) {
		return histogram.toPoint(1, 2, Attributes.empty(), List.of());
	}

}

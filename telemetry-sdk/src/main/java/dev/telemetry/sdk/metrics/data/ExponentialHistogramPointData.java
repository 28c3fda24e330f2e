package dev.telemetry.sdk.metrics.data;

import java.util.List;
import java.util.Objects;

import dev.telemetry.sdk.common.Attributes;

/**
 * A point of a base-2 exponential histogram, as the OpenTelemetry data model defines it.
 * The zero bucket counts exact zeros (its threshold is 0). Immutable.
 *
 * @param startEpochNanos see {@link PointData#startEpochNanos()}
 * @param epochNanos see {@link PointData#epochNanos()}
 * @param attributes the attribute set
 * @param scale the resolution: bucket bounds are powers of {@code 2^(2^-scale)}
 * @param sum the sum of the values
 * @param count the number of values (zero count plus both buckets' totals)
 * @param zeroCount the number of values equal to zero
 * @param hasMin whether {@code min} is known
 * @param min the smallest value, when known
 * @param hasMax whether {@code max} is known
 * @param max the largest value, when known
 * @param positive the buckets of positive values
 * @param negative the buckets of negative values (by absolute value)
 * @param exemplars sample measurements
 * @since 0.1.0
 */
public record ExponentialHistogramPointData(long startEpochNanos, long epochNanos, Attributes attributes, int scale,
		double sum, long count, long zeroCount, boolean hasMin, double min, boolean hasMax, double max,
		ExponentialHistogramBuckets positive, ExponentialHistogramBuckets negative,
		List<ExemplarData> exemplars) implements PointData {

	public ExponentialHistogramPointData {
		Objects.requireNonNull(attributes, "attributes");
		Objects.requireNonNull(positive, "positive");
		Objects.requireNonNull(negative, "negative");
		exemplars = List.copyOf(exemplars);
	}

}

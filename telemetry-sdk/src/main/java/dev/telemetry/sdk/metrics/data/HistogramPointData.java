package dev.telemetry.sdk.metrics.data;

import java.util.List;
import java.util.Objects;

import dev.telemetry.sdk.common.Attributes;

/**
 * A point of an explicit-bucket histogram. Bucket {@code i} counts the values {@code v}
 * with {@code boundaries[i - 1] < v <= boundaries[i]}; the first bucket has no lower
 * bound and the last no upper bound. Immutable.
 *
 * @param startEpochNanos see {@link PointData#startEpochNanos()}
 * @param epochNanos see {@link PointData#epochNanos()}
 * @param attributes the attribute set
 * @param sum the sum of the values
 * @param count the number of values, equal to the sum of {@code counts}
 * @param hasMin whether {@code min} is known
 * @param min the smallest value, when known
 * @param hasMax whether {@code max} is known
 * @param max the largest value, when known
 * @param boundaries the increasing bucket boundaries
 * @param counts the bucket counts, one more than there are boundaries
 * @param exemplars sample measurements
 * @since 0.1.0
 */
public record HistogramPointData(long startEpochNanos, long epochNanos, Attributes attributes, double sum, long count,
		boolean hasMin, double min, boolean hasMax, double max, List<Double> boundaries, List<Long> counts,
		List<ExemplarData> exemplars) implements PointData {

	public HistogramPointData {
		Objects.requireNonNull(attributes, "attributes");
		boundaries = List.copyOf(boundaries);
		counts = List.copyOf(counts);
		if (counts.size() != boundaries.size() + 1) {
			throw new IllegalArgumentException(
					counts.size() + " bucket counts do not fit " + boundaries.size() + " boundaries");
		}
		exemplars = List.copyOf(exemplars);
	}

}

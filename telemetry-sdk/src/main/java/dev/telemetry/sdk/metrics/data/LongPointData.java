package dev.telemetry.sdk.metrics.data;

import java.util.List;
import java.util.Objects;

import dev.telemetry.sdk.common.Attributes;

/**
 * A point of a long sum or gauge. Immutable.
 *
 * @param startEpochNanos see {@link PointData#startEpochNanos()}
 * @param epochNanos see {@link PointData#epochNanos()}
 * @param attributes the attribute set
 * @param value the sum or last value
 * @param exemplars sample measurements
 * @since 0.1.0
 */
public record LongPointData(long startEpochNanos, long epochNanos, Attributes attributes, long value,
		List<ExemplarData> exemplars) implements PointData {

	public LongPointData {
		Objects.requireNonNull(attributes, "attributes");
		exemplars = List.copyOf(exemplars);
	}

}

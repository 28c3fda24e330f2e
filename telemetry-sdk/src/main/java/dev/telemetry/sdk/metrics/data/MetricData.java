package dev.telemetry.sdk.metrics.data;

import java.util.List;
import java.util.Objects;

import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.resource.Resource;

/**
 * One stream's points from one collection: what a reader hands to its exporter.
 * <p>
 * The type of every point follows from {@link #type()}: {@link LongPointData} for
 * {@code LONG_GAUGE} and {@code LONG_SUM}, {@link DoublePointData} for
 * {@code DOUBLE_GAUGE} and {@code DOUBLE_SUM}, {@link HistogramPointData} for
 * {@code HISTOGRAM} and {@link ExponentialHistogramPointData} for
 * {@code EXPONENTIAL_HISTOGRAM}. Immutable.
 *
 * @param resource the resource of the meter provider
 * @param scope the scope of the meter that created the instrument
 * @param name the stream name (the instrument's, or the view's)
 * @param description the stream description, possibly empty
 * @param unit the unit, possibly empty
 * @param type the kind of metric
 * @param temporality the temporality of sums and histograms; OTLP has none for gauges,
 * which report {@code CUMULATIVE} here
 * @param monotonic whether a sum only grows ({@code false} for anything but sums)
 * @param points the points, one per attribute set, never empty
 * @since 0.1.0
 */
public record MetricData(Resource resource, InstrumentationScope scope, String name, String description, String unit,
		MetricDataType type, AggregationTemporality temporality, boolean monotonic, List<PointData> points) {

	public MetricData {
		Objects.requireNonNull(resource, "resource");
		Objects.requireNonNull(scope, "scope");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(description, "description");
		Objects.requireNonNull(unit, "unit");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(temporality, "temporality");
		points = List.copyOf(points);
	}

}

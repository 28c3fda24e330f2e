package dev.telemetry.sdk.metrics;

import java.util.List;

import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.data.MetricDataType;
import dev.telemetry.sdk.metrics.data.PointData;
import dev.telemetry.sdk.metrics.internal.state.AsynchronousStorage;
import dev.telemetry.sdk.metrics.internal.state.SynchronousStorage;
import dev.telemetry.sdk.resource.Resource;
import org.jspecify.annotations.Nullable;

/**
 * One stream of one instrument for one reader: what it is called and how it is
 * aggregated, and the storage that holds its attribute sets.
 */
final class MetricStream {

	final InstrumentationScope scope;

	final InstrumentDescriptor instrument;

	final String name;

	final String description;

	final Aggregation aggregation;

	final AggregationTemporality temporality;

	final int cardinalityLimit;

	final @Nullable SynchronousStorage synchronous;

	final @Nullable AsynchronousStorage asynchronous;

	MetricStream(InstrumentationScope scope, InstrumentDescriptor instrument, String name, String description,
			Aggregation aggregation, AggregationTemporality temporality, int cardinalityLimit,
			@Nullable SynchronousStorage synchronous, @Nullable AsynchronousStorage asynchronous) {
		this.scope = scope;
		this.instrument = instrument;
		this.name = name;
		this.description = description;
		this.aggregation = aggregation;
		this.temporality = temporality;
		this.cardinalityLimit = cardinalityLimit;
		this.synchronous = synchronous;
		this.asynchronous = asynchronous;
	}

	/** Collects the stream; {@code null} when it has no point to report. */
	@Nullable MetricData collect(Resource resource, long epochNanos) {
		List<PointData> points = (this.synchronous != null) ? this.synchronous.collect(epochNanos)
				: this.asynchronous.collect(epochNanos);
		if (points.isEmpty()) {
			return null;
		}
		MetricDataType type = dataType();
		boolean sum = type == MetricDataType.LONG_SUM || type == MetricDataType.DOUBLE_SUM;
		boolean gauge = type == MetricDataType.LONG_GAUGE || type == MetricDataType.DOUBLE_GAUGE;
		return new MetricData(resource, this.scope, this.name, this.description, this.instrument.unit(), type,
				gauge ? AggregationTemporality.CUMULATIVE : this.temporality,
				sum && this.instrument.type().isMonotonic(), points);
	}

	MetricDataType dataType() {
		return (this.synchronous != null) ? this.synchronous.dataType() : this.asynchronous.dataType();
	}

	MetricsDiagnostics.Stream diagnostics(String reader) {
		int series = (this.synchronous != null) ? this.synchronous.seriesCount() : this.asynchronous.seriesCount();
		long overflow = (this.synchronous != null) ? this.synchronous.overflowMeasurements()
				: this.asynchronous.overflowMeasurements();
		return new MetricsDiagnostics.Stream(reader, this.scope, this.instrument.name(), this.instrument.type(),
				this.name, this.aggregation.toString(), this.temporality, series, this.cardinalityLimit, overflow);
	}

}

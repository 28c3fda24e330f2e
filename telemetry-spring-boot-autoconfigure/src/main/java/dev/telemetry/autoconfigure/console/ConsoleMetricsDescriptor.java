package dev.telemetry.autoconfigure.console;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The console's metrics, {@code GET /actuator/telemetryconsole/metrics}: every stream the
 * meter provider collects, cumulative, with the current value of each attribute set, or
 * for a histogram its buckets and estimated percentiles. Bounded: at most
 * {@value MetricDescriptions#MAX_STREAMS} streams and
 * {@value MetricDescriptions#MAX_SERIES} attribute sets per stream, with
 * {@code truncated} saying when more exist.
 *
 * @param collected whether metrics are collected at all ({@code false} with
 * {@code telemetry.metrics.enabled=false})
 * @param valuesShown whether attribute values are shown to the caller
 * ({@code management.endpoint.telemetry.show-values})
 * @param streamCount how many streams there are, shown or not
 * @param truncated whether streams were left out
 * @param streams the streams, by name
 * @since 0.1.0
 */
public record ConsoleMetricsDescriptor(boolean collected, boolean valuesShown, int streamCount, boolean truncated,
		List<StreamDescriptor> streams) implements OperationResponseBody {

	/**
	 * One metric stream.
	 *
	 * @param name the stream's name
	 * @param unit its unit, possibly empty
	 * @param description its description, possibly empty
	 * @param kind {@code counter}, {@code updowncounter}, {@code gauge},
	 * {@code histogram} or {@code exponential_histogram}
	 * @param scope the instrumentation scope that recorded it
	 * @param seriesCount how many attribute sets it has, shown or not
	 * @param truncated whether attribute sets were left out
	 * @param series the attribute sets
	 */
	public record StreamDescriptor(String name, String unit, String description, String kind, String scope,
			int seriesCount, boolean truncated, List<SeriesDescriptor> series) {

	}

	/**
	 * One attribute set of a stream.
	 *
	 * @param attributes the attributes, values as {@code show-values} allows
	 * @param value for a counter or gauge, the current value
	 * @param histogram for a histogram, its buckets
	 */
	public record SeriesDescriptor(Map<String, Object> attributes, @Nullable Number value,
			@Nullable HistogramDescriptor histogram) {

	}

	/**
	 * A histogram's buckets since start, and percentiles estimated from them
	 * (interpolating within a bucket, as Prometheus's {@code histogram_quantile} does).
	 *
	 * @param count the number of values
	 * @param sum their sum
	 * @param min the smallest value, when known
	 * @param max the largest value, when known
	 * @param bounds the ascending upper bounds of all buckets but the last (an
	 * exponential histogram's buckets as explicit ones)
	 * @param counts the count of each bucket, one more than there are bounds
	 * @param p50 the estimated median, absent with no values
	 * @param p95 the estimated 95th percentile
	 * @param p99 the estimated 99th percentile
	 */
	public record HistogramDescriptor(long count, double sum, @Nullable Double min, @Nullable Double max,
			double[] bounds, long[] counts, @Nullable Double p50, @Nullable Double p95, @Nullable Double p99) {

	}

}

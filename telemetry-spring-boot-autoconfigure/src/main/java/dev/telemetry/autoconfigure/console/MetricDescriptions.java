package dev.telemetry.autoconfigure.console;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import dev.telemetry.autoconfigure.actuate.AttributeValues;
import dev.telemetry.autoconfigure.console.ConsoleMetricsDescriptor.HistogramDescriptor;
import dev.telemetry.autoconfigure.console.ConsoleMetricsDescriptor.SeriesDescriptor;
import dev.telemetry.autoconfigure.console.ConsoleMetricsDescriptor.StreamDescriptor;
import dev.telemetry.sdk.metrics.data.DoublePointData;
import dev.telemetry.sdk.metrics.data.ExplicitBuckets;
import dev.telemetry.sdk.metrics.data.ExponentialHistogramPointData;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.data.PointData;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import org.jspecify.annotations.Nullable;

/**
 * Collects the metrics through a cumulative pull reader, on the caller's thread and only
 * when asked, and describes them for the console page.
 */
final class MetricDescriptions {

	/** The most streams in one answer. */
	static final int MAX_STREAMS = 500;

	/** The most attribute sets of one stream in one answer. */
	static final int MAX_SERIES = 100;

	private static final Comparator<MetricData> BY_NAME = Comparator.comparing(MetricData::name)
		.thenComparing((metric) -> metric.scope().name());

	private final PullMetricReader reader;

	private final AttributeValues values;

	private final int maxStreams;

	private final int maxSeries;

	MetricDescriptions(PullMetricReader reader, AttributeValues values) {
		this(reader, values, MAX_STREAMS, MAX_SERIES);
	}

	MetricDescriptions(PullMetricReader reader, AttributeValues values, int maxStreams, int maxSeries) {
		this.reader = reader;
		this.values = values;
		this.maxStreams = maxStreams;
		this.maxSeries = maxSeries;
	}

	AttributeValues values() {
		return this.values;
	}

	ConsoleMetricsDescriptor describe(boolean valuesShown) {
		Collection<MetricData> collected = this.reader.collect();
		List<MetricData> metrics = new ArrayList<>(collected);
		metrics.sort(BY_NAME);
		List<StreamDescriptor> streams = new ArrayList<>(Math.min(metrics.size(), this.maxStreams));
		for (MetricData metric : metrics.subList(0, Math.min(metrics.size(), this.maxStreams))) {
			streams.add(stream(metric, valuesShown));
		}
		return new ConsoleMetricsDescriptor(true, valuesShown, metrics.size(), metrics.size() > this.maxStreams,
				streams);
	}

	private StreamDescriptor stream(MetricData metric, boolean valuesShown) {
		List<PointData> points = metric.points();
		List<SeriesDescriptor> series = new ArrayList<>(Math.min(points.size(), this.maxSeries));
		for (PointData point : points.subList(0, Math.min(points.size(), this.maxSeries))) {
			series.add(new SeriesDescriptor(this.values.span(point.attributes(), valuesShown), value(point),
					histogram(point)));
		}
		return new StreamDescriptor(metric.name(), metric.unit(), metric.description(), kind(metric),
				metric.scope().name(), points.size(), points.size() > this.maxSeries, series);
	}

	private static String kind(MetricData metric) {
		return switch (metric.type()) {
			case LONG_SUM, DOUBLE_SUM -> metric.monotonic() ? "counter" : "updowncounter";
			case LONG_GAUGE, DOUBLE_GAUGE -> "gauge";
			case HISTOGRAM -> "histogram";
			case EXPONENTIAL_HISTOGRAM -> "exponential_histogram";
		};
	}

	private static @Nullable Number value(PointData point) {
		if (point instanceof LongPointData longPoint) {
			return longPoint.value();
		}
		if (point instanceof DoublePointData doublePoint) {
			return finite(doublePoint.value());
		}
		return null;
	}

	private static @Nullable HistogramDescriptor histogram(PointData point) {
		if (point instanceof HistogramPointData histogram) {
			return histogram(ExplicitBuckets.of(histogram), histogram.count(), histogram.sum(),
					histogram.hasMin() ? histogram.min() : Double.NaN,
					histogram.hasMax() ? histogram.max() : Double.NaN);
		}
		if (point instanceof ExponentialHistogramPointData exponential) {
			return histogram(ExplicitBuckets.of(exponential), exponential.count(), exponential.sum(),
					exponential.hasMin() ? exponential.min() : Double.NaN,
					exponential.hasMax() ? exponential.max() : Double.NaN);
		}
		return null;
	}

	private static HistogramDescriptor histogram(ExplicitBuckets buckets, long count, double sum, double min,
			double max) {
		double[] bounds = buckets.bounds();
		long[] counts = buckets.counts();
		return new HistogramDescriptor(count, sum, finite(min), finite(max), bounds, counts,
				finite(HistogramQuantiles.estimate(0.50, bounds, counts, min, max)),
				finite(HistogramQuantiles.estimate(0.95, bounds, counts, min, max)),
				finite(HistogramQuantiles.estimate(0.99, bounds, counts, min, max)));
	}

	// JSON has no NaN or infinity: an unknown number is left out.
	private static @Nullable Double finite(double value) {
		return Double.isFinite(value) ? value : null;
	}

}

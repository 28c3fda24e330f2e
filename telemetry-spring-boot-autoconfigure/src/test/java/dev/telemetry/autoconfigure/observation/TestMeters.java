package dev.telemetry.autoconfigure.observation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.telemetry.sdk.metrics.Meter;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.data.DoublePointData;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.data.PointData;
import dev.telemetry.sdk.metrics.export.PullMetricReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real meter provider whose metrics a test collects on demand, with helpers to read the
 * points of one metric. Shared by the tests of the metric conventions, the runtime
 * metrics and the Micrometer bridge.
 */
public final class TestMeters implements AutoCloseable {

	private final PullMetricReader reader = PullMetricReader.create();

	private final MeterProvider provider = MeterProvider.builder().registerMetricReader(this.reader).build();

	/**
	 * Returns the provider.
	 * @return the provider
	 */
	public MeterProvider provider() {
		return this.provider;
	}

	/**
	 * Returns a meter of the provider.
	 * @return a meter
	 */
	public Meter meter() {
		return this.provider.get("test");
	}

	/**
	 * Collects every metric now.
	 * @return the metrics
	 */
	public Collection<MetricData> collect() {
		return this.reader.collect();
	}

	/**
	 * Collects and returns the metric of a name, failing when there is none.
	 * @param name the name
	 * @return the metric
	 */
	public MetricData metric(String name) {
		Optional<MetricData> metric = find(collect(), name);
		assertThat(metric).as("metric %s", name).isPresent();
		return metric.get();
	}

	/**
	 * Returns the metric of a name in a collection.
	 * @param metrics the collection
	 * @param name the name
	 * @return the metric, if collected
	 */
	public static Optional<MetricData> find(Collection<MetricData> metrics, String name) {
		return metrics.stream().filter((metric) -> metric.name().equals(name)).findFirst();
	}

	/**
	 * Collects and returns the histogram points of a metric.
	 * @param name the name
	 * @return the points
	 */
	public List<HistogramPointData> histogram(String name) {
		return points(metric(name), HistogramPointData.class);
	}

	/**
	 * Collects and returns the long points of a metric.
	 * @param name the name
	 * @return the points
	 */
	public List<LongPointData> longs(String name) {
		return points(metric(name), LongPointData.class);
	}

	/**
	 * Collects and returns the double points of a metric.
	 * @param name the name
	 * @return the points
	 */
	public List<DoublePointData> doubles(String name) {
		return points(metric(name), DoublePointData.class);
	}

	/**
	 * Returns the points of a metric, of the given type.
	 * @param <P> the point type
	 * @param metric the metric
	 * @param type the point type
	 * @return the points
	 */
	public static <P extends PointData> List<P> points(MetricData metric, Class<P> type) {
		assertThat(metric.points()).allSatisfy((point) -> assertThat(point).isInstanceOf(type));
		return metric.points().stream().map(type::cast).toList();
	}

	/**
	 * Returns the attributes of a histogram point as a map.
	 * @param point the point
	 * @return the attributes
	 */
	public static Map<String, Object> attributes(HistogramPointData point) {
		return point.attributes().asMap();
	}

	@Override
	public void close() {
		this.provider.close();
	}

}

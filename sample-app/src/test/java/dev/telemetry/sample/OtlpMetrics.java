package dev.telemetry.sample;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;

/**
 * Reading the OTLP metrics a loopback receiver got, for the end-to-end tests: the
 * sample's order lookup counter, and the points of any metric. Every export of a
 * cumulative stream repeats its points, so the last export of a metric holds its current
 * state.
 */
final class OtlpMetrics {

	private OtlpMetrics() {
	}

	/**
	 * Returns the last exported cumulative total of lookups with one outcome.
	 * @param metrics every metric received, oldest first
	 * @param outcome {@code found} or {@code missing}
	 * @return the total, or empty when none was exported yet
	 */
	static OptionalLong lastTotal(List<Metric> metrics, String outcome) {
		for (int i = metrics.size() - 1; i >= 0; i--) {
			Metric metric = metrics.get(i);
			if (!metric.getName().equals(OrderMetrics.LOOKUPS)) {
				continue;
			}
			for (NumberDataPoint point : metric.getSum().getDataPointsList()) {
				if (point.getAttributesList()
					.stream()
					.anyMatch(
							(kv) -> kv.getKey().equals("outcome") && kv.getValue().getStringValue().equals(outcome))) {
					return OptionalLong.of(point.getAsInt());
				}
			}
		}
		return OptionalLong.empty();
	}

	static List<Metric> named(List<Metric> metrics, String name) {
		return metrics.stream().filter((metric) -> metric.getName().equals(name)).toList();
	}

	static Optional<Metric> latest(List<Metric> metrics, String name) {
		List<Metric> named = named(metrics, name);
		return named.isEmpty() ? Optional.empty() : Optional.of(named.get(named.size() - 1));
	}

	static List<HistogramDataPoint> histogramPoints(List<Metric> metrics, String name) {
		return latest(metrics, name).map((metric) -> metric.getHistogram().getDataPointsList()).orElse(List.of());
	}

	/**
	 * Returns the histogram points of every export of a metric: exemplars are sampled per
	 * collection, so they appear in the export that follows their measurement only.
	 */
	static List<HistogramDataPoint> everyHistogramPoint(List<Metric> metrics, String name) {
		return named(metrics, name).stream()
			.flatMap((metric) -> metric.getHistogram().getDataPointsList().stream())
			.toList();
	}

	static List<NumberDataPoint> sumPoints(List<Metric> metrics, String name) {
		return latest(metrics, name).map((metric) -> metric.getSum().getDataPointsList()).orElse(List.of());
	}

	static boolean hasHistogramPoint(List<Metric> metrics, String name, String key, Object value) {
		return histogramPoints(metrics, name).stream().anyMatch((point) -> value.equals(attributes(point).get(key)));
	}

	static Map<String, Object> attributes(HistogramDataPoint point) {
		return OtlpSpans.attributes(point.getAttributesList());
	}

	static Map<String, Object> attributes(NumberDataPoint point) {
		return OtlpSpans.attributes(point.getAttributesList());
	}

	static List<KeyValue> rawAttributes(HistogramDataPoint point) {
		return point.getAttributesList();
	}

}

package dev.telemetry.sdk.metrics;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.data.PointData;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finds metrics and points in a collection.
 */
final class MetricsTesting {

	private MetricsTesting() {
	}

	static MetricData metric(Collection<MetricData> metrics, String name) {
		List<MetricData> found = metrics.stream().filter((metric) -> metric.name().equals(name)).toList();
		assertThat(found).as("metrics named %s in %s", name, metrics).hasSize(1);
		return found.get(0);
	}

	@SuppressWarnings("unchecked")
	static <P extends PointData> P point(MetricData metric, Map<String, Object> attributes) {
		List<PointData> found = metric.points()
			.stream()
			.filter((point) -> point.attributes().asMap().equals(attributes))
			.toList();
		assertThat(found).as("points with %s in %s", attributes, metric.points()).hasSize(1);
		return (P) found.get(0);
	}

	@SuppressWarnings("unchecked")
	static <P extends PointData> P onlyPoint(MetricData metric) {
		assertThat(metric.points()).hasSize(1);
		return (P) metric.points().get(0);
	}

	static Map<Map<String, Object>, Long> longValues(MetricData metric) {
		return metric.points()
			.stream()
			.collect(Collectors.toMap((point) -> point.attributes().asMap(),
					(point) -> ((dev.telemetry.sdk.metrics.data.LongPointData) point).value()));
	}

}

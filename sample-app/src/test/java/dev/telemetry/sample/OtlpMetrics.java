package dev.telemetry.sample;

import java.util.List;
import java.util.OptionalLong;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;

/**
 * Reads the sample's order lookup counter out of what an OTLP receiver got.
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

}

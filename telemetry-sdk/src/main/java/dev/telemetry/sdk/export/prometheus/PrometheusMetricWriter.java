package dev.telemetry.sdk.export.prometheus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.internal.ThrottledLogger;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;
import dev.telemetry.sdk.metrics.data.DoublePointData;
import dev.telemetry.sdk.metrics.data.ExemplarData;
import dev.telemetry.sdk.metrics.data.ExplicitBuckets;
import dev.telemetry.sdk.metrics.data.ExponentialHistogramPointData;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.data.MetricDataType;
import dev.telemetry.sdk.metrics.data.PointData;
import dev.telemetry.sdk.resource.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Writes a collection of metrics in a Prometheus text format.
 * <p>
 * Names follow the OpenTelemetry specification's Prometheus compatibility rules:
 * {@code http.server.request.duration} in seconds becomes
 * {@code http_server_request_duration_seconds} with {@code _bucket}, {@code _sum} and
 * {@code _count} samples; a monotonic sum gets {@code _total}; a non-monotonic sum is a
 * gauge; attribute keys are sanitized into label names (keys that collide after
 * sanitizing have their values joined with {@code ;}); every sample carries
 * {@code otel_scope_name} and {@code otel_scope_version}; the resource is one
 * {@code target_info} sample. Exponential histograms are written as explicit buckets
 * whose {@code le} bounds are the exponential buckets' upper bounds (negative buckets
 * first, then the zero bucket at {@code le="0"}). Delta points are skipped: Prometheus
 * needs cumulative data, which a pull reader always collects.
 * <p>
 * Thread-safe: the writer keeps no state between calls but a rate-limited logger.
 *
 * @since 0.1.0
 */
public final class PrometheusMetricWriter {

	private static final Logger logger = Logger.getLogger(PrometheusMetricWriter.class.getName());

	private final ThrottledLogger conflictLogger;

	private PrometheusMetricWriter(Clock clock) {
		this.conflictLogger = new ThrottledLogger(logger, Duration.ofMinutes(1), clock);
	}

	/**
	 * Returns a writer.
	 * @return a new writer
	 */
	public static PrometheusMetricWriter create() {
		return new PrometheusMetricWriter(Clock.system());
	}

	/**
	 * Writes {@code metrics} and the resource's {@code target_info} in {@code format}.
	 * @param metrics the collected metrics, cumulative
	 * @param resource the resource the metrics describe
	 * @param format the text format
	 * @param out where to write, never closed
	 * @throws IOException when {@code out} fails
	 */
	public void write(Collection<MetricData> metrics, Resource resource, PrometheusFormat format, Appendable out)
			throws IOException {
		boolean openMetrics = format == PrometheusFormat.OPENMETRICS_1_0;
		writeTargetInfo(resource, openMetrics, out);
		for (Family family : families(metrics).values()) {
			family.write(openMetrics, out);
		}
		if (openMetrics) {
			out.append("# EOF\n");
		}
	}

	private Map<String, Family> families(Collection<MetricData> metrics) {
		// Sorted by name: Prometheus wants each family once, and a stable order makes
		// scrapes comparable.
		Map<String, Family> families = new TreeMap<>();
		for (MetricData metric : metrics) {
			Kind kind = Kind.of(metric);
			if (kind == null || metric.points().isEmpty()) {
				continue;
			}
			String name = PrometheusNames.familyName(metric.name(), metric.unit(), kind == Kind.GAUGE);
			Family family = families.computeIfAbsent(name, (key) -> new Family(key, kind, metric.description(),
					PrometheusNames.unitWord(metric.unit(), kind == Kind.GAUGE)));
			if (family.kind != kind) {
				this.conflictLogger.log(Level.WARNING,
						"Metric " + metric.name() + " maps to Prometheus name " + name + " as a " + kind.typeName
								+ ", which a " + family.kind.typeName
								+ " already has; it is left out of the scrape. Rename one with a view.",
						null);
				continue;
			}
			family.metrics.add(metric);
		}
		return families;
	}

	private static void writeTargetInfo(Resource resource, boolean openMetrics, Appendable out) throws IOException {
		out.append("# HELP target_info Target metadata\n");
		out.append(openMetrics ? "# TYPE target info\n" : "# TYPE target_info gauge\n");
		out.append("target_info");
		Labels labels = new Labels();
		labels.addAll(resource.getAttributes());
		labels.write(out, null, null);
		out.append(" 1\n");
	}

	private enum Kind {

		COUNTER("counter"), GAUGE("gauge"), HISTOGRAM("histogram");

		private final String typeName;

		Kind(String typeName) {
			this.typeName = typeName;
		}

		static @Nullable Kind of(MetricData metric) {
			MetricDataType type = metric.type();
			boolean cumulative = metric.temporality() == AggregationTemporality.CUMULATIVE;
			return switch (type) {
				case LONG_GAUGE, DOUBLE_GAUGE -> GAUGE;
				case LONG_SUM, DOUBLE_SUM -> {
					if (!metric.monotonic()) {
						yield cumulative ? GAUGE : null;
					}
					yield cumulative ? COUNTER : null;
				}
				case HISTOGRAM, EXPONENTIAL_HISTOGRAM -> cumulative ? HISTOGRAM : null;
			};
		}

	}

	private static final class Family {

		private final String name;

		private final Kind kind;

		private final String help;

		private final String unit;

		private final List<MetricData> metrics = new ArrayList<>();

		Family(String name, Kind kind, String help, String unit) {
			this.name = name;
			this.kind = kind;
			this.help = help;
			this.unit = unit;
		}

		void write(boolean openMetrics, Appendable out) throws IOException {
			String header = (this.kind == Kind.COUNTER && !openMetrics) ? this.name + "_total" : this.name;
			if (!this.help.isEmpty()) {
				out.append("# HELP ").append(header).append(' ');
				escape(this.help, openMetrics, false, out);
				out.append('\n');
			}
			out.append("# TYPE ").append(header).append(' ').append(this.kind.typeName).append('\n');
			if (openMetrics && !this.unit.isEmpty() && this.name.endsWith("_" + this.unit)) {
				out.append("# UNIT ").append(this.name).append(' ').append(this.unit).append('\n');
			}
			for (MetricData metric : this.metrics) {
				for (PointData point : metric.points()) {
					Labels labels = new Labels();
					labels.addAll(point.attributes());
					labels.addScope(metric.scope());
					writePoint(point, labels, openMetrics, out);
				}
			}
		}

		private void writePoint(PointData point, Labels labels, boolean openMetrics, Appendable out)
				throws IOException {
			if (point instanceof LongPointData longPoint) {
				sample(this.kind == Kind.COUNTER ? "_total" : "", labels, Long.toString(longPoint.value()),
						openMetrics && this.kind == Kind.COUNTER ? last(point.exemplars()) : null, out);
			}
			else if (point instanceof DoublePointData doublePoint) {
				sample(this.kind == Kind.COUNTER ? "_total" : "", labels, number(doublePoint.value()),
						openMetrics && this.kind == Kind.COUNTER ? last(point.exemplars()) : null, out);
			}
			else if (point instanceof HistogramPointData histogram) {
				writeHistogram(ExplicitBuckets.of(histogram), histogram.count(), histogram.sum(), point.exemplars(),
						labels, openMetrics, out);
			}
			else if (point instanceof ExponentialHistogramPointData exponential) {
				writeHistogram(ExplicitBuckets.of(exponential), exponential.count(), exponential.sum(),
						point.exemplars(), labels, openMetrics, out);
			}
		}

		/** Writes cumulative {@code _bucket} samples, the last being {@code +Inf}. */
		private void writeHistogram(ExplicitBuckets buckets, long count, double sum, List<ExemplarData> exemplars,
				Labels labels, boolean openMetrics, Appendable out) throws IOException {
			double[] bounds = buckets.bounds();
			long[] counts = buckets.counts();
			long cumulative = 0;
			for (int i = 0; i < counts.length; i++) {
				cumulative += counts[i];
				double upper = (i < bounds.length) ? bounds[i] : Double.POSITIVE_INFINITY;
				double lower = (i == 0) ? Double.NEGATIVE_INFINITY : bounds[i - 1];
				ExemplarData exemplar = openMetrics ? exemplarIn(exemplars, lower, upper) : null;
				out.append(this.name).append("_bucket");
				labels.write(out, "le", number(upper));
				out.append(' ').append(Long.toString(cumulative));
				appendExemplar(exemplar, out);
				out.append('\n');
			}
			sample("_count", labels, Long.toString(count), null, out);
			sample("_sum", labels, number(sum), null, out);
		}

		private void sample(String suffix, Labels labels, String value, @Nullable ExemplarData exemplar, Appendable out)
				throws IOException {
			out.append(this.name).append(suffix);
			labels.write(out, null, null);
			out.append(' ').append(value);
			appendExemplar(exemplar, out);
			out.append('\n');
		}

	}

	private static @Nullable ExemplarData last(List<ExemplarData> exemplars) {
		return exemplars.isEmpty() ? null : exemplars.get(exemplars.size() - 1);
	}

	private static @Nullable ExemplarData exemplarIn(List<ExemplarData> exemplars, double lower, double upper) {
		ExemplarData found = null;
		for (ExemplarData exemplar : exemplars) {
			double value = exemplar.doubleValue();
			if (value > lower && value <= upper) {
				found = exemplar;
			}
		}
		return found;
	}

	private static void appendExemplar(@Nullable ExemplarData exemplar, Appendable out) throws IOException {
		if (exemplar == null || !exemplar.spanContext().isValid()) {
			return;
		}
		out.append(" # {trace_id=\"")
			.append(exemplar.spanContext().getTraceId())
			.append("\",span_id=\"")
			.append(exemplar.spanContext().getSpanId())
			.append("\"} ")
			.append(number(exemplar.doubleValue()))
			.append(' ')
			.append(seconds(exemplar.epochNanos()));
	}

	private static String seconds(long epochNanos) {
		long nanos = Math.floorMod(epochNanos, 1_000_000_000L);
		String fraction = Long.toString(nanos + 1_000_000_000L).substring(1);
		return Math.floorDiv(epochNanos, 1_000_000_000L) + "." + fraction;
	}

	static String number(double value) {
		if (Double.isNaN(value)) {
			return "NaN";
		}
		if (Double.isInfinite(value)) {
			return (value > 0) ? "+Inf" : "-Inf";
		}
		return Double.toString(value);
	}

	/**
	 * Label text escaped as both formats require: backslash, double quote (in label
	 * values and OpenMetrics help) and line feed.
	 */
	static void escape(String value, boolean quotes, boolean labelValue, Appendable out) throws IOException {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\') {
				out.append("\\\\");
			}
			else if (c == '\n') {
				out.append("\\n");
			}
			else if (c == '"' && (quotes || labelValue)) {
				out.append("\\\"");
			}
			else {
				out.append(c);
			}
		}
	}

	/**
	 * The labels of one point: sanitized names, sorted, values of colliding names joined
	 * with {@code ;}.
	 */
	private static final class Labels {

		// Keyed by sanitized name; the inner map orders colliding originals by their
		// original key.
		private final Map<String, Map<String, String>> labels = new TreeMap<>();

		void addAll(Attributes attributes) {
			for (int i = 0, n = attributes.size(); i < n; i++) {
				put(attributes.key(i), text(attributes.value(i)));
			}
		}

		void addScope(InstrumentationScope scope) {
			put("otel_scope_name", scope.name());
			if (scope.version() != null) {
				put("otel_scope_version", Objects.requireNonNull(scope.version()));
			}
		}

		private void put(String key, String value) {
			this.labels.computeIfAbsent(PrometheusNames.labelName(key), (name) -> new TreeMap<>()).put(key, value);
		}

		void write(Appendable out, @Nullable String extraName, @Nullable String extraValue) throws IOException {
			if (this.labels.isEmpty() && extraName == null) {
				return;
			}
			out.append('{');
			boolean first = true;
			for (Map.Entry<String, Map<String, String>> label : this.labels.entrySet()) {
				if (!first) {
					out.append(',');
				}
				first = false;
				out.append(label.getKey()).append("=\"");
				escape(String.join(";", label.getValue().values()), true, true, out);
				out.append('"');
			}
			if (extraName != null) {
				if (!first) {
					out.append(',');
				}
				out.append(extraName).append("=\"").append(Objects.requireNonNull(extraValue)).append('"');
			}
			out.append('}');
		}

		private static String text(Object value) {
			if (value instanceof List<?> list) {
				StringBuilder json = new StringBuilder("[");
				for (int i = 0; i < list.size(); i++) {
					if (i > 0) {
						json.append(',');
					}
					Object element = list.get(i);
					json.append((element instanceof String) ? '"' + element.toString() + '"' : String.valueOf(element));
				}
				return json.append(']').toString();
			}
			return String.valueOf(value);
		}

	}

}

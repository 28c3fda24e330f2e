package dev.telemetry.sdk.export.prometheus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;
import dev.telemetry.sdk.metrics.data.DoubleExemplarData;
import dev.telemetry.sdk.metrics.data.DoublePointData;
import dev.telemetry.sdk.metrics.data.ExemplarData;
import dev.telemetry.sdk.metrics.data.ExponentialHistogramBuckets;
import dev.telemetry.sdk.metrics.data.ExponentialHistogramPointData;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.LongExemplarData;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.data.MetricDataType;
import dev.telemetry.sdk.metrics.data.PointData;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.TraceState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusMetricWriterTests {

	private static final Resource RESOURCE = Resource
		.create(Attributes.builder().put("service.name", "orders").put("service.instance.id", "i-1").build());

	private static final InstrumentationScope SCOPE = new InstrumentationScope("dev.telemetry", "0.1.0");

	private static final SpanContext SPAN = SpanContext.create(0x0af7651916cd43ddL, 0x8448eb211c80319cL,
			0xb7ad6b7169203331L, (byte) 1, TraceState.empty());

	// One line of either text format: a comment line or a sample with an optional
	// OpenMetrics exemplar.
	private static final String LABELS = "\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\")*)?\\}";

	private static final String VALUE = "(NaN|[+-]Inf|-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?)";

	private static final Pattern SAMPLE = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(" + LABELS + ")? " + VALUE + "( # "
			+ LABELS + " " + VALUE + " [0-9]+\\.[0-9]{9})?");

	private static final Pattern COMMENT = Pattern
		.compile("# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|info)"
				+ "|UNIT [a-zA-Z_:][a-zA-Z0-9_:]* [a-z_]+|EOF)");

	private final PrometheusMetricWriter writer = PrometheusMetricWriter.create();

	@Test
	void histogramInSecondsGetsTheUnitAndCumulativeBuckets() throws IOException {
		MetricData duration = histogram("http.server.request.duration", "s",
				Attributes.builder()
					.put("http.route", "/orders/{id}")
					.put("http.request.method", "GET")
					.put("http.response.status_code", 200L)
					.build(),
				List.of(0.005, 0.01, 0.1), List.of(1L, 2L, 3L, 4L), List.of());
		String text = write(PrometheusFormat.TEXT_0_0_4, duration);
		assertThat(text).contains("# HELP http_server_request_duration_seconds Duration of requests.\n"
				+ "# TYPE http_server_request_duration_seconds histogram\n");
		String labels = "http_request_method=\"GET\",http_response_status_code=\"200\",http_route=\"/orders/{id}\","
				+ "otel_scope_name=\"dev.telemetry\",otel_scope_version=\"0.1.0\"";
		assertThat(text).contains("http_server_request_duration_seconds_bucket{" + labels + ",le=\"0.005\"} 1\n"
				+ "http_server_request_duration_seconds_bucket{" + labels + ",le=\"0.01\"} 3\n"
				+ "http_server_request_duration_seconds_bucket{" + labels + ",le=\"0.1\"} 6\n"
				+ "http_server_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} 10\n"
				+ "http_server_request_duration_seconds_count{" + labels + "} 10\n"
				+ "http_server_request_duration_seconds_sum{" + labels + "} 1.5\n");
		assertThat(text).doesNotContain("# EOF").doesNotContain("# UNIT");
		assertValidLines(text);
	}

	@Test
	void monotonicSumIsACounterNamedWithTotal() throws IOException {
		MetricData counter = sum("jobs.processed", "{job}", true, 42);
		assertThat(write(PrometheusFormat.TEXT_0_0_4, counter)).contains("# TYPE jobs_processed_total counter\n"
				+ "jobs_processed_total{otel_scope_name=\"dev.telemetry\",otel_scope_version=\"0.1.0\"} 42\n");
		String openMetrics = write(PrometheusFormat.OPENMETRICS_1_0, counter);
		assertThat(openMetrics).contains("# TYPE jobs_processed counter\n"
				+ "jobs_processed_total{otel_scope_name=\"dev.telemetry\",otel_scope_version=\"0.1.0\"} 42\n");
		assertThat(openMetrics).endsWith("# EOF\n");
		assertValidLines(openMetrics);
	}

	@Test
	void nameThatEndsInTotalIsNotSuffixedTwice() throws IOException {
		assertThat(write(PrometheusFormat.TEXT_0_0_4, sum("requests_total", "", true, 1)))
			.contains("# TYPE requests_total counter\n")
			.doesNotContain("requests_total_total");
	}

	@Test
	void nonMonotonicSumIsAGauge() throws IOException {
		String text = write(PrometheusFormat.TEXT_0_0_4, sum("http.server.active_requests", "{request}", false, 3));
		assertThat(text).contains("# TYPE http_server_active_requests gauge\n")
			.contains(
					"http_server_active_requests{otel_scope_name=\"dev.telemetry\",otel_scope_version=\"0.1.0\"} 3\n");
	}

	@Test
	void openMetricsNamesTheUnit() throws IOException {
		String text = write(PrometheusFormat.OPENMETRICS_1_0, gauge("jvm.memory.used", "By", 1024.0));
		assertThat(text).contains("# TYPE jvm_memory_used_bytes gauge\n# UNIT jvm_memory_used_bytes bytes\n");
		assertValidLines(text);
	}

	@Test
	void unitsMapAsTheSpecificationSays() {
		assertThat(PrometheusNames.familyName("a", "ms", false)).isEqualTo("a_milliseconds");
		assertThat(PrometheusNames.familyName("a", "By", false)).isEqualTo("a_bytes");
		assertThat(PrometheusNames.familyName("a", "{packet}", false)).isEqualTo("a");
		assertThat(PrometheusNames.familyName("cpu.utilization", "1", true)).isEqualTo("cpu_utilization_ratio");
		assertThat(PrometheusNames.familyName("jvm.classes", "1", false)).isEqualTo("jvm_classes");
		assertThat(PrometheusNames.familyName("speed", "m/s", true)).isEqualTo("speed_meters_per_second");
		assertThat(PrometheusNames.familyName("duration_seconds", "s", false)).isEqualTo("duration_seconds");
		assertThat(PrometheusNames.familyName("jvm.cpu.time", "s", false)).isEqualTo("jvm_cpu_time_seconds");
	}

	@Test
	void namesWithDotsDashesAndDigitsAreSanitized() {
		assertThat(PrometheusNames.metricName("my-app.requests..count")).isEqualTo("my_app_requests_count");
		assertThat(PrometheusNames.metricName("1st.metric")).isEqualTo("_1st_metric");
		assertThat(PrometheusNames.metricName("ns:metric")).isEqualTo("ns:metric");
		assertThat(PrometheusNames.labelName("http.route")).isEqualTo("http_route");
		assertThat(PrometheusNames.labelName("1key")).isEqualTo("key_1key");
		assertThat(PrometheusNames.labelName("__reserved")).isEqualTo("_reserved");
		assertThat(PrometheusNames.labelName("a:b")).isEqualTo("a_b");
	}

	@Test
	void labelValuesAndHelpAreEscaped() throws IOException {
		MetricData metric = new MetricData(RESOURCE, SCOPE, "escaped", "line one\nback\\slash \"quoted\"", "",
				MetricDataType.DOUBLE_GAUGE, AggregationTemporality.CUMULATIVE, false, List.of(new DoublePointData(1, 2,
						Attributes.builder().put("path", "C:\\tmp\\\"x\"\nnext").build(), 1.0, List.of())));
		String text = write(PrometheusFormat.TEXT_0_0_4, metric);
		assertThat(text).contains("# HELP escaped line one\\nback\\\\slash \"quoted\"\n");
		assertThat(text).contains("path=\"C:\\\\tmp\\\\\\\"x\\\"\\nnext\"");
		assertThat(write(PrometheusFormat.OPENMETRICS_1_0, metric))
			.contains("# HELP escaped line one\\nback\\\\slash \\\"quoted\\\"\n");
		assertValidLines(text);
	}

	@Test
	void keysThatCollideAfterSanitizingJoinTheirValues() throws IOException {
		MetricData metric = new MetricData(RESOURCE, SCOPE, "collide", "", "", MetricDataType.LONG_GAUGE,
				AggregationTemporality.CUMULATIVE, false, List.of(new LongPointData(1, 2,
						Attributes.builder().put("a.b", "dot").put("a-b", "dash").build(), 1, List.of())));
		assertThat(write(PrometheusFormat.TEXT_0_0_4, metric)).contains("a_b=\"dash;dot\"");
	}

	@Test
	void specialValuesAreSpelledAsPrometheusReadsThem() throws IOException {
		String text = write(PrometheusFormat.TEXT_0_0_4, gauge("g.nan", "", Double.NaN),
				gauge("g.plus", "", Double.POSITIVE_INFINITY), gauge("g.minus", "", Double.NEGATIVE_INFINITY));
		assertThat(text).contains("} NaN\n").contains("} +Inf\n").contains("} -Inf\n");
		assertValidLines(text);
	}

	@Test
	void exemplarsAppearInOpenMetricsOnTheirBucketOnly() throws IOException {
		List<ExemplarData> exemplars = List
			.of(new DoubleExemplarData(Attributes.empty(), 1_700_000_000_123_456_789L, SPAN, 0.007));
		MetricData duration = histogram("http.server.request.duration", "s", Attributes.empty(), List.of(0.005, 0.01),
				List.of(0L, 1L, 0L), exemplars);
		String openMetrics = write(PrometheusFormat.OPENMETRICS_1_0, duration);
		assertThat(openMetrics).contains("le=\"0.01\"} 1 # {trace_id=\"0af7651916cd43dd8448eb211c80319c\","
				+ "span_id=\"b7ad6b7169203331\"} 0.007 1700000000.123456789\n");
		assertThat(openMetrics).contains("le=\"0.005\"} 0\n").contains("le=\"+Inf\"} 1\n");
		assertValidLines(openMetrics);
		assertThat(write(PrometheusFormat.TEXT_0_0_4, duration)).doesNotContain("trace_id");
	}

	@Test
	void counterExemplarAppearsOnTheTotal() throws IOException {
		MetricData counter = new MetricData(RESOURCE, SCOPE, "orders", "", "", MetricDataType.LONG_SUM,
				AggregationTemporality.CUMULATIVE, true, List.of(new LongPointData(1, 2, Attributes.empty(), 5,
						List.of(new LongExemplarData(Attributes.empty(), 3_000_000_000L, SPAN, 1)))));
		assertThat(write(PrometheusFormat.OPENMETRICS_1_0, counter)).contains("orders_total{"
				+ "otel_scope_name=\"dev.telemetry\",otel_scope_version=\"0.1.0\"} 5 # {trace_id=\"0af7651916cd43dd"
				+ "8448eb211c80319c\",span_id=\"b7ad6b7169203331\"} 1.0 3.000000000\n");
	}

	@Test
	void exponentialHistogramBecomesExplicitBucketsAtItsUpperBounds() throws IOException {
		// Scale 0: base 2. Positive bucket i holds (2^i, 2^(i+1)]; negative bucket i
		// holds [-2^(i+1), -2^i).
		ExponentialHistogramPointData point = new ExponentialHistogramPointData(1, 2, Attributes.empty(), 0, 7.0, 6, 1,
				true, -3.0, true, 4.0, new ExponentialHistogramBuckets(0, List.of(2L, 1L)),
				new ExponentialHistogramBuckets(1, List.of(2L)), List.of());
		MetricData metric = new MetricData(RESOURCE, SCOPE, "sizes", "", "", MetricDataType.EXPONENTIAL_HISTOGRAM,
				AggregationTemporality.CUMULATIVE, false, List.of(point));
		String text = write(PrometheusFormat.TEXT_0_0_4, metric);
		String scope = "otel_scope_name=\"dev.telemetry\",otel_scope_version=\"0.1.0\"";
		assertThat(text)
			.contains("sizes_bucket{" + scope + ",le=\"-2.0\"} 2\n" + "sizes_bucket{" + scope + ",le=\"0.0\"} 3\n"
					+ "sizes_bucket{" + scope + ",le=\"2.0\"} 5\n" + "sizes_bucket{" + scope + ",le=\"4.0\"} 6\n"
					+ "sizes_bucket{" + scope + ",le=\"+Inf\"} 6\n" + "sizes_count{" + scope + "} 6\n");
		assertValidLines(text);
	}

	@Test
	void exponentialBoundsFollowTheScale() throws IOException {
		// Scale 1: base sqrt(2); positive bucket 2 holds (2, 2^1.5].
		ExponentialHistogramPointData point = new ExponentialHistogramPointData(1, 2, Attributes.empty(), 1, 2.5, 1, 0,
				true, 2.5, true, 2.5, new ExponentialHistogramBuckets(2, List.of(1L)),
				new ExponentialHistogramBuckets(0, List.of()), List.of());
		MetricData metric = new MetricData(RESOURCE, SCOPE, "fine", "", "", MetricDataType.EXPONENTIAL_HISTOGRAM,
				AggregationTemporality.CUMULATIVE, false, List.of(point));
		assertThat(write(PrometheusFormat.TEXT_0_0_4, metric))
			.contains("le=\"" + PrometheusMetricWriter.number(Math.pow(2, 1.5)) + "\"} 1\n");
	}

	@Test
	void deltaPointsAreLeftOut() throws IOException {
		MetricData delta = new MetricData(RESOURCE, SCOPE, "delta.count", "", "", MetricDataType.LONG_SUM,
				AggregationTemporality.DELTA, true, List.of(new LongPointData(1, 2, Attributes.empty(), 5, List.of())));
		assertThat(write(PrometheusFormat.TEXT_0_0_4, delta)).doesNotContain("delta_count");
	}

	@Test
	void resourceIsTargetInfo() throws IOException {
		assertThat(write(PrometheusFormat.TEXT_0_0_4))
			.isEqualTo("# HELP target_info Target metadata\n" + "# TYPE target_info gauge\n"
					+ "target_info{service_instance_id=\"i-1\",service_name=\"orders\"} 1\n");
		assertThat(write(PrometheusFormat.OPENMETRICS_1_0)).contains("# TYPE target info\n").endsWith("# EOF\n");
	}

	@Test
	void aNameTakenByAnotherTypeIsLeftOutInsteadOfMixed() throws IOException {
		String text = write(PrometheusFormat.TEXT_0_0_4, gauge("clash", "", 1.0),
				histogram("clash", "", Attributes.empty(), List.of(1.0), List.of(1L, 0L), List.of()));
		assertThat(text).contains("# TYPE clash gauge").doesNotContain("clash_bucket");
	}

	@Test
	void sameNameFromTwoScopesIsOneFamily() throws IOException {
		MetricData first = gauge("shared", "", 1.0);
		MetricData second = new MetricData(RESOURCE, new InstrumentationScope("other", null), "shared", "", "",
				MetricDataType.DOUBLE_GAUGE, AggregationTemporality.CUMULATIVE, false,
				List.of(new DoublePointData(1, 2, Attributes.empty(), 2.0, List.of())));
		String text = write(PrometheusFormat.TEXT_0_0_4, first, second);
		assertThat(text.split("# TYPE shared gauge", -1)).hasSize(2);
		assertThat(text).contains("shared{otel_scope_name=\"other\"} 2.0\n");
	}

	@Test
	void negotiatesAsPrometheusAsks() {
		// The Accept header Prometheus 2.x sends when it prefers OpenMetrics.
		assertThat(PrometheusFormat.negotiate("application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
				+ "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"))
			.isEqualTo(PrometheusFormat.OPENMETRICS_1_0);
		assertThat(PrometheusFormat.negotiate("text/plain;version=0.0.4;q=1,*/*;q=0.1"))
			.isEqualTo(PrometheusFormat.TEXT_0_0_4);
		assertThat(PrometheusFormat.negotiate("application/openmetrics-text; q=0, text/plain"))
			.isEqualTo(PrometheusFormat.TEXT_0_0_4);
		assertThat(PrometheusFormat.negotiate(null)).isEqualTo(PrometheusFormat.TEXT_0_0_4);
		assertThat(PrometheusFormat.negotiate("*/*")).isEqualTo(PrometheusFormat.TEXT_0_0_4);
	}

	private String write(PrometheusFormat format, MetricData... metrics) throws IOException {
		StringBuilder out = new StringBuilder();
		this.writer.write(List.of(metrics), RESOURCE, format, out);
		return out.toString();
	}

	private static void assertValidLines(String text) {
		List<String> invalid = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (!(line.startsWith("#") ? COMMENT.matcher(line).matches() : SAMPLE.matcher(line).matches())) {
				invalid.add(line);
			}
		}
		assertThat(invalid).as("lines outside the exposition grammar").isEmpty();
		assertThat(text).endsWith("\n");
	}

	private static MetricData histogram(String name, String unit, Attributes attributes, List<Double> bounds,
			List<Long> counts, List<ExemplarData> exemplars) {
		long count = counts.stream().mapToLong(Long::longValue).sum();
		PointData point = new HistogramPointData(1, 2, attributes, 1.5, count, true, 0.001, true, 2.0, bounds, counts,
				exemplars);
		return new MetricData(RESOURCE, SCOPE, name, "Duration of requests.", unit, MetricDataType.HISTOGRAM,
				AggregationTemporality.CUMULATIVE, false, List.of(point));
	}

	private static MetricData sum(String name, String unit, boolean monotonic, long value) {
		return new MetricData(RESOURCE, SCOPE, name, "", unit, MetricDataType.LONG_SUM,
				AggregationTemporality.CUMULATIVE, monotonic,
				List.of(new LongPointData(1, 2, Attributes.empty(), value, List.of())));
	}

	private static MetricData gauge(String name, String unit, double value) {
		return new MetricData(RESOURCE, SCOPE, name, "", unit, MetricDataType.DOUBLE_GAUGE,
				AggregationTemporality.CUMULATIVE, false,
				List.of(new DoublePointData(1, 2, Attributes.empty(), value, List.of())));
	}

}

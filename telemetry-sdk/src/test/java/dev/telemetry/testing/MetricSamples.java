package dev.telemetry.testing;

import java.util.ArrayList;
import java.util.List;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.metrics.Aggregation;
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
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;

/**
 * Collections of {@link MetricData} for encoding tests and benchmarks: every metric and
 * point type with every optional part, and a large collection of histogram points.
 */
public final class MetricSamples {

	/** The start of every stream, in nanoseconds since the epoch. */
	public static final long START = 1_733_000_000_000_000_000L;

	/** When every point was collected. */
	public static final long NOW = START + 60_000_000_000L;

	/** The trace id of the sampled span the exemplars were recorded in. */
	public static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	/** Its span id. */
	public static final String SPAN_ID = "00f067aa0ba902b7";

	/** The resource of most samples. */
	public static final Resource CHECKOUT = Resource.create(Attributes.builder()
		.put("service.name", "checkout")
		.put("service.instance.count", 3L)
		.put("service.load", 0.5)
		.put("service.canary", true)
		.build());

	/** A second resource, as when two providers export through one exporter. */
	public static final Resource PAYMENTS = Resource.create(Attributes.of("service.name", "payments"));

	/** A scope with a version only. */
	public static final InstrumentationScope HTTP = new InstrumentationScope("dev.telemetry.http", "2.1.0");

	/** A scope with everything a meter can have. */
	public static final InstrumentationScope JVM = new InstrumentationScope("dev.telemetry.jvm", "1.0.0",
			"https://opentelemetry.io/schemas/1.37.0", Attributes.of("jvm.runtime", "hotspot"));

	/** A scope with a name only. */
	public static final InstrumentationScope BARE = new InstrumentationScope("bare", null);

	private static final SpanContext SAMPLED = SpanContext.create(Long.parseUnsignedLong(TRACE_ID.substring(0, 16), 16),
			Long.parseUnsignedLong(TRACE_ID.substring(16), 16), Long.parseUnsignedLong(SPAN_ID, 16), TraceFlags.SAMPLED,
			TraceState.empty());

	private MetricSamples() {
	}

	/**
	 * Returns one metric of each type, in two resources and three scopes, with exemplars
	 * (long and double, inside a span and outside any), min and max present and absent,
	 * negative and zero values, empty and populated buckets, non-ASCII text, both
	 * temporalities and both monotonicities.
	 * @return the metrics
	 */
	public static List<MetricData> everyType() {
		Attributes get = Attributes.builder()
			.put("http.request.method", "GET")
			.put("http.route", "/orders/{id}")
			.build();
		Attributes post = Attributes.builder()
			.put("http.request.method", "POST")
			.put("http.route", "/caf\u00e9/\ud83d\ude80")
			.put("retry", true)
			.put("attempt", 2L)
			.put("ratio", 0.25)
			.build();
		List<ExemplarData> longExemplars = List.of(
				new LongExemplarData(Attributes.of("user.id", "u-17"), NOW - 5, SAMPLED, 7),
				new LongExemplarData(Attributes.empty(), NOW - 4, SpanContext.getInvalid(), -3));
		List<ExemplarData> doubleExemplars = List.of(
				new DoubleExemplarData(Attributes.of("url.full", "/orders/123"), NOW - 3, SAMPLED, 0.127),
				new DoubleExemplarData(Attributes.empty(), NOW - 2, SpanContext.getInvalid(), 3.5));
		List<MetricData> metrics = new ArrayList<>();
		metrics.add(metric(CHECKOUT, HTTP, "http.server.active_requests", "Requests in flight", "{request}",
				MetricDataType.LONG_SUM, AggregationTemporality.CUMULATIVE, false,
				List.of(new LongPointData(START, NOW, get, 0, List.of()),
						new LongPointData(START, NOW, post, -4, longExemplars))));
		metrics.add(metric(CHECKOUT, HTTP, "http.server.requests", "", "{request}", MetricDataType.LONG_SUM,
				AggregationTemporality.DELTA, true,
				List.of(new LongPointData(NOW - 1000, NOW, get, 42, longExemplars))));
		metrics.add(metric(CHECKOUT, JVM, "jvm.cpu.recent_utilization", "Recent CPU utilization", "1",
				MetricDataType.DOUBLE_GAUGE, AggregationTemporality.CUMULATIVE, false,
				List.of(new DoublePointData(START, NOW, Attributes.empty(), 0.0, List.of()),
						new DoublePointData(0, NOW, get, -0.0, doubleExemplars))));
		metrics.add(metric(CHECKOUT, JVM, "jvm.thread.count", "", "", MetricDataType.LONG_GAUGE,
				AggregationTemporality.CUMULATIVE, false,
				List.of(new LongPointData(START, NOW, Attributes.of("jvm.thread.state", "runnable"), 31, List.of()))));
		metrics.add(metric(PAYMENTS, HTTP, "payments.amount", "Money taken, in \u20ac", "EUR",
				MetricDataType.DOUBLE_SUM, AggregationTemporality.DELTA, true,
				List.of(new DoublePointData(NOW - 1000, NOW, post, 1234.5, doubleExemplars))));
		metrics.add(metric(CHECKOUT, HTTP, "http.server.request.duration", "Duration of HTTP server requests", "s",
				MetricDataType.HISTOGRAM, AggregationTemporality.CUMULATIVE, false,
				List.of(new HistogramPointData(START, NOW, get, 1.75, 5, true, 0.05, true, 0.9, List.of(0.1, 0.5, 1.0),
						List.of(2L, 1L, 2L, 0L), doubleExemplars),
						new HistogramPointData(START, NOW, post, 0, 0, false, 0, false, 0, List.of(0.1, 0.5, 1.0),
								List.of(0L, 0L, 0L, 0L), List.of()),
						new HistogramPointData(START, NOW, Attributes.empty(), -2.5, 2, true, -2, true, -0.5, List.of(),
								List.of(2L), List.of()))));
		metrics.add(metric(PAYMENTS, BARE, "queue.wait", "", "ms", MetricDataType.EXPONENTIAL_HISTOGRAM,
				AggregationTemporality.DELTA, false,
				List.of(new ExponentialHistogramPointData(NOW - 1000, NOW, get, 3, 101.5,
						1L + (1 + 200 + (1L << 40)) + 3, 1, true, -2, true, 80,
						new ExponentialHistogramBuckets(-3, List.of(1L, 0L, 200L, 1L << 40)),
						new ExponentialHistogramBuckets(2, List.of(3L)), doubleExemplars),
						new ExponentialHistogramPointData(NOW - 1000, NOW, post, -2, 0, 0, 0, false, 0, false, 0,
								new ExponentialHistogramBuckets(0, List.of()),
								new ExponentialHistogramBuckets(0, List.of()), List.of()),
						new ExponentialHistogramPointData(NOW - 1000, NOW, Attributes.empty(), 20, 0, 4, 4, true, 0,
								true, 0, new ExponentialHistogramBuckets(-1_000_000, List.of()),
								new ExponentialHistogramBuckets(1_000_000, List.of()), List.of()))));
		metrics.add(metric(CHECKOUT, JVM, "jvm.memory.used", "", "By", MetricDataType.LONG_SUM,
				AggregationTemporality.CUMULATIVE, false, List.of()));
		return metrics;
	}

	/**
	 * Returns {@code metrics} histograms of {@code pointsPerMetric} points each, as one
	 * collection of HTTP server durations would be: four attributes per point, the
	 * default boundaries, min and max, in one resource and scope.
	 * @param metrics how many histograms
	 * @param pointsPerMetric how many points each
	 * @return the metrics
	 */
	public static List<MetricData> histograms(int metrics, int pointsPerMetric) {
		List<Double> boundaries = Aggregation.DEFAULT_BOUNDARIES;
		String[] methods = { "GET", "POST", "PUT", "DELETE" };
		List<MetricData> all = new ArrayList<>(metrics);
		for (int m = 0; m < metrics; m++) {
			List<PointData> points = new ArrayList<>(pointsPerMetric);
			for (int p = 0; p < pointsPerMetric; p++) {
				Attributes attributes = Attributes.builder()
					.put("http.request.method", methods[p % methods.length])
					.put("http.route", "/api/v1/resource" + p)
					.put("http.response.status_code", 200L + (p % 3) * 100)
					.put("server.address", "shop.example.com")
					.build();
				List<Long> counts = new ArrayList<>(boundaries.size() + 1);
				long count = 0;
				for (int b = 0; b <= boundaries.size(); b++) {
					long bucket = (b * 7L + p) % 13;
					counts.add(bucket);
					count += bucket;
				}
				points.add(new HistogramPointData(START, NOW, attributes, count * 12.5, count, true, 0.25, true,
						9_000.0 + p, boundaries, counts, List.of()));
			}
			all.add(metric(CHECKOUT, HTTP, "http.server.request.duration." + m, "Duration of HTTP server requests",
					"ms", MetricDataType.HISTOGRAM, AggregationTemporality.CUMULATIVE, false, points));
		}
		return all;
	}

	private static MetricData metric(Resource resource, InstrumentationScope scope, String name, String description,
			String unit, MetricDataType type, AggregationTemporality temporality, boolean monotonic,
			List<PointData> points) {
		return new MetricData(resource, scope, name, description, unit, type, temporality, monotonic, points);
	}

}

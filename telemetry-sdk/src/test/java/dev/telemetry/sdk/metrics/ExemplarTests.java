package dev.telemetry.sdk.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.context.Scope;
import dev.telemetry.sdk.metrics.data.DoubleExemplarData;
import dev.telemetry.sdk.metrics.data.ExemplarData;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.LongExemplarData;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import org.junit.jupiter.api.Test;

import static dev.telemetry.sdk.metrics.MetricsTesting.metric;
import static dev.telemetry.sdk.metrics.MetricsTesting.onlyPoint;
import static org.assertj.core.api.Assertions.assertThat;

class ExemplarTests {

	private static final SpanContext SAMPLED = SpanContext.create(1, 2, 3, TraceFlags.SAMPLED, TraceState.empty());

	private static final SpanContext UNSAMPLED = SpanContext.create(1, 2, 4, TraceFlags.NONE, TraceState.empty());

	private final MutableClock clock = new MutableClock();

	private final PullMetricReader reader = PullMetricReader.create();

	private Meter meter(ExemplarFilter filter, View view) {
		return MeterProvider.builder()
			.setClock(this.clock)
			.setExemplarFilter(filter)
			.registerView(InstrumentSelector.builder().setName("*").build(), view)
			.registerMetricReader(this.reader)
			.build()
			.get("lib");
	}

	// Every measurement offered, dated by the counting clock, read by its own reader.
	private static Meter alwaysOn(CountingClock clock, PullMetricReader reader) {
		return MeterProvider.builder()
			.setClock(clock)
			.setExemplarFilter(ExemplarFilter.ALWAYS_ON)
			.registerMetricReader(reader)
			.build()
			.get("lib");
	}

	private static Context inSpan(SpanContext span) {
		return Span.wrap(span).storeInContext(Context.root());
	}

	@Test
	void traceBasedKeepsOnlyMeasurementsInASampledSpan() {
		LongCounter counter = meter(ExemplarFilter.TRACE_BASED, View.builder().build()).counterBuilder("c").build();
		counter.add(1, Attributes.empty(), inSpan(UNSAMPLED));
		counter.add(2, Attributes.empty());
		this.clock.advance(Duration.ofSeconds(1));
		long when = this.clock.now();
		try (Scope scope = inSpan(SAMPLED).makeCurrent()) {
			counter.add(5);
		}
		LongPointData point = onlyPoint(metric(this.reader.collect(), "c"));
		assertThat(point.value()).isEqualTo(8);
		assertThat(point.exemplars()).singleElement().isInstanceOfSatisfying(LongExemplarData.class, (exemplar) -> {
			assertThat(exemplar.value()).isEqualTo(5);
			assertThat(exemplar.epochNanos()).isEqualTo(when);
			assertThat(exemplar.spanContext().getTraceId()).isEqualTo(SAMPLED.getTraceId());
			assertThat(exemplar.spanContext().getSpanId()).isEqualTo(SAMPLED.getSpanId());
		});
	}

	@Test
	void alwaysOnKeepsMeasurementsOutsideSpansAndAlwaysOffKeepsNone() {
		meter(ExemplarFilter.ALWAYS_ON, View.builder().build()).counterBuilder("on").build().add(1);
		assertThat(onlyPoint(metric(this.reader.collect(), "on")).exemplars()).singleElement()
			.satisfies((exemplar) -> assertThat(exemplar.spanContext().isValid()).isFalse());
		PullMetricReader off = PullMetricReader.create();
		MeterProvider.builder()
			.setExemplarFilter(ExemplarFilter.ALWAYS_OFF)
			.registerMetricReader(off)
			.build()
			.get("lib")
			.counterBuilder("off")
			.build()
			.add(1, Attributes.empty(), inSpan(SAMPLED));
		assertThat(onlyPoint(metric(off.collect(), "off")).exemplars()).isEmpty();
	}

	@Test
	void fixedSizeReservoirKeepsAtMostFourPerInterval() {
		LongCounter counter = meter(ExemplarFilter.ALWAYS_ON, View.builder().build()).counterBuilder("c").build();
		for (int i = 1; i <= 100; i++) {
			counter.add(i);
		}
		List<ExemplarData> first = onlyPoint(metric(this.reader.collect(), "c")).exemplars();
		assertThat(first).hasSize(4);
		assertThat(first).allSatisfy((exemplar) -> assertThat(exemplar.doubleValue()).isBetween(1d, 100d));
		counter.add(1000);
		assertThat(onlyPoint(metric(this.reader.collect(), "c")).exemplars()).singleElement()
			.satisfies((exemplar) -> assertThat(exemplar.doubleValue()).isEqualTo(1000));
	}

	@Test
	void fixedSizeReservoirDatesOnlyTheMeasurementsItKeeps() {
		CountingClock counting = new CountingClock();
		PullMetricReader reader = PullMetricReader.create();
		LongCounter counter = alwaysOn(counting, reader).counterBuilder("c").build();
		int readsBefore = counting.reads.get();
		for (int i = 1; i <= 1000; i++) {
			counting.epochNanos = i * 1_000L;
			counter.add(i);
		}
		// Four kept at first, then about 4 * ln(1000 / 4) replacements: far fewer than
		// 1000
		assertThat(counting.reads.get() - readsBefore).isBetween(4, 200);
		assertThat(onlyPoint(metric(reader.collect(), "c")).exemplars()).hasSize(4)
			.allSatisfy((exemplar) -> assertThat(exemplar.epochNanos())
				.isEqualTo(((LongExemplarData) exemplar).value() * 1_000L));
	}

	@Test
	void fixedSizeReservoirStaysUniformPastTheExactlyCountedOffers() {
		CountingClock counting = new CountingClock();
		PullMetricReader reader = PullMetricReader.create();
		LongCounter counter = alwaysOn(counting, reader).counterBuilder("c").build();
		int intervals = 200;
		int offers = 20_000;
		int lateHalf = 0;
		int readsBefore = counting.reads.get();
		for (int interval = 0; interval < intervals; interval++) {
			for (int i = 1; i <= offers; i++) {
				counter.add(i);
			}
			List<ExemplarData> kept = onlyPoint(metric(reader.collect(), "c")).exemplars();
			assertThat(kept).hasSize(4);
			for (ExemplarData exemplar : kept) {
				if (((LongExemplarData) exemplar).value() > offers / 2) {
					lateHalf++;
				}
			}
		}
		// Uniform: half of the 800 exemplars from each half of the offers (standard
		// deviation about 14); 4 * (1 + ln(20000 / 4)), about 38, readings an interval.
		assertThat(lateHalf).isBetween(300, 500);
		assertThat(counting.reads.get() - readsBefore).isLessThan(intervals * 100);
	}

	@Test
	void explicitHistogramsKeepOneExemplarOfEachBucket() {
		DoubleHistogram histogram = meter(ExemplarFilter.ALWAYS_ON,
				View.builder().setAggregation(Aggregation.explicitBucketHistogram(List.of(10d, 100d))).build())
			.histogramBuilder("h")
			.build();
		histogram.record(1);
		histogram.record(2);
		histogram.record(50);
		histogram.record(500);
		histogram.record(700);
		HistogramPointData point = onlyPoint(metric(this.reader.collect(), "h"));
		assertThat(point.exemplars()).hasSize(3)
			.allSatisfy((exemplar) -> assertThat(exemplar).isInstanceOf(DoubleExemplarData.class));
		assertThat(point.exemplars().get(0).doubleValue()).isIn(1d, 2d);
		assertThat(point.exemplars().get(1).doubleValue()).isEqualTo(50d);
		assertThat(point.exemplars().get(2).doubleValue()).isIn(500d, 700d);
		histogram.record(3);
		assertThat(onlyPoint(metric(this.reader.collect(), "h")).exemplars()).singleElement()
			.satisfies((exemplar) -> assertThat(exemplar.doubleValue()).isEqualTo(3d));
	}

	@Test
	void explicitHistogramExemplarsAreUniformOverTheBucketsMeasurements() {
		DoubleHistogram histogram = meter(ExemplarFilter.ALWAYS_ON,
				View.builder().setAggregation(Aggregation.explicitBucketHistogram(List.of(10d))).build())
			.histogramBuilder("h")
			.build();
		int intervals = 3000;
		int[] kept = new int[3];
		for (int i = 0; i < intervals; i++) {
			histogram.record(1);
			histogram.record(2);
			histogram.record(3);
			double value = onlyPoint(metric(this.reader.collect(), "h")).exemplars().get(0).doubleValue();
			kept[(int) value - 1]++;
		}
		// Each measurement kept a third of the time; "the last one" would be 3 every
		// time. 1000 +- 200 is more than 7 standard deviations (about 26) either side.
		for (int count : kept) {
			assertThat(count).isBetween(800, 1200);
		}
	}

	@Test
	void explicitHistogramsDateOnlyTheExemplarsTheyKeep() {
		CountingClock counting = new CountingClock();
		PullMetricReader reader = PullMetricReader.create();
		DoubleHistogram histogram = alwaysOn(counting, reader).histogramBuilder("h").build();
		int readsBefore = counting.reads.get();
		for (int i = 1; i <= 1000; i++) {
			counting.epochNanos = i * 1_000L;
			histogram.record(1);
		}
		// The n-th measurement of the bucket is kept with probability 1/n: about
		// ln(1000) + 0.58, 7.5, readings in all, not one per measurement.
		assertThat(counting.reads.get() - readsBefore).isBetween(1, 100);
		assertThat(onlyPoint(metric(reader.collect(), "h")).exemplars()).singleElement()
			.satisfies((exemplar) -> assertThat(exemplar.epochNanos()).isBetween(1_000L, 1_000_000L));
	}

	@Test
	void exemplarsCarryTheAttributesAViewFilteredOut() {
		Meter meter = meter(ExemplarFilter.ALWAYS_ON,
				View.builder()
					.setExcludedAttributeKeys(Set.of("user"))
					.setAttributeValues("uri", List.of("/health"))
					.build());
		meter.counterBuilder("c")
			.build()
			.add(1, Attributes.builder().put("uri", "/users/7").put("user", "ada").put("method", "GET").build());
		MetricData metric = metric(this.reader.collect(), "c");
		LongPointData point = onlyPoint(metric);
		assertThat(point.attributes().asMap()).isEqualTo(Map.of("uri", "_OTHER", "method", "GET"));
		assertThat(point.exemplars()).singleElement()
			.satisfies((exemplar) -> assertThat(exemplar.filteredAttributes().asMap())
				.isEqualTo(Map.of("uri", "/users/7", "user", "ada")));
	}

	/**
	 * A clock the test sets, counting its wall-time readings.
	 */
	private static final class CountingClock implements Clock {

		final AtomicInteger reads = new AtomicInteger();

		volatile long epochNanos = 1_000_000_000L;

		@Override
		public long now() {
			this.reads.incrementAndGet();
			return this.epochNanos;
		}

		@Override
		public long nanoTime() {
			return this.epochNanos;
		}

	}

}

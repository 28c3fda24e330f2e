package dev.telemetry.sdk.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;
import dev.telemetry.sdk.metrics.data.DoublePointData;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.data.MetricDataType;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import dev.telemetry.sdk.metrics.export.TemporalityPreference;
import dev.telemetry.sdk.resource.Resource;
import org.junit.jupiter.api.Test;

import static dev.telemetry.sdk.metrics.MetricsTesting.metric;
import static dev.telemetry.sdk.metrics.MetricsTesting.onlyPoint;
import static dev.telemetry.sdk.metrics.MetricsTesting.point;
import static org.assertj.core.api.Assertions.assertThat;

class MeterProviderTests {

	private static final Attributes GET = Attributes.builder().put("method", "GET").build();

	private static final Attributes POST = Attributes.builder().put("method", "POST").build();

	private final MutableClock clock = new MutableClock();

	private final PullMetricReader reader = PullMetricReader.create();

	private final MeterProvider provider = MeterProvider.builder()
		.setClock(this.clock)
		.setResource(Resource.create(Attributes.of("service.name", "test")))
		.registerMetricReader(this.reader)
		.build();

	private final Meter meter = this.provider.meterBuilder("lib").setInstrumentationVersion("1.0").build();

	@Test
	void countersSumPerAttributeSet() {
		LongCounter counter = this.meter.counterBuilder("requests").setUnit("{request}").setDescription("d").build();
		counter.add(2, GET);
		counter.add(3, GET);
		counter.add(5, POST);
		counter.add(-1, POST);
		MetricData metric = metric(this.reader.collect(), "requests");
		assertThat(metric.type()).isEqualTo(MetricDataType.LONG_SUM);
		assertThat(metric.monotonic()).isTrue();
		assertThat(metric.temporality()).isEqualTo(AggregationTemporality.CUMULATIVE);
		assertThat(metric.unit()).isEqualTo("{request}");
		assertThat(metric.description()).isEqualTo("d");
		assertThat(metric.scope()).isEqualTo(new InstrumentationScope("lib", "1.0"));
		assertThat(metric.resource().getAttributes().get("service.name")).isEqualTo("test");
		assertThat(MetricsTesting.longValues(metric)).containsOnly(Map.entry(Map.of("method", "GET"), 5L),
				Map.entry(Map.of("method", "POST"), 5L));
	}

	@Test
	void upDownCountersGoDownAndAreNotMonotonic() {
		DoubleUpDownCounter counter = this.meter.upDownCounterBuilder("queue").ofDoubles().build();
		counter.add(2.5);
		counter.add(-4);
		MetricData metric = metric(this.reader.collect(), "queue");
		assertThat(metric.monotonic()).isFalse();
		assertThat(((DoublePointData) onlyPoint(metric)).value()).isEqualTo(-1.5);
	}

	@Test
	void gaugesKeepTheLastValue() {
		LongGauge gauge = this.meter.gaugeBuilder("temperature").ofLongs().build();
		gauge.set(20, GET);
		gauge.set(21, GET);
		MetricData metric = metric(this.reader.collect(), "temperature");
		assertThat(metric.type()).isEqualTo(MetricDataType.LONG_GAUGE);
		assertThat(((LongPointData) onlyPoint(metric)).value()).isEqualTo(21);
	}

	@Test
	void histogramsUseTheDefaultBoundariesWithUpperInclusiveBuckets() {
		DoubleHistogram histogram = this.meter.histogramBuilder("latency").setUnit("ms").build();
		histogram.record(0);
		histogram.record(5);
		histogram.record(5.5);
		histogram.record(10_001);
		histogram.record(-1);
		histogram.record(Double.NaN);
		HistogramPointData point = onlyPoint(metric(this.reader.collect(), "latency"));
		assertThat(point.boundaries()).isEqualTo(Aggregation.DEFAULT_BOUNDARIES);
		assertThat(point.counts()).containsExactly(1L, 1L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 1L);
		assertThat(point.count()).isEqualTo(4);
		assertThat(point.sum()).isEqualTo(10_011.5);
		assertThat(point.hasMin()).isTrue();
		assertThat(point.min()).isEqualTo(0);
		assertThat(point.max()).isEqualTo(10_001);
	}

	@Test
	void histogramsTakeTheInstrumentsAdvice() {
		LongHistogram histogram = this.meter.histogramBuilder("size")
			.ofLongs()
			.setExplicitBucketBoundariesAdvice(List.of(10L, 100L))
			.build();
		histogram.record(10);
		histogram.record(11);
		histogram.record(1000);
		HistogramPointData point = onlyPoint(metric(this.reader.collect(), "size"));
		assertThat(point.boundaries()).containsExactly(10d, 100d);
		assertThat(point.counts()).containsExactly(1L, 1L, 1L);
	}

	@Test
	void cumulativeStreamsStartWhenTheInstrumentIsBuiltAndKeepReporting() {
		long built = this.clock.now();
		LongCounter counter = this.meter.counterBuilder("c").build();
		counter.add(1);
		this.clock.advance(Duration.ofSeconds(10));
		LongPointData first = onlyPoint(metric(this.reader.collect(), "c"));
		this.clock.advance(Duration.ofSeconds(10));
		LongPointData second = onlyPoint(metric(this.reader.collect(), "c"));
		assertThat(first.startEpochNanos()).isEqualTo(built);
		assertThat(first.epochNanos()).isEqualTo(built + Duration.ofSeconds(10).toNanos());
		assertThat(second.startEpochNanos()).isEqualTo(built);
		assertThat(second.epochNanos()).isEqualTo(built + Duration.ofSeconds(20).toNanos());
		assertThat(second.value()).isEqualTo(1);
	}

	@Test
	void deltaStreamsCoverTheTimeSinceThePreviousCollectionAndReportOnlyNewMeasurements() {
		PullMetricReader delta = PullMetricReader.builder()
			.setTemporalityPreference(TemporalityPreference.DELTA)
			.build();
		MeterProvider deltaProvider = MeterProvider.builder().setClock(this.clock).registerMetricReader(delta).build();
		long built = this.clock.now();
		LongCounter counter = deltaProvider.get("lib").counterBuilder("c").build();
		counter.add(3);
		this.clock.advance(Duration.ofSeconds(10));
		LongPointData first = onlyPoint(metric(delta.collect(), "c"));
		assertThat(first.startEpochNanos()).isEqualTo(built);
		assertThat(first.value()).isEqualTo(3);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(delta.collect()).isEmpty();
		counter.add(4);
		this.clock.advance(Duration.ofSeconds(10));
		MetricData third = metric(delta.collect(), "c");
		assertThat(third.temporality()).isEqualTo(AggregationTemporality.DELTA);
		LongPointData point = onlyPoint(third);
		assertThat(point.value()).isEqualTo(4);
		assertThat(point.startEpochNanos()).isEqualTo(built + Duration.ofSeconds(20).toNanos());
		assertThat(point.epochNanos()).isEqualTo(built + Duration.ofSeconds(30).toNanos());
	}

	@Test
	void lowMemoryIsDeltaForSynchronousCountersAndHistogramsOnly() {
		PullMetricReader lowMemory = PullMetricReader.builder()
			.setTemporalityPreference(TemporalityPreference.LOW_MEMORY)
			.build();
		MeterProvider lowMemoryProvider = MeterProvider.builder()
			.setClock(this.clock)
			.registerMetricReader(lowMemory)
			.build();
		Meter lowMemoryMeter = lowMemoryProvider.get("lib");
		lowMemoryMeter.counterBuilder("counter").build().add(1);
		lowMemoryMeter.histogramBuilder("histogram").build().record(1);
		lowMemoryMeter.upDownCounterBuilder("updown").build().add(1);
		lowMemoryMeter.counterBuilder("async").buildWithCallback((measurement) -> measurement.record(7));
		Collection<MetricData> metrics = lowMemory.collect();
		assertThat(metric(metrics, "counter").temporality()).isEqualTo(AggregationTemporality.DELTA);
		assertThat(metric(metrics, "histogram").temporality()).isEqualTo(AggregationTemporality.DELTA);
		assertThat(metric(metrics, "updown").temporality()).isEqualTo(AggregationTemporality.CUMULATIVE);
		assertThat(metric(metrics, "async").temporality()).isEqualTo(AggregationTemporality.CUMULATIVE);
	}

	@Test
	void readersKeepTheirOwnStateOverTheSameInstruments() {
		PullMetricReader cumulative = PullMetricReader.create();
		PullMetricReader delta = PullMetricReader.builder()
			.setTemporalityPreference(TemporalityPreference.DELTA)
			.build();
		MeterProvider both = MeterProvider.builder()
			.registerMetricReader(cumulative)
			.registerMetricReader(delta)
			.build();
		LongCounter counter = both.get("lib").counterBuilder("c").build();
		counter.add(5);
		assertThat(((LongPointData) onlyPoint(metric(delta.collect(), "c"))).value()).isEqualTo(5);
		counter.add(2);
		assertThat(((LongPointData) onlyPoint(metric(delta.collect(), "c"))).value()).isEqualTo(2);
		assertThat(((LongPointData) onlyPoint(metric(cumulative.collect(), "c"))).value()).isEqualTo(7);
	}

	@Test
	void theSameInstrumentBuiltTwiceRecordsIntoOneStream() {
		this.meter.counterBuilder("c").build().add(1);
		this.meter.counterBuilder("C").build().add(2);
		Collection<MetricData> metrics = this.reader.collect();
		assertThat(metrics).hasSize(1);
		assertThat(((LongPointData) onlyPoint(metric(metrics, "c"))).value()).isEqualTo(3);
	}

	@Test
	void metersAreFoundByTheirWholeScope() {
		Meter plain = this.provider.get("lib");
		Meter withSchema = this.provider.meterBuilder("lib").setSchemaUrl("https://example.com/1").build();
		assertThat(this.provider.get("lib")).isSameAs(plain);
		assertThat(withSchema).isNotSameAs(plain);
		assertThat(withSchema.getInstrumentationScope().schemaUrl()).isEqualTo("https://example.com/1");
	}

	@Test
	void invalidNamesGiveInstrumentsThatRecordNothing() {
		LongCounter counter = this.meter.counterBuilder("1-starts-with-a-digit").build();
		counter.add(1);
		assertThat(this.reader.collect()).isEmpty();
	}

	@Test
	void mutableAttributesAreCopiedNotKept() {
		LongCounter counter = this.meter.counterBuilder("c").build();
		AttributesBuilder attributes = Attributes.builder().put("k", "v1");
		counter.add(1, attributes);
		attributes.clear().put("k", "v2");
		counter.add(1, attributes);
		MetricData metric = metric(this.reader.collect(), "c");
		assertThat(((LongPointData) point(metric, Map.of("k", "v1"))).value()).isEqualTo(1);
		assertThat(((LongPointData) point(metric, Map.of("k", "v2"))).value()).isEqualTo(1);
	}

	@Test
	void diagnosticsShowReadersAndStreams() {
		this.meter.counterBuilder("c").build().add(1, GET);
		this.clock.advance(Duration.ofSeconds(1));
		this.reader.collect();
		MetricsDiagnostics diagnostics = this.provider.getDiagnostics();
		assertThat(diagnostics.readers()).singleElement().satisfies((reader) -> {
			assertThat(reader.collections()).isEqualTo(1);
			assertThat(reader.lastCollectionEpochNanos()).isEqualTo(this.clock.now());
		});
		assertThat(diagnostics.streams()).singleElement().satisfies((stream) -> {
			assertThat(stream.streamName()).isEqualTo("c");
			assertThat(stream.aggregation()).isEqualTo("sum");
			assertThat(stream.seriesCount()).isEqualTo(1);
			assertThat(stream.cardinalityLimit()).isEqualTo(2000);
		});
	}

	@Test
	void shutdownShutsTheReadersDown() {
		this.meter.counterBuilder("c").build().add(1);
		assertThat(this.provider.shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(this.reader.collect()).isEmpty();
		assertThat(this.provider.shutdown().isSuccess()).isTrue();
	}

}

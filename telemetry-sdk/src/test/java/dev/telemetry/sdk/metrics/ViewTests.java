package dev.telemetry.sdk.metrics;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.data.ExponentialHistogramPointData;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.data.MetricDataType;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import org.junit.jupiter.api.Test;

import static dev.telemetry.sdk.metrics.MetricsTesting.metric;
import static dev.telemetry.sdk.metrics.MetricsTesting.onlyPoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ViewTests {

	private final PullMetricReader reader = PullMetricReader.create();

	private MeterProvider provider(MeterProviderBuilder builder) {
		return builder.registerMetricReader(this.reader).build();
	}

	@Test
	void renamesAndRedescribesTheSelectedInstrument() {
		MeterProvider provider = provider(MeterProvider.builder()
			.registerView(InstrumentSelector.builder().setName("http.server.duration").build(),
					View.builder().setName("http.server.request.duration").setDescription("renamed").build()));
		provider.get("lib").histogramBuilder("HTTP.server.duration").build().record(1);
		MetricData metric = metric(this.reader.collect(), "http.server.request.duration");
		assertThat(metric.description()).isEqualTo("renamed");
	}

	@Test
	void selectsByNameGlobTypeUnitAndMeter() {
		MeterProvider provider = provider(MeterProvider.builder()
			.registerView(InstrumentSelector.builder().setName("http.*.dur?tion").build(),
					View.builder().setAggregation(Aggregation.sum()).build())
			.registerView(InstrumentSelector.builder().setType(InstrumentType.COUNTER).setUnit("By").build(),
					View.builder().setAggregation(Aggregation.lastValue()).build())
			.registerView(InstrumentSelector.builder().setMeterName("dropped-lib").build(),
					View.builder().setAggregation(Aggregation.drop()).build()));
		Meter meter = provider.get("lib");
		meter.histogramBuilder("http.client.duration").build().record(2);
		meter.histogramBuilder("http.client.size").build().record(2);
		meter.counterBuilder("bytes").setUnit("By").build().add(3);
		meter.counterBuilder("calls").build().add(3);
		provider.get("dropped-lib").counterBuilder("calls").build().add(1);
		Collection<MetricData> metrics = this.reader.collect();
		assertThat(metric(metrics, "http.client.duration").type()).isEqualTo(MetricDataType.DOUBLE_SUM);
		assertThat(metric(metrics, "http.client.size").type()).isEqualTo(MetricDataType.HISTOGRAM);
		assertThat(metric(metrics, "bytes").type()).isEqualTo(MetricDataType.LONG_GAUGE);
		assertThat(metric(metrics, "calls").scope().name()).isEqualTo("lib");
		assertThat(provider.getDiagnostics().droppedStreams()).containsExactly(
				new MetricsDiagnostics.DroppedStream(provider.get("dropped-lib").getInstrumentationScope(), "calls"));
	}

	@Test
	void viewBoundariesTakePrecedenceOverAdvice() {
		MeterProvider provider = provider(MeterProvider.builder()
			.registerView(InstrumentSelector.builder().setName("h").build(),
					View.builder().setAggregation(Aggregation.explicitBucketHistogram(List.of(1d, 2d))).build()));
		provider.get("lib").histogramBuilder("h").setExplicitBucketBoundariesAdvice(List.of(100d)).build().record(1.5);
		HistogramPointData point = onlyPoint(metric(this.reader.collect(), "h"));
		assertThat(point.boundaries()).containsExactly(1d, 2d);
		assertThat(point.counts()).containsExactly(0L, 1L, 0L);
	}

	@Test
	void exponentialHistogramsComeFromAViewOrTheReader() {
		PullMetricReader exponential = PullMetricReader.builder()
			.setDefaultHistogramAggregation(Aggregation.base2ExponentialBucketHistogram(160, 20))
			.build();
		MeterProvider provider = MeterProvider.builder().registerMetricReader(exponential).build();
		DoubleHistogram histogram = provider.get("lib").histogramBuilder("h").build();
		histogram.record(1);
		histogram.record(2);
		histogram.record(4);
		ExponentialHistogramPointData point = onlyPoint(metric(exponential.collect(), "h"));
		assertThat(point.count()).isEqualTo(3);
		assertThat(point.positive().totalCount()).isEqualTo(3);
	}

	@Test
	void includedAndExcludedKeysFilterAttributes() {
		MeterProvider provider = provider(MeterProvider.builder()
			.registerView(InstrumentSelector.builder().setName("kept").build(),
					View.builder().setIncludedAttributeKeys(Set.of("method", "status")).build())
			.registerView(InstrumentSelector.builder().setName("removed").build(),
					View.builder().setExcludedAttributeKeys(Set.of("user")).build()));
		Meter meter = provider.get("lib");
		Attributes first = Attributes.builder().put("method", "GET").put("status", 200L).put("user", "a").build();
		Attributes second = Attributes.builder().put("method", "GET").put("status", 200L).put("user", "b").build();
		for (String name : List.of("kept", "removed")) {
			LongCounter counter = meter.counterBuilder(name).build();
			counter.add(1, first);
			counter.add(2, second);
		}
		Collection<MetricData> metrics = this.reader.collect();
		for (String name : List.of("kept", "removed")) {
			LongPointData point = onlyPoint(metric(metrics, name));
			assertThat(point.attributes().asMap()).isEqualTo(Map.of("method", "GET", "status", 200L));
			assertThat(point.value()).isEqualTo(3);
		}
	}

	@Test
	void valuesOutsideTheAllowedGlobsBecomeOther() {
		MeterProvider provider = provider(MeterProvider.builder()
			.registerView(InstrumentSelector.builder().setName("requests").build(),
					View.builder().setAttributeValues("uri", List.of("/health", "/api/*")).build()));
		LongCounter counter = provider.get("lib").counterBuilder("requests").build();
		counter.add(1, Attributes.builder().put("uri", "/health").put("method", "GET").build());
		counter.add(1, Attributes.builder().put("uri", "/api/orders").put("method", "GET").build());
		counter.add(1, Attributes.builder().put("uri", "/users/123").put("method", "GET").build());
		counter.add(1, Attributes.builder().put("uri", "/users/456").put("method", "GET").build());
		Map<Map<String, Object>, Long> values = MetricsTesting.longValues(metric(this.reader.collect(), "requests"));
		assertThat(values).containsOnly(Map.entry(Map.of("uri", "/health", "method", "GET"), 1L),
				Map.entry(Map.of("uri", "/api/orders", "method", "GET"), 1L),
				Map.entry(Map.of("uri", "_OTHER", "method", "GET"), 2L));
	}

	@Test
	void severalViewsMakeSeveralStreams() {
		MeterProvider provider = provider(MeterProvider.builder()
			.registerView(InstrumentSelector.builder().setName("latency").build(), View.builder().build())
			.registerView(InstrumentSelector.builder().setName("latency").build(),
					View.builder().setName("latency.max").setAggregation(Aggregation.lastValue()).build()));
		provider.get("lib").histogramBuilder("latency").build().record(3);
		Collection<MetricData> metrics = this.reader.collect();
		assertThat(metric(metrics, "latency").type()).isEqualTo(MetricDataType.HISTOGRAM);
		assertThat(metric(metrics, "latency.max").type()).isEqualTo(MetricDataType.DOUBLE_GAUGE);
		assertThat(provider.getDiagnostics().conflicts()).isEmpty();
	}

	@Test
	void conflictingStreamNamesAreKeptApartAndReportedOnce() {
		MeterProvider provider = provider(MeterProvider.builder()
			.registerView(InstrumentSelector.builder().setName("a").build(), View.builder().setName("shared").build())
			.registerView(InstrumentSelector.builder().setName("b").build(), View.builder().setName("shared").build())
			.registerView(InstrumentSelector.builder().setName("c").build(), View.builder().setName("shared").build()));
		Meter meter = provider.get("lib");
		meter.counterBuilder("a").build().add(1);
		meter.counterBuilder("b").build().add(2);
		meter.counterBuilder("c").build().add(3);
		assertThat(this.reader.collect()).extracting(MetricData::name).containsExactly("shared", "shared", "shared");
		assertThat(provider.getDiagnostics().conflicts()).singleElement().satisfies((conflict) -> {
			assertThat(conflict.streamName()).isEqualTo("shared");
			assertThat(conflict.reason()).contains("COUNTER a").contains("COUNTER b");
		});
	}

	@Test
	void incompatibleAggregationsFallBackToTheDefault() {
		MeterProvider provider = provider(MeterProvider.builder()
			.registerView(InstrumentSelector.builder().setName("g").build(),
					View.builder().setAggregation(Aggregation.sum()).build()));
		provider.get("lib").gaugeBuilder("g").build().set(4);
		assertThat(metric(this.reader.collect(), "g").type()).isEqualTo(MetricDataType.DOUBLE_GAUGE);
	}

	@Test
	void renamingNeedsAnExactName() {
		assertThatIllegalArgumentException().isThrownBy(() -> MeterProvider.builder()
			.registerView(InstrumentSelector.builder().setName("http.*").build(), View.builder().setName("x").build()))
			.withMessageContaining("http.*");
	}

	@Test
	void invalidSettingsAreRejectedByTheBuilders() {
		assertThatIllegalArgumentException().isThrownBy(() -> Aggregation.explicitBucketHistogram(List.of(1d, 1d)))
			.withMessageContaining("not increasing");
		assertThatIllegalArgumentException().isThrownBy(() -> Aggregation.base2ExponentialBucketHistogram(1, 20));
		assertThatIllegalArgumentException().isThrownBy(() -> Aggregation.base2ExponentialBucketHistogram(160, 21));
		assertThatIllegalArgumentException().isThrownBy(() -> View.builder().setCardinalityLimit(1).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> View.builder().setAttributeValues("uri", List.of()).build());
		assertThatIllegalArgumentException().isThrownBy(() -> InstrumentSelector.builder().build());
		assertThatIllegalArgumentException().isThrownBy(() -> MeterProvider.builder().setCardinalityLimit(1));
	}

}

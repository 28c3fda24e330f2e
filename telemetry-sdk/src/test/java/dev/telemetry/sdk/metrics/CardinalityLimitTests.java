package dev.telemetry.sdk.metrics;

import java.util.Map;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import dev.telemetry.sdk.metrics.export.TemporalityPreference;
import org.junit.jupiter.api.Test;

import static dev.telemetry.sdk.metrics.MetricsTesting.metric;
import static org.assertj.core.api.Assertions.assertThat;

class CardinalityLimitTests {

	private static Attributes user(int id) {
		return Attributes.builder().put("user", id).build();
	}

	@Test
	void attributeSetsBeyondTheLimitGoToOneOverflowSetAndTotalsStayExact() {
		PullMetricReader reader = PullMetricReader.create();
		MeterProvider provider = MeterProvider.builder().setCardinalityLimit(5).registerMetricReader(reader).build();
		LongCounter counter = provider.get("lib").counterBuilder("c").build();
		for (int round = 0; round < 3; round++) {
			for (int id = 0; id < 10; id++) {
				counter.add(id, user(id));
			}
		}
		Map<Map<String, Object>, Long> values = MetricsTesting.longValues(metric(reader.collect(), "c"));
		assertThat(values).hasSize(5);
		assertThat(values).containsEntry(Map.of("user", 0L), 0L).containsEntry(Map.of("user", 3L), 9L);
		// users 4 to 9 overflow: 3 * (4 + 5 + ... + 9)
		assertThat(values).containsEntry(Map.of("otel.metric.overflow", true), 3L * 39);
		assertThat(values.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3L * 45);
		MetricsDiagnostics.Stream stream = provider.getDiagnostics().streams().get(0);
		assertThat(stream.overflowMeasurements()).isEqualTo(18);
		assertThat(stream.seriesCount()).isEqualTo(5);
		assertThat(stream.cardinalityLimit()).isEqualTo(5);
	}

	@Test
	void aViewSetsItsOwnLimit() {
		PullMetricReader reader = PullMetricReader.create();
		MeterProvider provider = MeterProvider.builder()
			.registerView(InstrumentSelector.builder().setName("c").build(),
					View.builder().setCardinalityLimit(2).build())
			.registerMetricReader(reader)
			.build();
		LongCounter counter = provider.get("lib").counterBuilder("c").build();
		counter.add(1, user(1));
		counter.add(1, user(2));
		counter.add(1, user(3));
		assertThat(MetricsTesting.longValues(metric(reader.collect(), "c")))
			.containsOnly(Map.entry(Map.of("user", 1L), 1L), Map.entry(Map.of("otel.metric.overflow", true), 2L));
	}

	@Test
	void deltaStreamsForgetIdleAttributeSetsSoNewOnesFit() {
		PullMetricReader reader = PullMetricReader.builder()
			.setTemporalityPreference(TemporalityPreference.DELTA)
			.build();
		MeterProvider provider = MeterProvider.builder().setCardinalityLimit(3).registerMetricReader(reader).build();
		LongCounter counter = provider.get("lib").counterBuilder("c").build();
		counter.add(1, user(1));
		counter.add(1, user(2));
		reader.collect();
		// an interval without them retires both
		reader.collect();
		counter.add(5, user(3));
		counter.add(6, user(4));
		MetricData metric = metric(reader.collect(), "c");
		assertThat(MetricsTesting.longValues(metric)).containsOnly(Map.entry(Map.of("user", 3L), 5L),
				Map.entry(Map.of("user", 4L), 6L));
	}

	@Test
	void asynchronousInstrumentsOverflowToo() {
		PullMetricReader reader = PullMetricReader.create();
		MeterProvider provider = MeterProvider.builder().setCardinalityLimit(3).registerMetricReader(reader).build();
		provider.get("lib").upDownCounterBuilder("a").buildWithCallback((measurement) -> {
			for (int id = 0; id < 5; id++) {
				measurement.record(10, user(id));
			}
		});
		Map<Map<String, Object>, Long> values = MetricsTesting.longValues(metric(reader.collect(), "a"));
		assertThat(values).hasSize(3).containsEntry(Map.of("otel.metric.overflow", true), 30L);
		assertThat(provider.getDiagnostics().streams().get(0).overflowMeasurements()).isEqualTo(3);
	}

}

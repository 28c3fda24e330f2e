package dev.telemetry.autoconfigure.micrometer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.telemetry.autoconfigure.observation.TestMeters;
import dev.telemetry.sdk.metrics.data.DoublePointData;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.data.MetricDataType;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TelemetryMeterRegistry}: Micrometer meters registered with it arrive
 * in a real meter provider.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TelemetryMeterRegistryTests {

	private final TestMeters meters = new TestMeters();

	private final TelemetryMeterRegistry registry = new TelemetryMeterRegistry(this.meters.meter(), (id) -> true,
			Clock.SYSTEM);

	@AfterEach
	void tearDown() {
		this.registry.close();
		this.meters.close();
	}

	@Test
	void counterBecomesAMonotonicSumWithItsTagsAsAttributes() {
		Counter counter = Counter.builder("orders.placed")
			.tag("channel", "web")
			.baseUnit("orders")
			.register(this.registry);
		counter.increment();
		counter.increment(2);
		MetricData metric = this.meters.metric("orders.placed");
		assertThat(metric.type()).isEqualTo(MetricDataType.DOUBLE_SUM);
		assertThat(metric.monotonic()).isTrue();
		assertThat(metric.unit()).isEqualTo("{orders}");
		assertThat(TestMeters.points(metric, DoublePointData.class)).singleElement().satisfies((point) -> {
			assertThat(point.value()).isEqualTo(3.0);
			assertThat(point.attributes().asMap()).containsExactly(Map.entry("channel", "web"));
		});
		// Micrometer still answers for the meter.
		assertThat(counter.count()).isEqualTo(3.0);
	}

	@Test
	void countersOfOneNameWithDifferentTagsAreSeriesOfOneMetric() {
		Counter.builder("orders.placed").tag("channel", "web").register(this.registry).increment();
		Counter.builder("orders.placed").tag("channel", "shop").register(this.registry).increment(5);
		assertThat(this.meters.doubles("orders.placed")).hasSize(2);
	}

	@Test
	void gaugeIsReadAtCollection() {
		AtomicInteger queue = new AtomicInteger(3);
		Gauge.builder("queue.size", queue, AtomicInteger::get).baseUnit("bytes").register(this.registry);
		assertThat(this.meters.doubles("queue.size")).singleElement()
			.satisfies((point) -> assertThat(point.value()).isEqualTo(3.0));
		queue.set(7);
		MetricData metric = this.meters.metric("queue.size");
		assertThat(metric.type()).isEqualTo(MetricDataType.DOUBLE_GAUGE);
		assertThat(metric.unit()).isEqualTo("By");
		assertThat(TestMeters.points(metric, DoublePointData.class).get(0).value()).isEqualTo(7.0);
	}

	@Test
	void functionCounterIsASum() {
		AtomicInteger hits = new AtomicInteger(11);
		FunctionCounter.builder("cache.hits", hits, AtomicInteger::get).register(this.registry);
		assertThat(this.meters.doubles("cache.hits").get(0).value()).isEqualTo(11.0);
	}

	@Test
	void timerBecomesAHistogramInSeconds() {
		Timer timer = Timer.builder("report.render").tag("format", "pdf").register(this.registry);
		timer.record(Duration.ofMillis(250));
		timer.record(Duration.ofMillis(750));
		MetricData metric = this.meters.metric("report.render");
		assertThat(metric.unit()).isEqualTo("s");
		assertThat(TestMeters.points(metric, HistogramPointData.class)).singleElement().satisfies((point) -> {
			assertThat(point.count()).isEqualTo(2);
			assertThat(point.sum()).isEqualTo(1.0);
			assertThat(point.attributes().get("format")).isEqualTo("pdf");
			assertThat(point.boundaries()).containsExactlyElementsOf(TelemetryMeterRegistry.TIMER_BOUNDARIES);
		});
		assertThat(timer.count()).isEqualTo(2);
	}

	@Test
	void distributionSummaryBecomesAHistogramInItsUnit() {
		DistributionSummary summary = DistributionSummary.builder("payload.size")
			.baseUnit("bytes")
			.register(this.registry);
		summary.record(100);
		summary.record(300);
		MetricData metric = this.meters.metric("payload.size");
		assertThat(metric.unit()).isEqualTo("By");
		assertThat(TestMeters.points(metric, HistogramPointData.class).get(0).sum()).isEqualTo(400.0);
	}

	@Test
	void longTaskTimerCountsActiveTasks() {
		LongTaskTimer timer = LongTaskTimer.builder("export.running").register(this.registry);
		LongTaskTimer.Sample sample = timer.start();
		assertThat(this.meters.longs("export.running").get(0).value()).isEqualTo(1);
		sample.stop();
		assertThat(this.meters.longs("export.running").get(0).value()).isZero();
	}

	@Test
	void removedMeterIsNoLongerRead() {
		AtomicInteger queue = new AtomicInteger(3);
		Gauge gauge = Gauge.builder("queue.size", queue, AtomicInteger::get).register(this.registry);
		this.registry.remove(gauge);
		assertThat(TestMeters.find(this.meters.collect(), "queue.size")).isEmpty();
	}

	@Test
	void meterTheRuleRejectsIsNotExportedButStillWorks() {
		TelemetryMeterRegistry registry = new TelemetryMeterRegistry(this.meters.meter(),
				(id) -> !id.getName().startsWith("skipped"), Clock.SYSTEM);
		Timer skipped = Timer.builder("skipped.timer").register(registry);
		skipped.record(Duration.ofSeconds(1));
		Counter.builder("skipped.counter").register(registry).increment();
		Counter.builder("kept.counter").register(registry).increment();
		List<String> names = this.meters.collect().stream().map(MetricData::name).toList();
		assertThat(names).contains("kept.counter").doesNotContain("skipped.timer", "skipped.counter");
		assertThat(skipped.count()).isEqualTo(1);
		registry.close();
	}

	@Test
	void ruleIsAskedWhenATimerFirstRecordsNotWhenItIsRegistered() {
		AtomicInteger asked = new AtomicInteger();
		TelemetryMeterRegistry registry = new TelemetryMeterRegistry(this.meters.meter(), (Meter.Id id) -> {
			asked.incrementAndGet();
			return true;
		}, Clock.SYSTEM);
		Timer timer = Timer.builder("late.decision").register(registry);
		assertThat(asked).hasValue(0);
		timer.record(Duration.ofMillis(1));
		timer.record(Duration.ofMillis(1));
		assertThat(asked).hasValue(1);
		assertThat(TestMeters.points(this.meters.metric("late.decision"), HistogramPointData.class).get(0).count())
			.isEqualTo(2);
		registry.close();
	}

	@Test
	void unitsFollowUcum() {
		assertThat(TelemetryMeterRegistry.unit("bytes")).isEqualTo("By");
		assertThat(TelemetryMeterRegistry.unit("seconds")).isEqualTo("s");
		assertThat(TelemetryMeterRegistry.unit("connections")).isEqualTo("{connections}");
		assertThat(TelemetryMeterRegistry.unit(null)).isNull();
	}

}

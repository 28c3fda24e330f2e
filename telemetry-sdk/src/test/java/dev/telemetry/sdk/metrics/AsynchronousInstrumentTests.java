package dev.telemetry.sdk.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;
import dev.telemetry.sdk.metrics.data.DoublePointData;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.data.MetricDataType;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import dev.telemetry.sdk.metrics.export.TemporalityPreference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.telemetry.sdk.metrics.MetricsTesting.metric;
import static dev.telemetry.sdk.metrics.MetricsTesting.onlyPoint;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class AsynchronousInstrumentTests {

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void releaseHungCallbacks() {
		this.release.countDown();
	}

	@Test
	void callbacksReportTotalsAndCurrentValues() {
		PullMetricReader reader = PullMetricReader.create();
		Meter meter = MeterProvider.builder().registerMetricReader(reader).build().get("lib");
		AtomicLong total = new AtomicLong();
		meter.counterBuilder("bytes").buildWithCallback((measurement) -> measurement.record(total.addAndGet(10)));
		meter.gaugeBuilder("load")
			.buildWithCallback((measurement) -> measurement.record(0.5, Attributes.of("cpu", "0")));
		reader.collect();
		Collection<MetricData> metrics = reader.collect();
		MetricData bytes = metric(metrics, "bytes");
		assertThat(bytes.type()).isEqualTo(MetricDataType.LONG_SUM);
		assertThat(bytes.monotonic()).isTrue();
		assertThat(((LongPointData) onlyPoint(bytes)).value()).isEqualTo(20);
		MetricData load = metric(metrics, "load");
		assertThat(load.type()).isEqualTo(MetricDataType.DOUBLE_GAUGE);
		assertThat(((DoublePointData) onlyPoint(load)).value()).isEqualTo(0.5);
	}

	@Test
	void deltaCountersReportTheDifferenceBetweenObservations() {
		PullMetricReader reader = PullMetricReader.builder()
			.setTemporalityPreference(TemporalityPreference.DELTA)
			.build();
		Meter meter = MeterProvider.builder().registerMetricReader(reader).build().get("lib");
		AtomicLong total = new AtomicLong();
		meter.counterBuilder("bytes").buildWithCallback((measurement) -> measurement.record(total.addAndGet(10)));
		// Its own total: callbacks run concurrently, so reading the other's would race.
		AtomicLong items = new AtomicLong();
		meter.upDownCounterBuilder("items").buildWithCallback((measurement) -> measurement.record(items.addAndGet(10)));
		reader.collect();
		Collection<MetricData> metrics = reader.collect();
		assertThat(metric(metrics, "bytes").temporality()).isEqualTo(AggregationTemporality.DELTA);
		assertThat(((LongPointData) onlyPoint(metric(metrics, "bytes"))).value()).isEqualTo(10);
		assertThat(((LongPointData) onlyPoint(metric(metrics, "items"))).value()).isEqualTo(20);
	}

	@Test
	void aCallbackThatThrowsIsCountedAndTheOthersStillReport() {
		PullMetricReader reader = PullMetricReader.create();
		MeterProvider provider = MeterProvider.builder().registerMetricReader(reader).build();
		Meter meter = provider.get("lib");
		meter.counterBuilder("broken").buildWithCallback((measurement) -> {
			measurement.record(1);
			throw new IllegalStateException("boom");
		});
		meter.counterBuilder("fine").buildWithCallback((measurement) -> measurement.record(2));
		Collection<MetricData> metrics = reader.collect();
		assertThat(metrics).extracting(MetricData::name).containsExactly("fine");
		assertThat(provider.getDiagnostics().callbackFailures()).isEqualTo(1);
	}

	@Test
	void aCallbackThatHangsIsBoundedByTheTimeoutAndNotStartedAgainWhileItHangs() throws InterruptedException {
		PullMetricReader reader = PullMetricReader.builder().setCallbackTimeout(Duration.ofMillis(200)).build();
		MeterProvider provider = MeterProvider.builder().registerMetricReader(reader).build();
		Meter meter = provider.get("lib");
		AtomicLong calls = new AtomicLong();
		CountDownLatch returned = new CountDownLatch(1);
		ObservableInstrument hanging = meter.counterBuilder("hanging").buildWithCallback((measurement) -> {
			calls.incrementAndGet();
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			measurement.record(99);
			returned.countDown();
		});
		meter.counterBuilder("fine").buildWithCallback((measurement) -> measurement.record(2));
		assertThat(reader.collect()).extracting(MetricData::name).containsExactly("fine");
		assertThat(reader.collect()).extracting(MetricData::name).containsExactly("fine");
		assertThat(calls.get()).isEqualTo(1);
		assertThat(provider.getDiagnostics().callbackTimeouts()).isEqualTo(2);
		this.release.countDown();
		assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
		// the late observation of the hung run is ignored
		hanging.close();
		assertThat(reader.collect()).extracting(MetricData::name).containsExactly("fine");
	}

	@Test
	void closingTheRegistrationStopsTheCallback() {
		PullMetricReader reader = PullMetricReader.create();
		Meter meter = MeterProvider.builder().registerMetricReader(reader).build().get("lib");
		ObservableInstrument gauge = meter.gaugeBuilder("g")
			.ofLongs()
			.buildWithCallback((measurement) -> measurement.record(1, Attributes.of("k", "v")));
		assertThat(MetricsTesting.longValues(metric(reader.collect(), "g")))
			.containsExactly(Map.entry(Map.of("k", "v"), 1L));
		gauge.close();
		gauge.close();
		assertThat(reader.collect()).isEmpty();
	}

}

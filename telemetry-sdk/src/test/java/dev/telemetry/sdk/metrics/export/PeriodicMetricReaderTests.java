package dev.telemetry.sdk.metrics.export;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.telemetry.sdk.metrics.LongCounter;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@Timeout(30)
class PeriodicMetricReaderTests {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stopScheduler() {
		this.scheduler.shutdownNow();
	}

	@Test
	void exportsAtTheIntervalWithTheExportersTemporality() throws InterruptedException {
		InMemoryMetricExporter exporter = new InMemoryMetricExporter(TemporalityPreference.DELTA);
		PeriodicMetricReader reader = PeriodicMetricReader.builder(exporter)
			.setInterval(Duration.ofMillis(20))
			.setScheduler(this.scheduler)
			.build();
		LongCounter counter = MeterProvider.builder()
			.registerMetricReader(reader)
			.build()
			.get("lib")
			.counterBuilder("c")
			.build();
		counter.add(5);
		List<MetricData> first = exporter.take();
		assertThat(first).singleElement().satisfies((metric) -> {
			assertThat(metric.temporality()).isEqualTo(AggregationTemporality.DELTA);
			assertThat(((LongPointData) metric.points().get(0)).value()).isEqualTo(5);
		});
		counter.add(7);
		List<MetricData> next;
		do {
			next = exporter.take();
		}
		while (next.isEmpty());
		assertThat(((LongPointData) next.get(0).points().get(0)).value()).isEqualTo(7);
	}

	@Test
	void forceFlushExportsNowAndFlushesTheExporter() {
		InMemoryMetricExporter exporter = new InMemoryMetricExporter(TemporalityPreference.CUMULATIVE);
		PeriodicMetricReader reader = PeriodicMetricReader.builder(exporter).setScheduler(this.scheduler).build();
		MeterProvider provider = MeterProvider.builder().registerMetricReader(reader).build();
		provider.get("lib").counterBuilder("c").build().add(1);
		assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(exporter.drain()).singleElement().satisfies((metrics) -> assertThat(metrics).hasSize(1));
		assertThat(exporter.flushes()).isEqualTo(1);
	}

	@Test
	void shutdownExportsOnceMoreThenShutsTheExporterDown() {
		InMemoryMetricExporter exporter = new InMemoryMetricExporter(TemporalityPreference.CUMULATIVE);
		PeriodicMetricReader reader = PeriodicMetricReader.builder(exporter).setScheduler(this.scheduler).build();
		MeterProvider provider = MeterProvider.builder().registerMetricReader(reader).build();
		provider.get("lib").counterBuilder("c").build().add(1);
		assertThat(provider.shutdown().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(exporter.drain()).hasSize(1);
		assertThat(exporter.isShutdown()).isTrue();
		assertThat(reader.shutdown().isSuccess()).isTrue();
	}

	@Test
	void anExportThatNeverCompletesIsBoundedByTheTimeout() {
		InMemoryMetricExporter exporter = new InMemoryMetricExporter(TemporalityPreference.CUMULATIVE);
		exporter.hang();
		PeriodicMetricReader reader = PeriodicMetricReader.builder(exporter)
			.setTimeout(Duration.ofMillis(50))
			.setScheduler(this.scheduler)
			.build();
		MeterProvider provider = MeterProvider.builder().registerMetricReader(reader).build();
		provider.get("lib").counterBuilder("c").build().add(1);
		assertThat(reader.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
		assertThat(reader.forceFlush().join(10, TimeUnit.SECONDS).isDone()).isTrue();
		assertThat(exporter.drain()).hasSize(2);
	}

	@Test
	void runsOnANamedDaemonThreadOfItsOwn() throws InterruptedException {
		AtomicReference<Thread> exportThread = new AtomicReference<>();
		InMemoryMetricExporter exporter = new InMemoryMetricExporter(TemporalityPreference.CUMULATIVE);
		PeriodicMetricReader reader = PeriodicMetricReader
			.builder(new MetricExporterThreadProbe(exporter, exportThread))
			.setInterval(Duration.ofMillis(10))
			.build();
		MeterProvider provider = MeterProvider.builder().registerMetricReader(reader).build();
		provider.get("lib").counterBuilder("c").build().add(1);
		exporter.take();
		assertThat(exportThread.get().getName()).isEqualTo(PeriodicMetricReader.THREAD_NAME);
		assertThat(exportThread.get().isDaemon()).isTrue();
		provider.close();
	}

	@Test
	void aReaderServesOneProvider() {
		PullMetricReader reader = PullMetricReader.create();
		MeterProvider.builder().registerMetricReader(reader).build();
		assertThatIllegalStateException()
			.isThrownBy(() -> MeterProvider.builder().registerMetricReader(reader).build());
	}

	@Test
	void rejectsNonPositiveDurations() {
		InMemoryMetricExporter exporter = new InMemoryMetricExporter(TemporalityPreference.CUMULATIVE);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PeriodicMetricReader.builder(exporter).setInterval(Duration.ZERO));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PeriodicMetricReader.builder(exporter).setTimeout(Duration.ofSeconds(-1)));
	}

	/** Remembers the thread that exports. */
	private record MetricExporterThreadProbe(InMemoryMetricExporter delegate,
			AtomicReference<Thread> thread) implements MetricExporter {

		@Override
		public dev.telemetry.sdk.common.CompletableResult export(java.util.Collection<MetricData> metrics) {
			this.thread.set(Thread.currentThread());
			return this.delegate.export(metrics);
		}

		@Override
		public dev.telemetry.sdk.common.CompletableResult flush() {
			return this.delegate.flush();
		}

		@Override
		public dev.telemetry.sdk.common.CompletableResult shutdown() {
			return this.delegate.shutdown();
		}

	}

}

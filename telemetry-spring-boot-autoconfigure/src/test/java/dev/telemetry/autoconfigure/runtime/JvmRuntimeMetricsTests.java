package dev.telemetry.autoconfigure.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.telemetry.autoconfigure.observation.TestMeters;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.data.MetricDataType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Tests for {@link JvmRuntimeMetrics}, read from this JVM's real MXBeans.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JvmRuntimeMetricsTests {

	private final TestMeters meters = new TestMeters();

	private final JvmRuntimeMetrics runtime = new JvmRuntimeMetrics(this.meters.meter());

	@AfterEach
	void tearDown() {
		this.runtime.close();
		this.meters.close();
	}

	@Test
	void everyAsynchronousMetricIsReadAtCollection() {
		Collection<MetricData> metrics = this.meters.collect();
		Set<String> names = metrics.stream().map(MetricData::name).collect(Collectors.toSet());
		assertThat(names).contains("jvm.memory.used", "jvm.memory.committed", "jvm.memory.limit",
				"jvm.memory.used_after_last_gc", "jvm.thread.count", "jvm.class.loaded", "jvm.class.unloaded",
				"jvm.class.count", "jvm.cpu.time", "jvm.cpu.count", "jvm.cpu.recent_utilization");
		assertThat(TestMeters.find(metrics, "jvm.memory.used").orElseThrow().unit()).isEqualTo("By");
		assertThat(TestMeters.find(metrics, "jvm.cpu.time").orElseThrow().type()).isEqualTo(MetricDataType.DOUBLE_SUM);
		assertThat(TestMeters.find(metrics, "jvm.class.loaded").orElseThrow().monotonic()).isTrue();
		assertThat(TestMeters.find(metrics, "jvm.class.count").orElseThrow().monotonic()).isFalse();
	}

	@Test
	void memoryIsReportedPerPoolWithItsType() {
		List<LongPointData> used = TestMeters.points(this.meters.metric("jvm.memory.used"), LongPointData.class);
		assertThat(used).allSatisfy((point) -> {
			assertThat(point.attributes().asMap()).containsOnlyKeys("jvm.memory.type", "jvm.memory.pool.name");
			assertThat(point.attributes().get("jvm.memory.type")).isIn("heap", "non_heap");
			assertThat(point.value()).isNotNegative();
		});
		assertThat(used).anySatisfy((point) -> assertThat(point.attributes().get("jvm.memory.type")).isEqualTo("heap"));
	}

	@Test
	void threadsAreCountedByDaemonFlagAndState() {
		List<LongPointData> threads = this.meters.longs("jvm.thread.count");
		assertThat(threads).allSatisfy((point) -> {
			assertThat(point.attributes().get("jvm.thread.daemon")).isInstanceOf(Boolean.class);
			assertThat(point.attributes().get("jvm.thread.state")).isIn("new", "runnable", "blocked", "waiting",
					"timed_waiting", "terminated");
		});
		// This test's own thread is counted. Its state is whatever it is while the
		// callback runs on the collection thread (usually waiting for it), so only its
		// flag is known.
		assertThat(threads).anySatisfy((point) -> assertThat(point.attributes().get("jvm.thread.daemon"))
			.isEqualTo(Thread.currentThread().isDaemon()));
		// The collection thread itself is running.
		assertThat(threads)
			.anySatisfy((point) -> assertThat(point.attributes().get("jvm.thread.state")).isEqualTo("runnable"));
		long total = threads.stream().mapToLong(LongPointData::value).sum();
		assertThat(total).isPositive();
	}

	@Test
	void cpuCountIsTheAvailableProcessors() {
		assertThat(this.meters.longs("jvm.cpu.count")).singleElement()
			.satisfies((point) -> assertThat(point.value()).isEqualTo(Runtime.getRuntime().availableProcessors()));
		assertThat(this.meters.doubles("jvm.cpu.time")).singleElement()
			.satisfies((point) -> assertThat(point.value()).isPositive());
	}

	@Test
	void garbageCollectionIsRecordedByNameAndAction() {
		// Through the listener's own entry point, with what a notification carries.
		JvmRuntimeMetrics.GcListener listener = new JvmRuntimeMetrics.GcListener(
				this.meters.meter().histogramBuilder("test.gc.duration").build());
		listener.record("G1 Young Generation", "end of minor GC", 12);
		listener.record("G1 Young Generation", "end of minor GC", 8);
		List<HistogramPointData> points = this.meters.histogram("test.gc.duration");
		assertThat(points).singleElement().satisfies((point) -> {
			assertThat(point.count()).isEqualTo(2);
			assertThat(point.sum()).isEqualTo(0.02, offset(1e-9));
			assertThat(point.attributes().asMap()).containsEntry("jvm.gc.name", "G1 Young Generation")
				.containsEntry("jvm.gc.action", "end of minor GC");
		});
	}

	@Test
	void aRealCollectionArrivesThroughTheNotifications() {
		System.gc();
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> TestMeters.find(this.meters.collect(), "jvm.gc.duration").isPresent());
		MetricData gc = TestMeters.find(this.meters.collect(), "jvm.gc.duration").orElseThrow();
		assertThat(gc.unit()).isEqualTo("s");
		assertThat(TestMeters.points(gc, HistogramPointData.class)).allSatisfy((point) -> {
			assertThat(point.attributes().asMap()).containsOnlyKeys("jvm.gc.name", "jvm.gc.action");
			assertThat(point.boundaries()).containsExactly(0.01, 0.1, 1.0, 10.0);
		});
	}

	@Test
	void closeRemovesTheCallbacks() {
		this.runtime.close();
		assertThat(this.meters.collect()).noneMatch((metric) -> metric.name().equals("jvm.memory.used"));
	}

}

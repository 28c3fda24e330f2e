package dev.telemetry.sdk.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.data.PointData;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import dev.telemetry.sdk.metrics.export.TemporalityPreference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two threads record while a cumulative and a delta reader collect every 10 ms: no
 * measurement may be lost or counted twice, and every histogram point must be consistent.
 * One thread pauses between bursts so that delta series go idle, are forgotten, and race
 * with recorders that still hold them.
 */
@Timeout(60)
class ConcurrentCollectionTests {

	private static final int PER_THREAD = 300_000;

	@Test
	void collectionsLoseAndDuplicateNothing() throws Exception {
		PullMetricReader cumulative = PullMetricReader.create();
		PullMetricReader delta = PullMetricReader.builder()
			.setTemporalityPreference(TemporalityPreference.DELTA)
			.build();
		Meter meter = MeterProvider.builder()
			.registerMetricReader(cumulative)
			.registerMetricReader(delta)
			.build()
			.get("lib");
		LongCounter counter = meter.counterBuilder("c").build();
		LongHistogram histogram = meter.histogramBuilder("h").ofLongs().build();
		Attributes[] attributes = new Attributes[4];
		for (int i = 0; i < attributes.length; i++) {
			attributes[i] = Attributes.builder().put("series", i).build();
		}
		CountDownLatch start = new CountDownLatch(1);
		Thread steady = recorder(start, counter, histogram, attributes, 0);
		Thread bursty = recorder(start, counter, histogram, attributes, 1_000);
		AtomicBoolean recording = new AtomicBoolean(true);
		long[] deltaTotals = new long[2];
		List<Long> cumulativeCounts = new ArrayList<>();
		Thread collector = new Thread(() -> {
			while (recording.get()) {
				add(deltaTotals, delta.collect());
				long[] cumulativeTotals = new long[2];
				add(cumulativeTotals, cumulative.collect());
				cumulativeCounts.add(cumulativeTotals[0]);
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
			}
		});
		collector.start();
		start.countDown();
		steady.join();
		bursty.join();
		recording.set(false);
		collector.join();
		add(deltaTotals, delta.collect());
		long[] cumulativeTotals = new long[2];
		add(cumulativeTotals, cumulative.collect());
		long expected = 2L * PER_THREAD;
		assertThat(cumulativeTotals[0]).isEqualTo(expected);
		assertThat(cumulativeTotals[1]).isEqualTo(expected);
		assertThat(deltaTotals[0]).isEqualTo(expected);
		assertThat(deltaTotals[1]).isEqualTo(expected);
		assertThat(cumulativeCounts).isSorted();
		assertThat(cumulativeCounts.size()).isGreaterThan(2);
	}

	private static Thread recorder(CountDownLatch start, LongCounter counter, LongHistogram histogram,
			Attributes[] attributes, int burst) {
		Thread thread = new Thread(() -> {
			try {
				start.await();
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
			for (int i = 0; i < PER_THREAD; i++) {
				Attributes set = attributes[i & 3];
				counter.add(1, set);
				histogram.record(i % 200, set);
				if (burst > 0 && i % burst == 0) {
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1 + (i / burst) % 25));
				}
			}
		});
		thread.start();
		return thread;
	}

	/** Adds the counter's values and the histogram's counts, checking each point. */
	private static void add(long[] totals, Iterable<MetricData> metrics) {
		for (MetricData metric : metrics) {
			java.util.Set<Attributes> seen = new java.util.HashSet<>();
			for (PointData point : metric.points()) {
				assertThat(seen.add(point.attributes())).as("one point per attribute set").isTrue();
				if (point instanceof LongPointData sum) {
					totals[0] += sum.value();
				}
				else if (point instanceof HistogramPointData distribution) {
					long buckets = distribution.counts().stream().mapToLong(Long::longValue).sum();
					assertThat(distribution.count()).isEqualTo(buckets);
					totals[1] += distribution.count();
				}
			}
		}
	}

}

package dev.telemetry.sdk.metrics.export;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.metrics.InstrumentType;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;
import dev.telemetry.sdk.metrics.data.MetricData;

/**
 * A metric exporter that keeps every export in a queue for tests to take, with a
 * temporality preference; {@link #hang()} makes exports return results that never
 * complete.
 */
public final class InMemoryMetricExporter implements MetricExporter {

	private final TemporalityPreference temporality;

	private final BlockingQueue<List<MetricData>> exports = new LinkedBlockingQueue<>();

	private final AtomicBoolean hanging = new AtomicBoolean();

	private final AtomicInteger flushes = new AtomicInteger();

	private final AtomicBoolean shutdown = new AtomicBoolean();

	public InMemoryMetricExporter(TemporalityPreference temporality) {
		this.temporality = temporality;
	}

	@Override
	public CompletableResult export(Collection<MetricData> metrics) {
		this.exports.add(List.copyOf(metrics));
		return this.hanging.get() ? new CompletableResult() : CompletableResult.ofSuccess();
	}

	@Override
	public CompletableResult flush() {
		this.flushes.incrementAndGet();
		return CompletableResult.ofSuccess();
	}

	@Override
	public CompletableResult shutdown() {
		this.shutdown.set(true);
		return CompletableResult.ofSuccess();
	}

	@Override
	public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
		return this.temporality.temporalityFor(instrumentType);
	}

	/**
	 * Waits for the next export.
	 * @return its metrics
	 * @throws InterruptedException when interrupted
	 * @throws AssertionError when none arrives within 10 seconds
	 */
	public List<MetricData> take() throws InterruptedException {
		List<MetricData> metrics = this.exports.poll(10, TimeUnit.SECONDS);
		if (metrics == null) {
			throw new AssertionError("no export within 10 seconds");
		}
		return metrics;
	}

	/**
	 * Returns the exports not taken yet.
	 * @return the pending exports
	 */
	public List<List<MetricData>> drain() {
		List<List<MetricData>> drained = new ArrayList<>();
		this.exports.drainTo(drained);
		return drained;
	}

	public void hang() {
		this.hanging.set(true);
	}

	public int flushes() {
		return this.flushes.get();
	}

	public boolean isShutdown() {
		return this.shutdown.get();
	}

}

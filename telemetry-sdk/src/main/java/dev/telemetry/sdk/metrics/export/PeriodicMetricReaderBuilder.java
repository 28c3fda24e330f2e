package dev.telemetry.sdk.metrics.export;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link PeriodicMetricReader}. Defaults: an interval of 60 seconds, a timeout
 * of 30 seconds, and a daemon thread of the reader's own. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class PeriodicMetricReaderBuilder {

	final MetricExporter exporter;

	Duration interval = PeriodicMetricReader.DEFAULT_INTERVAL;

	Duration timeout = PeriodicMetricReader.DEFAULT_TIMEOUT;

	@Nullable ScheduledExecutorService scheduler;

	PeriodicMetricReaderBuilder(MetricExporter exporter) {
		this.exporter = Objects.requireNonNull(exporter, "exporter");
	}

	/**
	 * Sets the time between two exports ({@code OTEL_METRIC_EXPORT_INTERVAL}).
	 * @param interval a positive duration
	 * @return this builder
	 * @throws IllegalArgumentException when not positive
	 */
	public PeriodicMetricReaderBuilder setInterval(Duration interval) {
		this.interval = positive(interval, "interval");
		return this;
	}

	/**
	 * Sets how long one collection waits for asynchronous callbacks, and one export for
	 * the exporter ({@code OTEL_METRIC_EXPORT_TIMEOUT}).
	 * @param timeout a positive duration
	 * @return this builder
	 * @throws IllegalArgumentException when not positive
	 */
	public PeriodicMetricReaderBuilder setTimeout(Duration timeout) {
		this.timeout = positive(timeout, "timeout");
		return this;
	}

	/**
	 * Runs collections on the given scheduler instead of a thread of the reader's own
	 * (for tests). The reader does not shut it down. It must run one task at a time.
	 * @param scheduler the scheduler
	 * @return this builder
	 */
	public PeriodicMetricReaderBuilder setScheduler(ScheduledExecutorService scheduler) {
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
		return this;
	}

	/**
	 * Builds the reader; it starts exporting once registered with a meter provider.
	 * @return the reader
	 */
	public PeriodicMetricReader build() {
		return new PeriodicMetricReader(this);
	}

	private static Duration positive(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive: " + duration);
		}
		return duration;
	}

}

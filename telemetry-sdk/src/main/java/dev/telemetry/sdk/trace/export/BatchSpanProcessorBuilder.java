package dev.telemetry.sdk.trace.export;

import java.time.Duration;
import java.util.Objects;

import dev.telemetry.sdk.common.Clock;

/**
 * Configures and creates a {@link BatchSpanProcessor}; obtained from
 * {@link BatchSpanProcessor#builder(SpanExporter)}.
 * <p>
 * Each setter checks its own value at once; {@link #build()} checks how the values fit
 * together. All failures are {@link IllegalArgumentException}s that name the setting and
 * the rejected value. Not thread-safe: configure it on one thread.
 *
 * @since 0.1.0
 */
public final class BatchSpanProcessorBuilder {

	private final SpanExporter exporter;

	private int maxQueueSize = BatchSpanProcessor.DEFAULT_MAX_QUEUE_SIZE;

	private int maxExportBatchSize = BatchSpanProcessor.DEFAULT_MAX_EXPORT_BATCH_SIZE;

	private Duration scheduleDelay = BatchSpanProcessor.DEFAULT_SCHEDULE_DELAY;

	private Duration exporterTimeout = BatchSpanProcessor.DEFAULT_EXPORTER_TIMEOUT;

	private Clock clock = Clock.system();

	BatchSpanProcessorBuilder(SpanExporter exporter) {
		this.exporter = Objects.requireNonNull(exporter, "exporter");
	}

	/**
	 * Sets how many ended spans may wait for export; once that many wait, further spans
	 * are dropped (and counted) rather than making the application wait. The queue is
	 * allocated in full when the processor is built.
	 * @param maxQueueSize the queue capacity, greater than zero; default
	 * {@value BatchSpanProcessor#DEFAULT_MAX_QUEUE_SIZE}
	 * @return this builder
	 * @throws IllegalArgumentException if {@code maxQueueSize} is not positive
	 */
	public BatchSpanProcessorBuilder setMaxQueueSize(int maxQueueSize) {
		if (maxQueueSize <= 0) {
			throw new IllegalArgumentException("max-queue-size must be > 0, was " + maxQueueSize);
		}
		this.maxQueueSize = maxQueueSize;
		return this;
	}

	/**
	 * Sets the most spans handed to the exporter in one call; a batch of this size is
	 * exported without waiting for the schedule delay.
	 * @param maxExportBatchSize the batch size, greater than zero and at most the queue
	 * size; default {@value BatchSpanProcessor#DEFAULT_MAX_EXPORT_BATCH_SIZE}
	 * @return this builder
	 * @throws IllegalArgumentException if {@code maxExportBatchSize} is not positive
	 */
	public BatchSpanProcessorBuilder setMaxExportBatchSize(int maxExportBatchSize) {
		if (maxExportBatchSize <= 0) {
			throw new IllegalArgumentException("max-export-batch-size must be > 0, was " + maxExportBatchSize);
		}
		this.maxExportBatchSize = maxExportBatchSize;
		return this;
	}

	/**
	 * Sets the longest time between two exports while spans are waiting: a partial batch
	 * is exported once this much time has passed since the previous export.
	 * @param scheduleDelay the delay, greater than zero; default 5 seconds
	 * @return this builder
	 * @throws IllegalArgumentException if {@code scheduleDelay} is zero or negative
	 */
	public BatchSpanProcessorBuilder setScheduleDelay(Duration scheduleDelay) {
		this.scheduleDelay = requirePositive("schedule-delay", scheduleDelay);
		return this;
	}

	/**
	 * Sets how long the processor waits for one export (and for the exporter's flush and
	 * shutdown) before counting it as failed and moving on.
	 * @param exporterTimeout the timeout, greater than zero; default 30 seconds
	 * @return this builder
	 * @throws IllegalArgumentException if {@code exporterTimeout} is zero or negative
	 */
	public BatchSpanProcessorBuilder setExporterTimeout(Duration exporterTimeout) {
		this.exporterTimeout = requirePositive("exporter-timeout", exporterTimeout);
		return this;
	}

	/**
	 * Sets the clock that times the schedule delay and the export timeouts; tests pass
	 * one they move by hand (and wake the worker thread after moving it).
	 * @param clock the clock
	 * @return this builder
	 */
	BatchSpanProcessorBuilder setClock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
		return this;
	}

	/**
	 * Creates the processor and starts its worker thread.
	 * @return a running processor; call {@link BatchSpanProcessor#shutdown()} when done
	 * @throws IllegalArgumentException if the batch size is larger than the queue size
	 */
	public BatchSpanProcessor build() {
		if (this.maxExportBatchSize > this.maxQueueSize) {
			throw new IllegalArgumentException("max-export-batch-size must be <= max-queue-size (" + this.maxQueueSize
					+ "), was " + this.maxExportBatchSize);
		}
		return BatchSpanProcessor.start(this.exporter, this.maxQueueSize, this.maxExportBatchSize, this.scheduleDelay,
				this.exporterTimeout, this.clock);
	}

	private static Duration requirePositive(String name, Duration value) {
		Objects.requireNonNull(value, name);
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be > 0, was " + value);
		}
		return value;
	}

	@Override
	public String toString() {
		return "BatchSpanProcessorBuilder{exporter=" + this.exporter + ", maxQueueSize=" + this.maxQueueSize
				+ ", maxExportBatchSize=" + this.maxExportBatchSize + ", scheduleDelay=" + this.scheduleDelay
				+ ", exporterTimeout=" + this.exporterTimeout + "}";
	}

}

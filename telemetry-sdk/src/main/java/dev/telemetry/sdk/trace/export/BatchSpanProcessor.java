package dev.telemetry.sdk.trace.export;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.internal.ThrottledLogger;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * Collects sampled spans as they end and hands them to a {@link SpanExporter} in batches,
 * on a background thread of its own.
 * <p>
 * {@link #onEnd} runs on the application's thread on every span end, so it does as little
 * as possible: it puts the span into a bounded lock-free queue and returns. It never
 * blocks, takes no lock and does not throw; when the queue is full the span is dropped
 * and counted ({@link #getDroppedSpans()}), and a summary is logged at most once a
 * minute.
 * <p>
 * One daemon thread named {@value #WORKER_THREAD_NAME} takes spans from the queue and
 * exports them, up to {@code max-export-batch-size} at a time: as soon as a full batch is
 * waiting, or once {@code schedule-delay} has passed since the previous export. It waits
 * at most {@code exporter-timeout} for each export; an export that fails, times out or
 * throws counts its spans as failed, and the thread carries on with the next batch. An
 * exporter whose {@link SpanExporter#export export} method itself blocks (instead of
 * returning a pending result) holds up the thread for as long as it blocks; meanwhile the
 * queue fills and further spans are dropped.
 * <p>
 * Thread-safe. Only the worker thread ever calls the exporter. {@link #forceFlush()} and
 * {@link #shutdown()} do not block either: they hand the work to the worker thread and
 * return a result to wait on, for which callers choose their own bound with
 * {@link CompletableResult#join(long, TimeUnit)}.
 *
 * @since 0.1.0
 */
public final class BatchSpanProcessor implements SpanProcessor {

	/** The default {@code max-queue-size}. */
	public static final int DEFAULT_MAX_QUEUE_SIZE = 2048;

	/** The default {@code max-export-batch-size}. */
	public static final int DEFAULT_MAX_EXPORT_BATCH_SIZE = 512;

	/** The default {@code schedule-delay}. */
	public static final Duration DEFAULT_SCHEDULE_DELAY = Duration.ofSeconds(5);

	/** The default {@code exporter-timeout}. */
	public static final Duration DEFAULT_EXPORTER_TIMEOUT = Duration.ofSeconds(30);

	/** The name of the worker thread, as thread dumps show it. */
	public static final String WORKER_THREAD_NAME = "telemetry-span-exporter";

	private static final Logger logger = Logger.getLogger(BatchSpanProcessor.class.getName());

	private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

	// Longer durations are cut to this (still over 70 years) so that deadlines computed
	// from System.nanoTime() cannot overflow and compare the wrong way round.
	private static final long MAX_NANOS = Long.MAX_VALUE / 4;

	private final SpanExporter exporter;

	private final BoundedMpscQueue<SpanData> queue;

	private final int maxExportBatchSize;

	private final Duration scheduleDelay;

	private final Duration exporterTimeout;

	private final long scheduleDelayNanos;

	private final long exporterTimeoutNanos;

	private final Clock clock = Clock.system();

	private final Thread worker;

	/**
	 * Set by the worker just before it parks with too few spans for a batch; the producer
	 * that fills a batch clears it and unparks the worker, so producers pay for an unpark
	 * only once per batch and never while the worker is busy.
	 */
	private final AtomicBoolean workerWaiting = new AtomicBoolean();

	/**
	 * A flush the worker has not started yet. Callers that find one already pending share
	 * it: the worker reads the queue's position only when it starts, so that flush covers
	 * their spans too.
	 */
	private final AtomicReference<@Nullable CompletableResult> pendingFlush = new AtomicReference<>();

	private final AtomicBoolean shutdownRequested = new AtomicBoolean();

	private final CompletableResult shutdownResult = new CompletableResult();

	// Striped: when the queue is full, every producer drops, and one shared counter would
	// be the contended cache line that slows them all.
	private final LongAdder droppedQueueFull = new LongAdder();

	private final LongAdder droppedAfterShutdown = new LongAdder();

	// Worker thread only writes: spans handed to the exporter, whatever the outcome.
	private final AtomicLong processedSpans = new AtomicLong();

	private final AtomicLong exportedSpans = new AtomicLong();

	private final AtomicLong failedSpans = new AtomicLong();

	// Separate loggers so a storm of export failures cannot hide the drop summary.
	private final ThrottledLogger dropLogger;

	private final ThrottledLogger exportLogger;

	// Worker thread only: the batch being built, reused between exports, and the
	// read-only view of it that the exporter sees.
	private ArrayList<SpanData> batch;

	private List<SpanData> batchView;

	// Worker thread only: how many drops the log has already reported.
	private long reportedDrops;

	private BatchSpanProcessor(SpanExporter exporter, int maxQueueSize, int maxExportBatchSize, Duration scheduleDelay,
			Duration exporterTimeout) {
		this.exporter = exporter;
		this.queue = new BoundedMpscQueue<>(maxQueueSize);
		this.maxExportBatchSize = maxExportBatchSize;
		this.scheduleDelay = scheduleDelay;
		this.exporterTimeout = exporterTimeout;
		this.scheduleDelayNanos = toNanos(scheduleDelay);
		this.exporterTimeoutNanos = toNanos(exporterTimeout);
		this.batch = new ArrayList<>(maxExportBatchSize);
		this.batchView = Collections.unmodifiableList(this.batch);
		this.dropLogger = new ThrottledLogger(logger, LOG_INTERVAL, this.clock);
		this.exportLogger = new ThrottledLogger(logger, LOG_INTERVAL, this.clock);
		// No inherited thread locals: the creating thread may carry request-scoped state.
		this.worker = new Thread(null, this::work, WORKER_THREAD_NAME, 0, false);
		this.worker.setDaemon(true);
		// Not the creator's context class loader, which may belong to something shorter
		// lived (a test, a redeployable web application) than this thread.
		this.worker.setContextClassLoader(BatchSpanProcessor.class.getClassLoader());
	}

	static BatchSpanProcessor start(SpanExporter exporter, int maxQueueSize, int maxExportBatchSize,
			Duration scheduleDelay, Duration exporterTimeout) {
		BatchSpanProcessor processor = new BatchSpanProcessor(exporter, maxQueueSize, maxExportBatchSize, scheduleDelay,
				exporterTimeout);
		// Started after construction, so the worker sees every final field.
		processor.worker.start();
		return processor;
	}

	/**
	 * Returns a builder for a processor that exports to the given exporter.
	 * @param exporter where batches go; the processor calls it from its worker thread
	 * only
	 * @return a builder with the default settings
	 */
	public static BatchSpanProcessorBuilder builder(SpanExporter exporter) {
		return new BatchSpanProcessorBuilder(exporter);
	}

	/**
	 * Does nothing: this processor only looks at ended spans.
	 * @param parentContext ignored
	 * @param span ignored
	 */
	@Override
	public void onStart(Context parentContext, Span span) {
	}

	/**
	 * Returns {@code false}: {@link #onStart} does nothing.
	 * @return {@code false}
	 */
	@Override
	public boolean isStartRequired() {
		return false;
	}

	/**
	 * Queues the span for export if it is sampled; drops and counts it if the queue is
	 * full or the processor has been shut down. Never blocks, locks or throws.
	 * @param span the ended span
	 */
	@Override
	public void onEnd(SpanData span) {
		if (!span.getSpanContext().isSampled()) {
			return;
		}
		if (this.shutdownRequested.get()) {
			this.droppedAfterShutdown.increment();
			return;
		}
		if (!this.queue.offer(span)) {
			this.droppedQueueFull.increment();
			return;
		}
		// The worker sets the flag before its last look at the queue size and we read it
		// after our offer (both volatile), so one of us always sees the other: a full
		// batch is never left waiting for the schedule delay.
		if (this.workerWaiting.get() && this.queue.size() >= this.maxExportBatchSize
				&& this.workerWaiting.compareAndSet(true, false)) {
			LockSupport.unpark(this.worker);
		}
	}

	/**
	 * Returns {@code true}: ended spans are what this processor exports.
	 * @return {@code true}
	 */
	@Override
	public boolean isEndRequired() {
		return true;
	}

	/**
	 * Asks the worker thread to export every span queued before this call, then to flush
	 * the exporter. Does not block.
	 * @return completes once those spans have been exported or have failed; fails if any
	 * of them failed. After {@link #shutdown()}, the shutdown's result.
	 */
	@Override
	public CompletableResult forceFlush() {
		if (this.shutdownRequested.get()) {
			return this.shutdownResult;
		}
		CompletableResult fresh = new CompletableResult();
		CompletableResult pending = this.pendingFlush.compareAndExchange(null, fresh);
		CompletableResult result = (pending != null) ? pending : fresh;
		LockSupport.unpark(this.worker);
		if (this.shutdownRequested.get()) {
			// Shutdown raced with us; the worker completes the flushes it finds pending
			// when it shuts down, but may have looked before ours arrived.
			this.shutdownResult.whenComplete(() -> complete(result, this.shutdownResult.isSuccess()));
		}
		return result;
	}

	/**
	 * Stops accepting spans (later ones are dropped and counted), exports those still
	 * queued, shuts the exporter down, and ends the worker thread. Idempotent: every call
	 * returns the same result. Does not block.
	 * <p>
	 * The worker finishes the export it may be in the middle of, then spends at most
	 * {@code exporter-timeout} on the remaining spans and on the exporter's own shutdown;
	 * spans it has no time left for count as failed.
	 * @return completes when the worker has finished; fails if an export or the
	 * exporter's shutdown failed or timed out
	 */
	@Override
	public CompletableResult shutdown() {
		if (this.shutdownRequested.compareAndSet(false, true)) {
			LockSupport.unpark(this.worker);
		}
		return this.shutdownResult;
	}

	/**
	 * Returns how many spans are waiting in the queue now (not counting the batch being
	 * exported).
	 * @return the current queue size
	 */
	public long getQueueSize() {
		return this.queue.size();
	}

	/**
	 * Returns how many spans have been accepted into the queue since the start.
	 * @return the running total
	 */
	public long getEnqueuedSpans() {
		// Every successful offer claims exactly one queue position, so the queue's
		// producer position is the count; no separate counter on the hot path.
		return this.queue.producerPosition();
	}

	/**
	 * Returns how many sampled spans have been dropped since the start, because the queue
	 * was full or the processor had been shut down.
	 * @return the running total
	 */
	public long getDroppedSpans() {
		return this.droppedQueueFull.sum() + this.droppedAfterShutdown.sum();
	}

	/**
	 * Returns how many sampled spans have been dropped since the start because the queue
	 * was full.
	 * @return the running total
	 * @since 0.1.0
	 */
	public long getDroppedSpansQueueFull() {
		return this.droppedQueueFull.sum();
	}

	/**
	 * Returns how many sampled spans have been dropped since the start because they ended
	 * after {@link #shutdown()}.
	 * @return the running total
	 * @since 0.1.0
	 */
	public long getDroppedSpansAfterShutdown() {
		return this.droppedAfterShutdown.sum();
	}

	/**
	 * Returns how many spans have been handed to the exporter since the start, counted
	 * when the export is called, whatever its outcome.
	 * @return the running total
	 * @since 0.1.0
	 */
	public long getProcessedSpans() {
		return this.processedSpans.get();
	}

	/**
	 * Returns how many spans the queue holds at most ({@code max-queue-size}).
	 * @return the capacity
	 * @since 0.1.0
	 */
	public int getQueueCapacity() {
		return this.queue.capacity();
	}

	/**
	 * Returns how many spans the exporter has accepted since the start.
	 * @return the running total
	 */
	public long getExportedSpans() {
		return this.exportedSpans.get();
	}

	/**
	 * Returns how many spans were in exports that failed, timed out or threw, or could
	 * not be exported before the shutdown deadline, since the start.
	 * @return the running total
	 */
	public long getFailedSpans() {
		return this.failedSpans.get();
	}

	Thread getWorkerThread() {
		return this.worker;
	}

	@Override
	public String toString() {
		return "BatchSpanProcessor{exporter=" + this.exporter + ", maxQueueSize=" + this.queue.capacity()
				+ ", maxExportBatchSize=" + this.maxExportBatchSize + ", scheduleDelay=" + this.scheduleDelay
				+ ", exporterTimeout=" + this.exporterTimeout + "}";
	}

	// ---- Worker thread from here on ----

	private void work() {
		try {
			long nextExportAt = this.clock.nanoTime() + this.scheduleDelayNanos;
			while (!this.shutdownRequested.get()) {
				// Nobody has a reason to interrupt this thread. If someone does, the
				// flag would make every park and join return at once: forget it.
				Thread.interrupted();
				if (this.pendingFlush.get() != null) {
					flush(this.pendingFlush.getAndSet(null));
					nextExportAt = this.clock.nanoTime() + this.scheduleDelayNanos;
					continue;
				}
				long now = this.clock.nanoTime();
				int queued = this.queue.size();
				boolean due = now - nextExportAt >= 0;
				if (queued >= this.maxExportBatchSize || (due && queued > 0)) {
					if (exportNextBatch()) {
						nextExportAt = now + this.scheduleDelayNanos;
						reportDrops();
					}
					else {
						// The next span is claimed but not yet published: a matter of
						// instructions, so let its producer run rather than park.
						Thread.yield();
					}
					continue;
				}
				if (due) {
					// Nothing to export this period; start the next one.
					nextExportAt = now + this.scheduleDelayNanos;
				}
				reportDrops();
				this.workerWaiting.set(true);
				if (this.queue.size() < this.maxExportBatchSize && this.pendingFlush.get() == null
						&& !this.shutdownRequested.get()) {
					LockSupport.parkNanos(this, nextExportAt - now);
				}
				this.workerWaiting.set(false);
			}
			finish();
		}
		catch (Throwable ex) {
			// Only a bug or a VirtualMachineError gets here. Stop taking spans, as
			// no one would export them; complete what callers may wait on.
			this.shutdownRequested.set(true);
			logger.log(Level.SEVERE, "Span export thread failed; spans will be dropped from now on", ex);
			CompletableResult flush = this.pendingFlush.getAndSet(null);
			if (flush != null) {
				flush.fail(ex);
			}
			this.shutdownResult.fail(ex);
			rethrowIfFatal(ex);
		}
	}

	/**
	 * Drains up to one batch from the queue and exports it.
	 * @return whether there was anything to export
	 */
	private boolean exportNextBatch() {
		if (this.queue.drainTo(this.batch, this.maxExportBatchSize) == 0) {
			return false;
		}
		export(this.exporterTimeoutNanos);
		return true;
	}

	private void flush(@Nullable CompletableResult flush) {
		// Read after taking the request: covers all spans queued before forceFlush.
		boolean success = exportUpTo(this.queue.producerPosition(), false, 0);
		success &= await("flush", () -> this.exporter.flush(), this.exporterTimeoutNanos);
		reportDrops();
		if (flush != null) {
			complete(flush, success);
		}
	}

	private void finish() {
		// One budget for the whole shutdown, so a hung exporter cannot stretch it to one
		// timeout per remaining batch.
		long deadline = this.clock.nanoTime() + this.exporterTimeoutNanos;
		boolean success = exportUpTo(this.queue.producerPosition(), true, deadline);
		CompletableResult flush = this.pendingFlush.getAndSet(null);
		if (flush != null) {
			complete(flush, success);
		}
		success &= await("shutdown", () -> this.exporter.shutdown(), Math.max(0, deadline - this.clock.nanoTime()));
		reportDrops();
		complete(this.shutdownResult, success);
	}

	/**
	 * Exports batches until the consumer reaches {@code target}.
	 * @param target the queue position to reach
	 * @param bounded whether {@code deadline} applies
	 * @param deadline when to stop exporting and count the remaining spans as failed
	 * @return whether every export succeeded
	 */
	private boolean exportUpTo(long target, boolean bounded, long deadline) {
		boolean success = true;
		long stalledSince = 0;
		boolean stalled = false;
		long remaining;
		while ((remaining = target - this.queue.consumerPosition()) > 0) {
			long now = this.clock.nanoTime();
			if (bounded && now - deadline >= 0) {
				int left = this.queue.drainTo(this.batch, (int) Math.min(remaining, Integer.MAX_VALUE));
				this.batch.clear();
				this.failedSpans.addAndGet(left);
				this.exportLogger.log(Level.WARNING, "Shutdown ran out of time (exporter-timeout="
						+ this.exporterTimeout + "); " + left + " spans counted as failed", null);
				return false;
			}
			if (this.queue.drainTo(this.batch, (int) Math.min(remaining, this.maxExportBatchSize)) == 0) {
				// A producer claimed the next position but has not published it yet.
				// It will within instructions; the bound guards against a dead thread.
				if (!stalled) {
					stalled = true;
					stalledSince = now;
				}
				else if (now - stalledSince > this.exporterTimeoutNanos) {
					return false;
				}
				Thread.yield();
				continue;
			}
			stalled = false;
			long timeout = bounded ? Math.min(this.exporterTimeoutNanos, Math.max(0, deadline - now))
					: this.exporterTimeoutNanos;
			success &= export(timeout);
		}
		return success;
	}

	/**
	 * Exports the current batch, waiting at most {@code timeoutNanos}, and counts the
	 * outcome. Leaves an empty batch behind.
	 * @param timeoutNanos how long to wait for the export
	 * @return whether the exporter accepted the batch
	 */
	private boolean export(long timeoutNanos) {
		int count = this.batch.size();
		if (count == 0) {
			return true;
		}
		boolean exported = false;
		boolean abandoned = false;
		// A stray interrupt would make the join below return at once; see work().
		Thread.interrupted();
		this.processedSpans.addAndGet(count);
		try {
			CompletableResult result = this.exporter.export(this.batchView);
			result.join(timeoutNanos, TimeUnit.NANOSECONDS);
			if (result.isSuccess()) {
				exported = true;
			}
			else if (!result.isDone()) {
				abandoned = true;
				this.exportLogger.log(Level.WARNING, "Export of " + count + " spans timed out after "
						+ Duration.ofNanos(timeoutNanos) + "; counted as failed", null);
			}
			else {
				// The exporter reports its own failures with the cause; repeating them
				// here is noise.
				this.exportLogger.log(Level.FINE, "Export of " + count + " spans failed", result.getFailure());
			}
		}
		catch (Throwable ex) {
			rethrowIfFatal(ex);
			this.exportLogger.log(Level.WARNING, "Exporter threw while exporting " + count + " spans", ex);
		}
		(exported ? this.exportedSpans : this.failedSpans).addAndGet(count);
		if (abandoned) {
			// The exporter may still be reading the list it was given (it is valid until
			// the result completes), so leave it to the exporter and start a new one.
			this.batch = new ArrayList<>(this.maxExportBatchSize);
			this.batchView = Collections.unmodifiableList(this.batch);
		}
		else {
			this.batch.clear();
		}
		return exported;
	}

	private boolean await(String operation, Supplier<CompletableResult> call, long timeoutNanos) {
		Thread.interrupted();
		try {
			CompletableResult result = call.get();
			result.join(timeoutNanos, TimeUnit.NANOSECONDS);
			if (!result.isDone()) {
				this.exportLogger.log(Level.WARNING,
						"Exporter " + operation + " timed out after " + Duration.ofNanos(timeoutNanos), null);
			}
			else if (!result.isSuccess()) {
				this.exportLogger.log(Level.WARNING, "Exporter " + operation + " failed", result.getFailure());
			}
			return result.isSuccess();
		}
		catch (Throwable ex) {
			rethrowIfFatal(ex);
			this.exportLogger.log(Level.WARNING, "Exporter threw in " + operation, ex);
			return false;
		}
	}

	private void reportDrops() {
		long dropped = this.droppedQueueFull.sum();
		long unreported = dropped - this.reportedDrops;
		if (unreported > 0 && this.dropLogger.log(Level.WARNING,
				"dropped " + unreported + " spans: queue full (max-queue-size=" + this.queue.capacity() + ")", null)) {
			this.reportedDrops = dropped;
		}
	}

	private static void complete(CompletableResult result, boolean success) {
		if (success) {
			result.succeed();
		}
		else {
			result.fail(null);
		}
	}

	private static void rethrowIfFatal(Throwable ex) {
		if (ex instanceof VirtualMachineError error) {
			throw error;
		}
	}

	private static long toNanos(Duration duration) {
		return (duration.compareTo(Duration.ofNanos(MAX_NANOS)) > 0) ? MAX_NANOS : duration.toNanos();
	}

}

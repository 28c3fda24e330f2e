package dev.telemetry.sdk.trace.export;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.StringJoiner;
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
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.internal.ExportThread;
import dev.telemetry.sdk.internal.ThrottledLogger;
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
 * The worker survives what it can: an exporter that throws, even an {@code Error} such as
 * an {@code OutOfMemoryError} while encoding, costs that batch (counted as failed), not
 * the thread. A producer that claimed a queue position but never stored its span (its
 * thread was stopped in between) is waited for with parking, not spinning, for at most
 * {@value #STALLED_PRODUCER_TIMEOUT_SECONDS} second, then skipped and counted as lost.
 * <p>
 * Every sampled span handed to {@link #onEnd} is counted exactly once: when the processor
 * has shut down, {@code dropped} ({@link #getDroppedSpans()}, of which
 * {@link #getDroppedSpansAfterShutdown()} were refused because of the shutdown) plus
 * {@code exported}, {@code failed} and {@code lost} add up to the spans offered.
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

	static final int STALLED_PRODUCER_TIMEOUT_SECONDS = 1;

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

	private final Clock clock;

	private final Worker worker;

	private final Thread workerThread;

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

	private final AtomicLong lostSpans = new AtomicLong();

	private BatchSpanProcessor(SpanExporter exporter, int maxQueueSize, int maxExportBatchSize, Duration scheduleDelay,
			Duration exporterTimeout, Clock clock) {
		this.exporter = exporter;
		this.queue = new BoundedMpscQueue<>(maxQueueSize);
		this.maxExportBatchSize = maxExportBatchSize;
		this.scheduleDelay = scheduleDelay;
		this.exporterTimeout = exporterTimeout;
		this.clock = clock;
		this.worker = new Worker(toNanos(scheduleDelay), toNanos(exporterTimeout));
		// An export thread: it waits for each export anyway, so the exporter may do its
		// exchange on it. It inherits no thread locals, which may be request-scoped
		// state.
		this.workerThread = new ExportThread(this.worker, WORKER_THREAD_NAME);
	}

	static BatchSpanProcessor start(SpanExporter exporter, int maxQueueSize, int maxExportBatchSize,
			Duration scheduleDelay, Duration exporterTimeout, Clock clock) {
		BatchSpanProcessor processor = new BatchSpanProcessor(exporter, maxQueueSize, maxExportBatchSize, scheduleDelay,
				exporterTimeout, clock);
		// Started after construction, so the worker sees every final field.
		processor.workerThread.start();
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
		int outcome = this.queue.tryOffer(span);
		if (outcome != BoundedMpscQueue.ACCEPTED) {
			// CLOSED: the worker closed the queue for its final drain after we looked.
			((outcome == BoundedMpscQueue.CLOSED) ? this.droppedAfterShutdown : this.droppedQueueFull).increment();
			return;
		}
		// The worker sets the flag before its last look at the queue size and we read it
		// after our offer (both volatile), so one of us always sees the other: a full
		// batch is never left waiting for the schedule delay.
		if (this.workerWaiting.get() && this.queue.size() >= this.maxExportBatchSize
				&& this.workerWaiting.compareAndSet(true, false)) {
			LockSupport.unpark(this.workerThread);
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
		LockSupport.unpark(this.workerThread);
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
			LockSupport.unpark(this.workerThread);
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
		// Every accepted offer claims exactly one queue position, so the queue's
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
	 * Returns how many spans have been accepted into the queue but never reached the
	 * worker, because the thread that ended them stopped between claiming a queue
	 * position and storing the span there.
	 * @return the running total
	 * @since 0.1.0
	 */
	public long getLostSpans() {
		return this.lostSpans.get();
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
		return this.workerThread;
	}

	@Override
	public String toString() {
		return "BatchSpanProcessor{exporter=" + this.exporter + ", maxQueueSize=" + this.queue.capacity()
				+ ", maxExportBatchSize=" + this.maxExportBatchSize + ", scheduleDelay=" + this.scheduleDelay
				+ ", exporterTimeout=" + this.exporterTimeout + "}";
	}

	private static void complete(CompletableResult result, boolean success) {
		if (success) {
			result.succeed();
		}
		else {
			result.fail(null);
		}
	}

	private static long toNanos(Duration duration) {
		return (duration.compareTo(Duration.ofNanos(MAX_NANOS)) > 0) ? MAX_NANOS : duration.toNanos();
	}

	/**
	 * The worker thread's loop, and the state only that thread touches.
	 */
	private final class Worker implements Runnable {

		private static final long STALLED_PRODUCER_TIMEOUT_NANOS = TimeUnit.SECONDS
			.toNanos(STALLED_PRODUCER_TIMEOUT_SECONDS);

		private static final long MAX_STALL_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

		// After an unexpected failure, so that one that repeats cannot make a hot loop.
		private static final long FAILURE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

		private static final long NOT_STALLED = Long.MIN_VALUE;

		private final long scheduleDelayNanos;

		private final long exporterTimeoutNanos;

		// Read here rather than when the thread starts, so that a test's clock cannot
		// move in between.
		private final long firstExportAt;

		// Separate loggers so a storm of export failures cannot hide the drop summary.
		private final ThrottledLogger dropLogger;

		private final ThrottledLogger exportLogger;

		// Made once: registered on every result the worker waits for.
		private final Runnable wakeUp = () -> LockSupport.unpark(BatchSpanProcessor.this.workerThread);

		// The batch being built, reused between exports, and the read-only view of it
		// that the exporter sees.
		private ArrayList<SpanData> batch;

		private List<SpanData> batchView;

		// Made once: exports whatever the batch view is at the time of the call.
		private final Supplier<CompletableResult> exportBatch = () -> exporter.export(this.batchView);

		// What the log has already reported.
		private long reportedQueueFull;

		private long reportedAfterShutdown;

		private long reportedLost;

		// When the worker first found the next queue position claimed but not yet
		// published, and how long it parks next while waiting for it.
		private long stalledSince = NOT_STALLED;

		private long stallParkNanos;

		Worker(long scheduleDelayNanos, long exporterTimeoutNanos) {
			this.scheduleDelayNanos = scheduleDelayNanos;
			this.exporterTimeoutNanos = exporterTimeoutNanos;
			this.firstExportAt = BatchSpanProcessor.this.clock.nanoTime() + scheduleDelayNanos;
			this.batch = new ArrayList<>(BatchSpanProcessor.this.maxExportBatchSize);
			this.batchView = Collections.unmodifiableList(this.batch);
			this.dropLogger = new ThrottledLogger(logger, LOG_INTERVAL, BatchSpanProcessor.this.clock);
			this.exportLogger = new ThrottledLogger(logger, LOG_INTERVAL, BatchSpanProcessor.this.clock);
		}

		@Override
		public void run() {
			long nextExportAt = this.firstExportAt;
			while (!shutdownRequested.get()) {
				try {
					nextExportAt = step(nextExportAt);
				}
				catch (Throwable ex) {
					survive(ex);
				}
			}
			try {
				finish();
			}
			catch (Throwable ex) {
				// Still complete what callers may wait on; no span is offered any more.
				queue.close();
				CompletableResult flush = pendingFlush.getAndSet(null);
				if (flush != null) {
					flush.fail(ex);
				}
				shutdownResult.fail(ex);
				logQuietly("Span export thread failed while shutting down", ex);
			}
		}

		/**
		 * Does one round of work: a pending flush, a batch, or a wait.
		 * @param nextExportAt when the current schedule period ends
		 * @return when the next schedule period ends
		 */
		private long step(long nextExportAt) {
			// Nobody has a reason to interrupt this thread. If someone does, the flag
			// would make every park return at once: forget it.
			Thread.interrupted();
			CompletableResult flush = pendingFlush.getAndSet(null);
			if (flush != null) {
				flush(flush);
				return clock.nanoTime() + this.scheduleDelayNanos;
			}
			long now = clock.nanoTime();
			int queued = queue.size();
			boolean due = now - nextExportAt >= 0;
			if (queued >= maxExportBatchSize || (due && queued > 0)) {
				if (drain(maxExportBatchSize) == 0) {
					awaitStalledProducer(now);
					return nextExportAt;
				}
				export(this.exporterTimeoutNanos);
				reportDrops();
				return now + this.scheduleDelayNanos;
			}
			if (due) {
				// Nothing to export this period; start the next one.
				nextExportAt = now + this.scheduleDelayNanos;
			}
			reportDrops();
			workerWaiting.set(true);
			if (queue.size() < maxExportBatchSize && pendingFlush.get() == null && !shutdownRequested.get()) {
				LockSupport.parkNanos(this, nextExportAt - now);
			}
			workerWaiting.set(false);
			return nextExportAt;
		}

		/**
		 * Moves up to {@code limit} published spans into the batch.
		 * @param limit the most spans to take
		 * @return how many were taken; 0 when the queue is empty or its next position is
		 * claimed but not yet published
		 */
		private int drain(int limit) {
			int count = queue.drainTo(this.batch, limit);
			if (count > 0) {
				this.stalledSince = NOT_STALLED;
			}
			return count;
		}

		/**
		 * Waits a little for the producer that claimed the next queue position to publish
		 * its span: parks, for longer each time, rather than spinning. Once it has waited
		 * too long, skips the position and counts the span as lost.
		 * @param now the current {@link Clock#nanoTime()}
		 */
		private void awaitStalledProducer(long now) {
			if (this.stalledSince == NOT_STALLED) {
				// Usually the producer is between two instructions: let it run.
				this.stalledSince = now;
				this.stallParkNanos = TimeUnit.MICROSECONDS.toNanos(10);
				Thread.yield();
				return;
			}
			long waited = now - this.stalledSince;
			if (waited >= STALLED_PRODUCER_TIMEOUT_NANOS) {
				this.stalledSince = NOT_STALLED;
				if (queue.skip()) {
					lostSpans.incrementAndGet();
				}
				return;
			}
			LockSupport.parkNanos(this, Math.min(this.stallParkNanos, STALLED_PRODUCER_TIMEOUT_NANOS - waited));
			this.stallParkNanos = Math.min(this.stallParkNanos * 2, MAX_STALL_PARK_NANOS);
		}

		private void flush(CompletableResult flush) {
			// Read after taking the request: covers all spans queued before forceFlush.
			boolean success = exportUpTo(queue.producerPosition(), false, 0);
			success &= await("flush", exporter::flush, this.exporterTimeoutNanos);
			reportDrops();
			complete(flush, success);
		}

		private void finish() {
			// From here on no offer can claim a position, so the final drain below sees
			// every span ever accepted: none is left behind uncounted.
			long target = queue.close();
			// One budget for the whole shutdown, so a hung exporter cannot stretch it to
			// one timeout per remaining batch.
			long deadline = clock.nanoTime() + this.exporterTimeoutNanos;
			boolean success = exportUpTo(target, true, deadline);
			CompletableResult flush = pendingFlush.getAndSet(null);
			if (flush != null) {
				complete(flush, success);
			}
			success &= await("shutdown", exporter::shutdown, Math.max(0, deadline - clock.nanoTime()));
			reportDrops();
			complete(shutdownResult, success);
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
			long remaining;
			while ((remaining = target - queue.consumerPosition()) > 0) {
				long now = clock.nanoTime();
				if (bounded && now - deadline >= 0) {
					failRemaining(target);
					return false;
				}
				if (drain((int) Math.min(remaining, maxExportBatchSize)) == 0) {
					awaitStalledProducer(now);
					continue;
				}
				long timeout = bounded ? Math.min(this.exporterTimeoutNanos, Math.max(0, deadline - now))
						: this.exporterTimeoutNanos;
				success &= export(timeout);
			}
			return success;
		}

		private void failRemaining(long target) {
			long failed = 0;
			long skipped = 0;
			long remaining;
			while ((remaining = target - queue.consumerPosition()) > 0) {
				int drained = queue.drainTo(this.batch, (int) Math.min(remaining, maxExportBatchSize));
				this.batch.clear();
				failed += drained;
				if (drained == 0 && queue.skip()) {
					// No time left to wait for a stalled producer.
					skipped++;
				}
			}
			failedSpans.addAndGet(failed);
			lostSpans.addAndGet(skipped);
			this.exportLogger.log(Level.WARNING, "Shutdown ran out of time (exporter-timeout=" + exporterTimeout + "); "
					+ failed + " spans counted as failed", null);
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
			BatchSpanProcessor.this.processedSpans.addAndGet(count);
			try {
				CompletableResult result = callAndAwait(this.exportBatch, timeoutNanos);
				if (result.isSuccess()) {
					exported = true;
				}
				else if (!result.isDone()) {
					abandoned = true;
					this.exportLogger.log(Level.WARNING, "Export of " + count + " spans timed out after "
							+ Duration.ofNanos(timeoutNanos) + "; counted as failed", null);
				}
				else {
					// The exporter reports its own failures with the cause; repeating
					// them here is noise.
					this.exportLogger.log(Level.FINE, "Export of " + count + " spans failed", result.getFailure());
				}
			}
			catch (Throwable ex) {
				// Even an Error (an OutOfMemoryError while encoding a huge batch) costs
				// only this batch: the next one may well fit.
				this.exportLogger.log((ex instanceof Error) ? Level.SEVERE : Level.WARNING,
						"Exporter threw while exporting " + count + " spans; counted as failed", ex);
			}
			(exported ? exportedSpans : failedSpans).addAndGet(count);
			if (abandoned) {
				// The exporter may still be reading the list it was given (it is valid
				// until the result completes), so leave it to the exporter and start a
				// new one.
				this.batch = new ArrayList<>(maxExportBatchSize);
				this.batchView = Collections.unmodifiableList(this.batch);
			}
			else {
				this.batch.clear();
			}
			return exported;
		}

		private boolean await(String operation, Supplier<CompletableResult> call, long timeoutNanos) {
			try {
				CompletableResult result = callAndAwait(call, timeoutNanos);
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
				this.exportLogger.log(Level.WARNING, "Exporter threw in " + operation, ex);
				return false;
			}
		}

		/**
		 * Calls the exporter and waits at most {@code timeoutNanos} in all for the
		 * result, counting the time spent in the call: an exporter may do its work in the
		 * call itself, on this thread, within what {@link ExportThread#beginCall} tells
		 * it.
		 */
		private CompletableResult callAndAwait(Supplier<CompletableResult> call, long timeoutNanos) {
			long deadline = clock.nanoTime() + timeoutNanos;
			CompletableResult result;
			ExportThread.beginCall(timeoutNanos);
			try {
				result = call.get();
			}
			finally {
				ExportThread.endCall();
			}
			awaitResult(result, Math.max(0, deadline - clock.nanoTime()));
			return result;
		}

		/**
		 * Waits until the result completes or {@code timeoutNanos} have passed on the
		 * processor's clock.
		 */
		private void awaitResult(CompletableResult result, long timeoutNanos) {
			if (result.isDone()) {
				return;
			}
			result.whenComplete(this.wakeUp);
			long deadline = clock.nanoTime() + timeoutNanos;
			while (!result.isDone()) {
				long left = deadline - clock.nanoTime();
				if (left <= 0) {
					return;
				}
				// A stray interrupt would make the park return at once; see step().
				Thread.interrupted();
				LockSupport.parkNanos(this, left);
			}
		}

		private void survive(Throwable ex) {
			int inBatch = this.batch.size();
			if (inBatch > 0) {
				failedSpans.addAndGet(inBatch);
				this.batch.clear();
			}
			logQuietly("Span export thread hit an unexpected failure; " + inBatch + " spans counted as failed", ex);
			LockSupport.parkNanos(this, FAILURE_PAUSE_NANOS);
		}

		private void logQuietly(String message, Throwable ex) {
			try {
				this.exportLogger.log(Level.SEVERE, message, ex);
			}
			catch (Throwable ignored) {
				// Out of memory even for the message: nothing more to do here.
			}
		}

		private void reportDrops() {
			long full = droppedQueueFull.sum();
			long afterShutdown = droppedAfterShutdown.sum();
			long lost = lostSpans.get();
			long newFull = full - this.reportedQueueFull;
			long newAfterShutdown = afterShutdown - this.reportedAfterShutdown;
			long newLost = lost - this.reportedLost;
			if (newFull <= 0 && newAfterShutdown <= 0 && newLost <= 0) {
				return;
			}
			StringJoiner message = new StringJoiner("; ");
			if (newFull > 0) {
				message.add("dropped " + newFull + " spans: queue full (max-queue-size=" + queue.capacity() + ")");
			}
			if (newAfterShutdown > 0) {
				message.add("dropped " + newAfterShutdown + " spans: ended after shutdown");
			}
			if (newLost > 0) {
				message.add("lost " + newLost + " spans: their threads stopped while queueing them");
			}
			if (this.dropLogger.log(Level.WARNING, message.toString(), null)) {
				this.reportedQueueFull = full;
				this.reportedAfterShutdown = afterShutdown;
				this.reportedLost = lost;
			}
		}

	}

}

package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.internal.KeyedThrottledLogger;
import dev.telemetry.sdk.internal.Redaction;
import dev.telemetry.sdk.internal.ThrottledLogger;
import org.jspecify.annotations.Nullable;

/**
 * The retry state machine every OTLP exporter shares, whatever its signal and transport:
 * sends an encoded request, retries what may pass, and keeps the statistics. The public
 * exporters encode their batches and delegate to it; {@link OtlpSignal} says what the
 * requests carry, {@link ExportFailures} words the log lines and a
 * {@link KeyedThrottledLogger} paces them.
 * <p>
 * Retries never hold a thread: a failed attempt schedules the next one on the exporter's
 * single daemon scheduler and returns, and the export's result completes when the last
 * attempt ends. Every export ends within its budget: an attempt's timeout is cut to the
 * time left, and a retry is only scheduled if, after its wait, some time is still left
 * for it. Between attempts only the encoded request is kept, never the items, so a
 * collector outage holds at most the requests being retried.
 * <p>
 * Logging: the first failure of each kind is logged at once with the endpoint, the status
 * and a hint; later failures at most once per {@link #FAILURE_LOG_INTERVAL}, with a count
 * of those held back; and one line when exports succeed again. Anything the collector
 * says is logged only after the header values have been masked out of it.
 * <p>
 * Thread-safe. No method blocks or throws for export problems.
 */
final class RetryingExporter {

	/**
	 * How long attempts in flight may finish after {@link #shutdown()} before they are
	 * cancelled.
	 */
	static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(1);

	/** The least time between two failure log lines of kinds already logged. */
	static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

	/** The least time that must be left in the budget, after the wait, for a retry. */
	static final Duration MIN_ATTEMPT_TIME = Duration.ofMillis(50);

	/**
	 * The largest part of the budget kept in reserve; see {@link #reserveNanos(long)}.
	 */
	static final Duration MAX_RESERVE = Duration.ofMillis(500);

	private static final long TERMINATION_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	// The failure kind of an export whose budget ran out before an attempt could start.
	static final String BUDGET = "BUDGET";

	private final Logger logger;

	private final OtlpSignal signal;

	private final String endpoint;

	private final OtlpTransport transport;

	private final RetryPolicy retryPolicy;

	private final long timeoutNanos;

	private final Duration retryBudget;

	private final long budgetNanos;

	private final Clock clock;

	private final ScheduledExecutorService scheduler;

	private final DoubleSupplier random;

	private final Redaction secrets;

	private final StatisticsRecorder statistics = new StatisticsRecorder();

	private final ThrottledLogger partialSuccessLogger;

	// Failure kinds logged since the last success; their repeats are throttled.
	private final KeyedThrottledLogger failureLogger;

	// Failed attempts since the last success; a non-zero value turns the next success
	// into a recovery message.
	private final AtomicLong failedAttemptsInARow = new AtomicLong();

	private final Set<PendingExport> pending = ConcurrentHashMap.newKeySet();

	private final AtomicReference<@Nullable CompletableResult> shutdownResult = new AtomicReference<>();

	RetryingExporter(Logger logger, OtlpSignal signal, OtlpTransport transport, ExporterSettings settings,
			ScheduledExecutorService scheduler) {
		this(logger, signal, transport, settings, scheduler, () -> ThreadLocalRandom.current().nextDouble());
	}

	RetryingExporter(Logger logger, OtlpSignal signal, OtlpTransport transport, ExporterSettings settings,
			ScheduledExecutorService scheduler, DoubleSupplier random) {
		this.logger = logger;
		this.signal = signal;
		this.endpoint = settings.endpoint().url();
		this.transport = transport;
		this.retryPolicy = settings.retryPolicy();
		this.timeoutNanos = settings.timeout().toNanos();
		this.retryBudget = settings.retryBudget();
		this.budgetNanos = saturatedNanos(settings.retryBudget());
		this.clock = settings.clock();
		this.scheduler = scheduler;
		this.random = random;
		this.secrets = Redaction.ofHeaderValues(settings.headers().values());
		this.partialSuccessLogger = new ThrottledLogger(logger, FAILURE_LOG_INTERVAL, this.clock);
		this.failureLogger = new KeyedThrottledLogger(logger, FAILURE_LOG_INTERVAL, this.clock);
	}

	/**
	 * Returns the time an export keeps in reserve at the end of its budget, so that a
	 * caller who waits exactly the budget (the batch processor waits its export timeout,
	 * counted from just before the call) still sees the outcome: a twentieth of the
	 * budget, at most {@link #MAX_RESERVE}.
	 * @param budgetNanos the budget
	 * @return the reserve
	 */
	static long reserveNanos(long budgetNanos) {
		return Math.min(budgetNanos / 20, MAX_RESERVE.toNanos());
	}

	/**
	 * Sends one request, retrying as the policy and the budget allow.
	 * @param count how many items the request carries; an empty batch succeeds without a
	 * call
	 * @param request encodes the request into the bytes every attempt sends; called once,
	 * on this thread, unless the exporter is shut down; may throw, which fails the export
	 * without retries. Released once the collector has accepted it.
	 * @return completes when the export has ended; never {@code null}, never thrown
	 */
	CompletableResult export(int count, Supplier<EncodedRequest> request) {
		if (count == 0) {
			return CompletableResult.ofSuccess();
		}
		long start = this.clock.nanoTime();
		this.statistics.exportStarted(count);
		if (isShutdown()) {
			this.statistics.exportFailed(count, 0, AttemptOutcome.SHUTDOWN);
			this.logger.log(Level.FINE, () -> ExportFailures.droppedWhileShutDown(this.signal, count, this.endpoint));
			return new CompletableResult().fail(new IllegalStateException("exporter is shut down"));
		}
		EncodedRequest encoded;
		OtlpTransport.Call call;
		try {
			encoded = request.get();
			call = this.transport.newCall(encoded);
		}
		catch (RuntimeException ex) {
			this.statistics.attemptFailed(ExportFailures.ENCODING,
					"the " + this.signal.items() + " could not be encoded: " + ex.getClass().getSimpleName(),
					this.clock.now());
			this.statistics.exportFailed(count, this.clock.nanoTime() - start, ExportFailures.ENCODING);
			this.failedAttemptsInARow.incrementAndGet();
			logFailure(ExportFailures.ENCODING, ExportFailures.encodingFailed(this.signal, count, this.endpoint), ex);
			return new CompletableResult().fail(ex);
		}
		long deadline = start + Math.max(0, this.budgetNanos - reserveNanos(this.budgetNanos));
		PendingExport export = new PendingExport(count, encoded, call, start, deadline);
		this.pending.add(export);
		export.attempt();
		return export.result;
	}

	/**
	 * Stops accepting exports, ends those waiting for a retry, gives attempts in flight
	 * {@link #SHUTDOWN_GRACE} and then cancels them, and finally stops the scheduler.
	 * Idempotent; never blocks.
	 * @return completes when the transport has terminated; fails if it did not in time
	 */
	CompletableResult shutdown() {
		CompletableResult result = new CompletableResult();
		if (!this.shutdownResult.compareAndSet(null, result)) {
			CompletableResult first = this.shutdownResult.get();
			return (first != null) ? first : result;
		}
		for (PendingExport export : this.pending) {
			export.cancelRetry();
		}
		this.transport.shutdown();
		try {
			// Real time, not the configurable clock: the grace is
			// about real connections.
			long graceEnds = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
			this.scheduler.execute(() -> awaitTermination(result, graceEnds, false));
		}
		catch (RejectedExecutionException ex) {
			this.transport.shutdownNow();
			finishShutdown(result, this.transport.isTerminated());
		}
		return result;
	}

	ExporterStatistics statistics() {
		return this.statistics.snapshot();
	}

	void setExportListener(@Nullable ExportListener listener) {
		this.statistics.setListener(listener);
	}

	RetryPolicy retryPolicy() {
		return this.retryPolicy;
	}

	Duration retryBudget() {
		return this.retryBudget;
	}

	boolean isShutdown() {
		return this.shutdownResult.get() != null;
	}

	/**
	 * Checks every few milliseconds, on the scheduler, whether the transport has
	 * terminated: until the grace period ends, then once more for as long after
	 * cancelling what is left.
	 * @param result completes when done
	 * @param deadline when the current phase ends
	 * @param cancelled whether the calls left have been cancelled
	 */
	private void awaitTermination(CompletableResult result, long deadline, boolean cancelled) {
		if (this.transport.isTerminated()) {
			finishShutdown(result, true);
			return;
		}
		long now = System.nanoTime();
		if (now - deadline >= 0) {
			if (cancelled) {
				finishShutdown(result, false);
				return;
			}
			this.transport.shutdownNow();
			awaitTermination(result, now + SHUTDOWN_GRACE.toNanos(), true);
			return;
		}
		try {
			this.scheduler.schedule(() -> awaitTermination(result, deadline, cancelled), TERMINATION_POLL_NANOS,
					TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			finishShutdown(result, this.transport.isTerminated());
		}
	}

	private void finishShutdown(CompletableResult result, boolean terminated) {
		// Anything still pending now would never end: its retry will not run, or its
		// call was cancelled without the transport reporting it (yet: the report may
		// still come, and whichever ends the export first logs the drop).
		for (PendingExport export : this.pending) {
			export.dropAtShutdown();
		}
		if (terminated) {
			result.succeed();
		}
		else {
			result.fail(new IllegalStateException("Connections to " + this.endpoint + " did not close in time"));
		}
		this.scheduler.shutdown();
	}

	private void logFailure(String kind, String message, @Nullable Throwable thrown) {
		this.failureLogger.log(kind, Level.WARNING, message, thrown);
	}

	private void recovered() {
		long failedBefore = this.failedAttemptsInARow.getAndSet(0);
		if (failedBefore > 0) {
			this.logger.info(() -> ExportFailures.recovered(this.signal, this.endpoint, failedBefore));
			// A new run of failures deserves an immediate warning of its own.
			this.failureLogger.reset();
		}
	}

	private static long saturatedNanos(Duration duration) {
		return (duration.getSeconds() >= Long.MAX_VALUE / 4_000_000_000L) ? Long.MAX_VALUE / 4 : duration.toNanos();
	}

	/**
	 * One export from its first attempt to its outcome. Attempts never overlap: the next
	 * one starts from the previous one's callback, directly or through the scheduler, so
	 * the fields written by one attempt are visible to the next.
	 */
	private final class PendingExport implements Runnable {

		private final int count;

		private final EncodedRequest request;

		private final OtlpTransport.Call call;

		private final long startNanos;

		private final long deadlineNanos;

		private final CompletableResult result = new CompletableResult();

		private final AtomicBoolean ended = new AtomicBoolean();

		private volatile int attempts;

		private volatile @Nullable ScheduledFuture<?> retry;

		// The kind of the latest failed attempt, for the statistics of a failed export.
		private volatile @Nullable String lastKind;

		PendingExport(int count, EncodedRequest request, OtlpTransport.Call call, long startNanos, long deadlineNanos) {
			this.count = count;
			this.request = request;
			this.call = call;
			this.startNanos = startNanos;
			this.deadlineNanos = deadlineNanos;
		}

		@Override
		public void run() {
			this.retry = null;
			attempt();
		}

		void attempt() {
			if (isShutdown()) {
				fail(new IllegalStateException("exporter is shut down"));
				return;
			}
			long remaining = this.deadlineNanos - RetryingExporter.this.clock.nanoTime();
			if (remaining <= 0) {
				fail(new IllegalStateException("export budget of " + RetryingExporter.this.retryBudget + " used up"));
				return;
			}
			this.attempts++;
			try {
				this.call.send(Math.min(RetryingExporter.this.timeoutNanos, remaining), this::onOutcome);
			}
			catch (RuntimeException ex) {
				// Transports report problems through the callback; this only guards
				// against the unexpected, since export must never throw.
				onOutcome(AttemptOutcome.failed("UNKNOWN", ExportFailures.describe(ex), false, -1,
						"the transport failed unexpectedly", ex));
			}
		}

		void cancelRetry() {
			ScheduledFuture<?> scheduled = this.retry;
			if (scheduled != null && scheduled.cancel(false)) {
				RetryingExporter exporter = RetryingExporter.this;
				exporter.logger.log(Level.FINE,
						() -> ExportFailures.droppedWaitingForRetry(exporter.signal, this.count, exporter.endpoint));
				fail(new IllegalStateException("exporter is shut down"));
			}
		}

		private void onOutcome(AttemptOutcome outcome) {
			if (this.ended.get()) {
				return;
			}
			if (outcome.accepted()) {
				succeed(outcome);
			}
			else {
				failedAttempt(outcome);
			}
		}

		private void succeed(AttemptOutcome outcome) {
			RetryingExporter exporter = RetryingExporter.this;
			long rejected = Math.min(Math.max(outcome.rejectedItems(), 0), this.count);
			if (rejected > 0 || !outcome.serverMessage().isEmpty()) {
				exporter.partialSuccessLogger.log(Level.WARNING, ExportFailures.partialSuccess(exporter.signal,
						exporter.endpoint, rejected, this.count, exporter.secrets.mask(outcome.serverMessage())), null);
			}
			recovered();
			if (this.ended.compareAndSet(false, true)) {
				exporter.statistics.exportSucceeded(this.count, rejected, exporter.clock.now(),
						exporter.clock.nanoTime() - this.startNanos);
				exporter.pending.remove(this);
				// Accepted at the first attempt: the transport has sent every byte and
				// nothing else holds the buffer. After a failed or timed-out attempt a
				// transport may still hold it, so it is left to the garbage collector.
				if (this.attempts == 1) {
					this.request.release();
				}
				this.result.succeed();
			}
		}

		private void failedAttempt(AttemptOutcome outcome) {
			RetryingExporter exporter = RetryingExporter.this;
			OtlpSignal signal = exporter.signal;
			boolean shuttingDown = isShutdown();
			String kind = shuttingDown ? AttemptOutcome.SHUTDOWN : outcome.kind();
			exporter.failedAttemptsInARow.incrementAndGet();
			String status = exporter.secrets.mask(outcome.serverMessage());
			String hint = shuttingDown ? ExportFailures.SHUTDOWN_HINT : outcome.hint();
			this.lastKind = kind;
			exporter.statistics.attemptFailed(kind, status + "; " + hint, exporter.clock.now());
			boolean serverAsked = outcome.serverDelayNanos() >= 0;
			int maxAttempts = exporter.retryPolicy.getMaxAttempts();
			long delay = -1;
			String next;
			if (shuttingDown || AttemptOutcome.SHUTDOWN.equals(outcome.kind())) {
				next = ExportFailures.dropped(signal);
			}
			else if (!outcome.retryable()) {
				next = ExportFailures.notRetried(signal);
			}
			else if (!exporter.retryPolicy.isEnabled()) {
				next = ExportFailures.retriesDisabled(signal);
			}
			else if (this.attempts >= maxAttempts) {
				next = ExportFailures.droppedAfter(signal, this.attempts);
			}
			else {
				long wait = serverAsked ? outcome.serverDelayNanos()
						: exporter.retryPolicy.backoffNanos(this.attempts, exporter.random.getAsDouble());
				long timeLeftAfterWait = this.deadlineNanos - exporter.clock.nanoTime() - wait;
				if (timeLeftAfterWait < Math.min(exporter.timeoutNanos, MIN_ATTEMPT_TIME.toNanos())) {
					next = ExportFailures.noTimeForRetry(signal, this.attempts, wait, serverAsked,
							exporter.retryBudget);
				}
				else {
					next = ExportFailures.retrying(wait, serverAsked, this.attempts, maxAttempts);
					delay = wait;
				}
			}
			String message = ExportFailures.exportFailed(signal, this.count, exporter.endpoint, status, hint, next);
			if (delay < 0) {
				fail((outcome.cause() != null) ? outcome.cause() : new IllegalStateException(status), kind, message);
				return;
			}
			logFailure(kind, message, null);
			exporter.statistics.retried();
			try {
				this.retry = exporter.scheduler.schedule(this, delay, TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				fail(new IllegalStateException("exporter is shut down"));
			}
			if (isShutdown()) {
				// Shutdown may have looked for waiting exports before this one was
				// scheduled; a cancelled retry ends here instead of in the scheduler.
				cancelRetry();
			}
		}

		void dropAtShutdown() {
			RetryingExporter exporter = RetryingExporter.this;
			fail(new IllegalStateException("exporter is shut down"), AttemptOutcome.SHUTDOWN,
					ExportFailures.exportFailed(exporter.signal, this.count, exporter.endpoint, null,
							ExportFailures.SHUTDOWN_HINT, ExportFailures.dropped(exporter.signal)));
		}

		private void fail(Throwable cause) {
			fail(cause, null, null);
		}

		private String failedKind(Throwable cause) {
			if (isShutdown()) {
				return AttemptOutcome.SHUTDOWN;
			}
			String last = this.lastKind;
			return (last != null) ? last : BUDGET;
		}

		// Only the first way an export ends counts, and only it logs the drop.
		private void fail(Throwable cause, @Nullable String kind, @Nullable String message) {
			if (this.ended.compareAndSet(false, true)) {
				if (kind != null && message != null) {
					logFailure(kind, message, null);
				}
				Clock clock = RetryingExporter.this.clock;
				String failedKind = (kind != null) ? kind : failedKind(cause);
				RetryingExporter.this.statistics.exportFailed(this.count, clock.nanoTime() - this.startNanos,
						failedKind);
				RetryingExporter.this.pending.remove(this);
				this.result.fail(cause);
			}
		}

	}

}

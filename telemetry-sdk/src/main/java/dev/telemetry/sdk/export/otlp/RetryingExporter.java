package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.internal.ThrottledLogger;
import dev.telemetry.sdk.trace.span.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * What every OTLP exporter does around its transport: encodes each batch once, sends it,
 * retries what may pass, keeps the statistics and writes the log. The public exporters
 * delegate to it.
 * <p>
 * Retries never hold a thread: a failed attempt schedules the next one on the exporter's
 * single daemon scheduler and returns, and the export's result completes when the last
 * attempt ends. Every export ends within its budget: an attempt's timeout is cut to the
 * time left, and a retry is only scheduled if, after its wait, some time is still left
 * for it. Between attempts only the encoded request is kept, never the span objects, so a
 * collector outage holds at most the batches being retried.
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

	private static final String MASK = "****";

	// The failure kind of an export whose budget ran out before an attempt could start.
	static final String BUDGET = "BUDGET";

	// A secret shorter than this is more likely a flag than a credential; masking it
	// would garble messages without protecting anything.
	private static final int MIN_SECRET_LENGTH = 4;

	// Writes straight to a reused buffer: no message tree, next to no garbage per span.
	private final TraceRequestEncoder encoder = new TraceRequestEncoder();

	private final Logger logger;

	private final String endpoint;

	private final OtlpTransport transport;

	private final RetryPolicy retryPolicy;

	private final long timeoutNanos;

	private final Duration timeout;

	private final Duration retryBudget;

	private final long budgetNanos;

	private final Clock clock;

	private final ScheduledExecutorService scheduler;

	private final DoubleSupplier random;

	private final String[] secrets;

	private final StatisticsRecorder statistics = new StatisticsRecorder();

	private final ThrottledLogger partialSuccessLogger;

	private final long failureLogIntervalNanos = FAILURE_LOG_INTERVAL.toNanos();

	// Kinds logged since the last success; their repeats are throttled.
	private final Set<String> kindsLogged = ConcurrentHashMap.newKeySet();

	private final AtomicLong nextFailureLogAt;

	private final AtomicLong suppressedFailureLogs = new AtomicLong();

	// Failed attempts since the last success; a non-zero value turns the next success
	// into a recovery message.
	private final AtomicLong failedAttemptsInARow = new AtomicLong();

	private final Set<PendingExport> pending = ConcurrentHashMap.newKeySet();

	private final AtomicReference<@Nullable CompletableResult> shutdownResult = new AtomicReference<>();

	RetryingExporter(Logger logger, String endpoint, OtlpTransport transport, ExporterSettings settings,
			ScheduledExecutorService scheduler) {
		this(logger, endpoint, transport, settings, scheduler, () -> ThreadLocalRandom.current().nextDouble());
	}

	RetryingExporter(Logger logger, String endpoint, OtlpTransport transport, ExporterSettings settings,
			ScheduledExecutorService scheduler, DoubleSupplier random) {
		this.logger = logger;
		this.endpoint = endpoint;
		this.transport = transport;
		this.retryPolicy = settings.retryPolicy();
		this.timeout = settings.timeout();
		this.timeoutNanos = settings.timeout().toNanos();
		this.retryBudget = settings.retryBudget();
		this.budgetNanos = saturatedNanos(settings.retryBudget());
		this.clock = settings.clock();
		this.scheduler = scheduler;
		this.random = random;
		this.secrets = secrets(settings.headers());
		this.partialSuccessLogger = new ThrottledLogger(logger, FAILURE_LOG_INTERVAL, this.clock);
		this.nextFailureLogAt = new AtomicLong(this.clock.nanoTime());
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

	CompletableResult export(Collection<SpanData> spans) {
		int count = spans.size();
		if (count == 0) {
			return CompletableResult.ofSuccess();
		}
		long start = this.clock.nanoTime();
		this.statistics.exportStarted(count);
		if (isShutdown()) {
			this.statistics.exportFailed(count, 0, AttemptOutcome.SHUTDOWN);
			this.logger.log(Level.FINE,
					() -> "Dropped " + count + " spans: the exporter to " + this.endpoint + " is shut down");
			return new CompletableResult().fail(new IllegalStateException("exporter is shut down"));
		}
		OtlpTransport.Call call;
		try {
			call = this.transport.newCall(encode(spans));
		}
		catch (RuntimeException ex) {
			this.statistics.attemptFailed(ExportFailures.ENCODING,
					"the spans could not be encoded: " + ex.getClass().getSimpleName(), this.clock.now());
			this.statistics.exportFailed(count, this.clock.nanoTime() - start, ExportFailures.ENCODING);
			this.failedAttemptsInARow.incrementAndGet();
			logFailure(ExportFailures.ENCODING,
					"Failed to encode " + count + " spans for " + this.endpoint + "; the batch was dropped", ex);
			return new CompletableResult().fail(ex);
		}
		long deadline = start + Math.max(0, this.budgetNanos - reserveNanos(this.budgetNanos));
		PendingExport export = new PendingExport(count, call, start, deadline);
		this.pending.add(export);
		export.attempt();
		return export.result;
	}

	/**
	 * Encodes a batch into the bytes of one request, which retries send again; bytes
	 * rather than a message tree keep what a waiting retry holds small.
	 * @param spans the spans
	 * @return the serialized request
	 */
	private byte[] encode(Collection<SpanData> spans) {
		// The exporter contract is one export at a time (the batch worker); the lock only
		// guards the reused encoder against a caller that breaks it, and is uncontended.
		synchronized (this.encoder) {
			return this.encoder.toByteArray(spans);
		}
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
	 * Masks the configured header values (and their credential part after a scheme such
	 * as {@code Bearer}) in text that came from the collector.
	 * @param text the text
	 * @return the text with every secret replaced by {@value #MASK}
	 */
	String redact(String text) {
		String redacted = text;
		for (String secret : this.secrets) {
			if (redacted.contains(secret)) {
				redacted = redacted.replace(secret, MASK);
			}
		}
		return redacted;
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
		if (!this.logger.isLoggable(Level.WARNING)) {
			return;
		}
		long now = this.clock.nanoTime();
		boolean firstOfKind = this.kindsLogged.add(kind);
		if (firstOfKind) {
			this.nextFailureLogAt.set(now + this.failureLogIntervalNanos);
		}
		else {
			long allowed = this.nextFailureLogAt.get();
			if (now - allowed < 0
					|| !this.nextFailureLogAt.compareAndSet(allowed, now + this.failureLogIntervalNanos)) {
				this.suppressedFailureLogs.incrementAndGet();
				return;
			}
		}
		long held = this.suppressedFailureLogs.getAndSet(0);
		this.logger.log(Level.WARNING, (held > 0) ? message + " (" + held + " similar messages suppressed)" : message,
				thrown);
	}

	private void recovered() {
		long failedBefore = this.failedAttemptsInARow.getAndSet(0);
		if (failedBefore > 0) {
			this.logger.info(() -> "Exporting spans to " + this.endpoint + " works again after " + failedBefore
					+ " failed " + ((failedBefore == 1) ? "attempt" : "attempts"));
			// A new run of failures deserves an immediate warning of its own.
			this.kindsLogged.clear();
			this.suppressedFailureLogs.set(0);
			this.nextFailureLogAt.set(this.clock.nanoTime());
		}
	}

	private static String[] secrets(Map<String, String> headers) {
		List<String> secrets = new ArrayList<>();
		for (String value : headers.values()) {
			String trimmed = value.trim();
			if (trimmed.length() >= MIN_SECRET_LENGTH) {
				secrets.add(trimmed);
			}
			int space = trimmed.lastIndexOf(' ');
			if (space >= 0 && trimmed.length() - space - 1 >= MIN_SECRET_LENGTH) {
				secrets.add(trimmed.substring(space + 1));
			}
		}
		// Longest first, so a value is masked whole before its credential part is.
		secrets.sort((a, b) -> Integer.compare(b.length(), a.length()));
		return secrets.toArray(new String[0]);
	}

	/**
	 * Ends the sentence so far, unless a hint already did with a question mark.
	 * @param message the message
	 * @return the message, ready for the next sentence
	 */
	private static StringBuilder endSentence(StringBuilder message) {
		char last = message.charAt(message.length() - 1);
		return (last == '?' || last == '.') ? message.append(' ') : message.append(". ");
	}

	static String spans(int count) {
		return count + ((count == 1) ? " span" : " spans");
	}

	static String format(long nanos) {
		long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
		long fraction = millis % 1000;
		return (millis / 1000) + "." + ((fraction < 10) ? "00" : (fraction < 100) ? "0" : "") + fraction + "s";
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

		private final OtlpTransport.Call call;

		private final long startNanos;

		private final long deadlineNanos;

		private final CompletableResult result = new CompletableResult();

		private final AtomicBoolean ended = new AtomicBoolean();

		private volatile int attempts;

		private volatile @Nullable ScheduledFuture<?> retry;

		// The kind of the latest failed attempt, for the statistics of a failed export.
		private volatile @Nullable String lastKind;

		PendingExport(int count, OtlpTransport.Call call, long startNanos, long deadlineNanos) {
			this.count = count;
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
				RetryingExporter.this.logger.log(Level.FINE,
						() -> "Dropped " + spans(this.count) + " waiting for a retry: the exporter to "
								+ RetryingExporter.this.endpoint + " is shutting down");
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
			long rejected = Math.min(Math.max(outcome.rejectedSpans(), 0), this.count);
			if (rejected > 0 || !outcome.serverMessage().isEmpty()) {
				RetryingExporter.this.partialSuccessLogger.log(Level.WARNING,
						"The collector at " + RetryingExporter.this.endpoint + " rejected " + rejected + " of "
								+ spans(this.count) + ": " + redact(outcome.serverMessage()),
						null);
			}
			recovered();
			if (this.ended.compareAndSet(false, true)) {
				Clock clock = RetryingExporter.this.clock;
				RetryingExporter.this.statistics.exportSucceeded(this.count, rejected, clock.now(),
						clock.nanoTime() - this.startNanos);
				RetryingExporter.this.pending.remove(this);
				this.result.succeed();
			}
		}

		private void failedAttempt(AttemptOutcome outcome) {
			RetryingExporter exporter = RetryingExporter.this;
			boolean shuttingDown = isShutdown();
			String kind = shuttingDown ? AttemptOutcome.SHUTDOWN : outcome.kind();
			exporter.failedAttemptsInARow.incrementAndGet();
			this.lastKind = kind;
			exporter.statistics.attemptFailed(kind, redact(outcome.serverMessage()) + "; "
					+ (shuttingDown ? ExportFailures.SHUTDOWN_HINT : outcome.hint()), exporter.clock.now());
			StringBuilder message = new StringBuilder(200).append("Failed to export ")
				.append(spans(this.count))
				.append(" to ")
				.append(exporter.endpoint)
				.append(": ")
				.append(redact(outcome.serverMessage()))
				.append("; ")
				.append(shuttingDown ? ExportFailures.SHUTDOWN_HINT : outcome.hint());
			int maxAttempts = exporter.retryPolicy.getMaxAttempts();
			long delay = -1;
			if (shuttingDown || AttemptOutcome.SHUTDOWN.equals(outcome.kind())) {
				endSentence(message).append("The spans are dropped");
			}
			else if (!outcome.retryable()) {
				endSentence(message).append("The spans are dropped; this error is not retried");
			}
			else if (!exporter.retryPolicy.isEnabled()) {
				endSentence(message).append("The spans are dropped; retries are disabled");
			}
			else if (this.attempts >= maxAttempts) {
				endSentence(message).append("The spans are dropped after ").append(this.attempts).append(" attempts");
			}
			else {
				delay = (outcome.serverDelayNanos() >= 0) ? outcome.serverDelayNanos()
						: exporter.retryPolicy.backoffNanos(this.attempts, exporter.random.getAsDouble());
				long timeLeftAfterWait = this.deadlineNanos - exporter.clock.nanoTime() - delay;
				if (timeLeftAfterWait < Math.min(exporter.timeoutNanos, MIN_ATTEMPT_TIME.toNanos())) {
					endSentence(message).append("The spans are dropped after ")
						.append(this.attempts)
						.append((this.attempts == 1) ? " attempt" : " attempts")
						.append(": waiting ")
						.append(format(delay))
						.append((outcome.serverDelayNanos() >= 0) ? ", as the collector asked," : "")
						.append(" for another would leave no time for it within the export budget of ")
						.append(exporter.retryBudget);
					delay = -1;
				}
				else {
					endSentence(message).append("Retrying in ")
						.append(format(delay))
						.append((outcome.serverDelayNanos() >= 0) ? " as the collector asked" : "")
						.append(" (attempt ")
						.append(this.attempts)
						.append(" of ")
						.append(maxAttempts)
						.append(')');
				}
			}
			if (delay < 0) {
				fail((outcome.cause() != null) ? outcome.cause()
						: new IllegalStateException(redact(outcome.serverMessage())), kind, message.toString());
				return;
			}
			logFailure(kind, message.toString(), null);
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
			StringBuilder message = new StringBuilder(160).append("Failed to export ")
				.append(spans(this.count))
				.append(" to ")
				.append(RetryingExporter.this.endpoint)
				.append(": ")
				.append(ExportFailures.SHUTDOWN_HINT);
			fail(new IllegalStateException("exporter is shut down"), AttemptOutcome.SHUTDOWN,
					endSentence(message).append("The spans are dropped").toString());
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

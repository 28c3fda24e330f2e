package dev.telemetry.sdk.common;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of an asynchronous operation (export, flush, shutdown) that ends in success
 * or failure. Failures are values, not exceptions, so results can cross threads safely.
 * <p>
 * Thread-safe. Only {@link #join(long, TimeUnit)} blocks, and only for as long as it is
 * told.
 *
 * @since 0.1.0
 */
public final class CompletableResult {

	private static final Logger logger = Logger.getLogger(CompletableResult.class.getName());

	private static final CompletableResult SUCCESS = new CompletableResult();

	private static final CompletableResult FAILURE = new CompletableResult();

	static {
		SUCCESS.succeed();
		FAILURE.fail(null);
	}

	private final CountDownLatch done = new CountDownLatch(1);

	private final Object lock = new Object();

	// guarded by lock
	private @Nullable List<Runnable> callbacks;

	private volatile boolean completed;

	private volatile boolean success;

	private volatile @Nullable Throwable failure;

	/**
	 * Returns a completed, successful result.
	 * @return a shared instance
	 */
	public static CompletableResult ofSuccess() {
		return SUCCESS;
	}

	/**
	 * Returns a completed, failed result.
	 * @return a shared instance
	 */
	public static CompletableResult ofFailure() {
		return FAILURE;
	}

	/**
	 * Returns a result that succeeds when all of the given results have succeeded, and
	 * fails as soon as all have completed with at least one failure.
	 * @param results the results to wait for
	 * @return the combined result
	 */
	public static CompletableResult ofAll(Collection<CompletableResult> results) {
		if (results.isEmpty()) {
			return SUCCESS;
		}
		CompletableResult all = new CompletableResult();
		AtomicInteger pending = new AtomicInteger(results.size());
		AtomicReference<@Nullable CompletableResult> firstFailed = new AtomicReference<>();
		for (CompletableResult result : results) {
			result.whenComplete(() -> {
				if (!result.isSuccess()) {
					firstFailed.compareAndSet(null, result);
				}
				if (pending.decrementAndGet() == 0) {
					CompletableResult failed = firstFailed.get();
					if (failed == null) {
						all.succeed();
					}
					else {
						all.fail(failed.getFailure());
					}
				}
			});
		}
		return all;
	}

	/**
	 * Completes this result successfully; later completions are ignored.
	 * @return this result
	 */
	public CompletableResult succeed() {
		complete(true, null);
		return this;
	}

	/**
	 * Completes this result as failed; later completions are ignored.
	 * @param cause what went wrong, or {@code null}
	 * @return this result
	 */
	public CompletableResult fail(@Nullable Throwable cause) {
		complete(false, cause);
		return this;
	}

	private void complete(boolean success, @Nullable Throwable cause) {
		List<Runnable> toRun;
		synchronized (this.lock) {
			if (this.completed) {
				return;
			}
			this.success = success;
			this.failure = cause;
			this.completed = true;
			toRun = this.callbacks;
			this.callbacks = null;
		}
		this.done.countDown();
		if (toRun != null) {
			for (Runnable callback : toRun) {
				runSafely(callback);
			}
		}
	}

	/**
	 * Runs the callback once this result completes (immediately, on this thread, if it
	 * already has).
	 * @param callback what to run
	 * @return this result
	 */
	public CompletableResult whenComplete(Runnable callback) {
		synchronized (this.lock) {
			if (!this.completed) {
				if (this.callbacks == null) {
					this.callbacks = new ArrayList<>(2);
				}
				this.callbacks.add(callback);
				return this;
			}
		}
		runSafely(callback);
		return this;
	}

	// One failing callback must neither skip the others nor escape into the
	// completing thread (an exporter's I/O thread or the batch worker).
	private static void runSafely(Runnable callback) {
		try {
			callback.run();
		}
		catch (VirtualMachineError error) {
			throw error;
		}
		catch (Throwable ex) {
			logger.log(Level.FINE, "Completion callback failed", ex);
		}
	}

	/**
	 * Waits at most the given time for completion.
	 * @param timeout how long to wait
	 * @param unit the unit of {@code timeout}
	 * @return this result, which may still be incomplete
	 */
	public CompletableResult join(long timeout, TimeUnit unit) {
		try {
			this.done.await(timeout, unit);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this;
	}

	/**
	 * Returns whether the result has completed.
	 * @return whether done
	 */
	public boolean isDone() {
		return this.completed;
	}

	/**
	 * Returns whether the result has completed successfully.
	 * @return whether successful
	 */
	public boolean isSuccess() {
		return this.completed && this.success;
	}

	/**
	 * Returns the cause of a failure, when one was given.
	 * @return the cause, or {@code null}
	 */
	public @Nullable Throwable getFailure() {
		return this.failure;
	}

}

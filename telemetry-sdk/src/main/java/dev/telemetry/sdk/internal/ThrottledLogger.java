package dev.telemetry.sdk.internal;

import dev.telemetry.sdk.common.Clock;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jspecify.annotations.Nullable;

/**
 * A {@code java.util.logging} logger that lets a repeated message through at most once
 * per interval and reports how many it held back, so a failure that repeats on every
 * export shows up as one line a minute rather than a log storm.
 * <p>
 * Thread-safe and lock-free; suppressed calls cost one atomic read.
 *
 * @since 0.1.0
 */
public final class ThrottledLogger {

	private final Logger logger;

	private final long intervalNanos;

	private final Clock clock;

	private final AtomicLong nextAllowed;

	private final AtomicLong suppressed = new AtomicLong();

	/**
	 * Creates a throttled logger.
	 * @param logger where lines go
	 * @param interval the least time between two lines
	 * @param clock the clock that measures the interval
	 */
	public ThrottledLogger(Logger logger, Duration interval, Clock clock) {
		this.logger = logger;
		this.intervalNanos = interval.toNanos();
		this.clock = clock;
		this.nextAllowed = new AtomicLong(clock.nanoTime());
	}

	/**
	 * Logs the message unless another was logged less than an interval ago.
	 * @param level the level
	 * @param message the message; must not contain secrets
	 * @param thrown an optional cause
	 * @return whether the line was logged
	 */
	public boolean log(Level level, String message, @Nullable Throwable thrown) {
		if (!this.logger.isLoggable(level)) {
			return false;
		}
		long now = this.clock.nanoTime();
		long allowed = this.nextAllowed.get();
		if (now - allowed < 0 || !this.nextAllowed.compareAndSet(allowed, now + this.intervalNanos)) {
			this.suppressed.incrementAndGet();
			return false;
		}
		write(level, message, thrown);
		return true;
	}

	/**
	 * Logs the message now, whatever was logged before, and starts a new interval: the
	 * first line about something new should not wait behind another's.
	 * @param level the level
	 * @param message the message; must not contain secrets
	 * @param thrown an optional cause
	 * @return whether the line was logged, which only the level decides
	 */
	public boolean logNow(Level level, String message, @Nullable Throwable thrown) {
		if (!this.logger.isLoggable(level)) {
			return false;
		}
		this.nextAllowed.set(this.clock.nanoTime() + this.intervalNanos);
		write(level, message, thrown);
		return true;
	}

	/**
	 * Returns whether a message at this level would be written at all.
	 * @param level the level
	 * @return whether the logger takes the level
	 */
	public boolean isLoggable(Level level) {
		return this.logger.isLoggable(level);
	}

	/**
	 * Lets the next message through at once, for example after a recovery.
	 */
	public void reset() {
		this.nextAllowed.set(this.clock.nanoTime());
		this.suppressed.set(0);
	}

	private void write(Level level, String message, @Nullable Throwable thrown) {
		long held = this.suppressed.getAndSet(0);
		String line = (held > 0) ? message + " (" + held + " similar messages suppressed)" : message;
		this.logger.log(level, line, thrown);
	}

}

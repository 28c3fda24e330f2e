package dev.telemetry.sdk.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.Clock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ThrottledLogger} that lets the first message of each key through at once and
 * throttles only repeats: a new kind of failure is news, the hundredth timeout is not.
 * Keys are forgotten on {@link #reset()}, so a new run of failures after a recovery is
 * reported at once again.
 * <p>
 * Keys should be few and stable (failure kinds, status codes), not per-call values.
 * Thread-safe and lock-free apart from the key set.
 *
 * @since 0.1.0
 */
public final class KeyedThrottledLogger {

	private final ThrottledLogger throttled;

	private final Set<String> keysLogged = ConcurrentHashMap.newKeySet();

	/**
	 * Creates a keyed throttled logger.
	 * @param logger where lines go
	 * @param interval the least time between two lines of keys already logged
	 * @param clock the clock that measures the interval
	 */
	public KeyedThrottledLogger(Logger logger, Duration interval, Clock clock) {
		this.throttled = new ThrottledLogger(logger, interval, clock);
	}

	/**
	 * Logs the message at once if its key has not been logged since the last
	 * {@link #reset()}, else at most once per interval, with a count of those held back.
	 * @param key what kind of message this is
	 * @param level the level
	 * @param message the message; must not contain secrets
	 * @param thrown an optional cause
	 * @return whether the line was logged
	 */
	public boolean log(String key, Level level, String message, @Nullable Throwable thrown) {
		if (!this.throttled.isLoggable(level)) {
			return false;
		}
		return this.keysLogged.add(key) ? this.throttled.logNow(level, message, thrown)
				: this.throttled.log(level, message, thrown);
	}

	/**
	 * Forgets the keys logged so far and lets the next message through at once.
	 */
	public void reset() {
		this.keysLogged.clear();
		this.throttled.reset();
	}

}

package dev.telemetry.sdk.common;

/**
 * A source of time: wall-clock timestamps for span start and end, and a monotonic reading
 * for measuring intervals. Tests pass their own.
 *
 * @since 0.1.0
 */
public interface Clock {

	/**
	 * Returns the wall-clock time.
	 * @return nanoseconds since the epoch
	 */
	long now();

	/**
	 * Returns a monotonic reading, comparable only with other readings of this clock.
	 * @return nanoseconds from an arbitrary origin
	 */
	long nanoTime();

	/**
	 * Returns the system clock, with microsecond or better wall-clock precision where the
	 * JVM offers it.
	 * @return the system clock
	 */
	static Clock system() {
		return SystemClock.INSTANCE;
	}

}

package dev.telemetry.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.telemetry.sdk.common.Clock;

/**
 * A clock that moves only when a test moves it. Wall time and monotonic time move
 * together unless a test steps the wall clock on its own, as NTP does.
 */
public final class ManualClock implements Clock {

	private final AtomicLong wallNanos;

	private final AtomicLong monotonicNanos = new AtomicLong(1_000_000_000L);

	/**
	 * Creates a clock whose wall time starts at the given instant.
	 * @param epochNanos the initial wall time, in nanoseconds since the epoch
	 */
	public ManualClock(long epochNanos) {
		this.wallNanos = new AtomicLong(epochNanos);
	}

	@Override
	public long now() {
		return this.wallNanos.get();
	}

	@Override
	public long nanoTime() {
		return this.monotonicNanos.get();
	}

	/**
	 * Lets time pass.
	 * @param duration how much
	 */
	public void advance(Duration duration) {
		this.wallNanos.addAndGet(duration.toNanos());
		this.monotonicNanos.addAndGet(duration.toNanos());
	}

	/**
	 * Steps the wall clock only (forwards or backwards), as a time synchronization does.
	 * @param duration how far; negative steps back
	 */
	public void stepWallClock(Duration duration) {
		this.wallNanos.addAndGet(duration.toNanos());
	}

}

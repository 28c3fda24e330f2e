package dev.telemetry.sdk.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.telemetry.sdk.common.Clock;

/**
 * A clock that moves only when told, for start and end times of points.
 */
public final class MutableClock implements Clock {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	@Override
	public long now() {
		return this.nanos.get();
	}

	@Override
	public long nanoTime() {
		return this.nanos.get();
	}

	/**
	 * Moves the clock on.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}

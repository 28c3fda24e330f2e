package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.telemetry.sdk.common.Clock;

/**
 * A clock that moves only when told, for testing log throttling.
 */
final class ManualClock implements Clock {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	@Override
	public long now() {
		return this.nanos.get();
	}

	@Override
	public long nanoTime() {
		return this.nanos.get();
	}

	void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}

package dev.telemetry.sdk.internal;

import dev.telemetry.sdk.common.Clock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ThrottledLogger}, driven by a hand-moved clock.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ThrottledLoggerTests {

	private static final Duration INTERVAL = Duration.ofMinutes(1);

	private static final long INTERVAL_NANOS = INTERVAL.toNanos();

	private final ManualClock clock = new ManualClock();

	private final CapturingHandler handler = new CapturingHandler();

	private Logger logger;

	@BeforeEach
	void captureLogger() {
		// A logger object of its own per test; the reference keeps it
		// from being collected.
		this.logger = Logger.getLogger(ThrottledLoggerTests.class.getName() + "." + System.identityHashCode(this));
		this.logger.setUseParentHandlers(false);
		this.logger.setLevel(Level.ALL);
		this.logger.addHandler(this.handler);
	}

	@AfterEach
	void releaseLogger() {
		this.logger.removeHandler(this.handler);
	}

	private ThrottledLogger throttled() {
		return new ThrottledLogger(this.logger, INTERVAL, this.clock);
	}

	@Test
	void firstMessageIsLogged() {
		IllegalStateException cause = new IllegalStateException("connection refused");
		assertThat(throttled().log(Level.WARNING, "Export failed", cause)).isTrue();
		assertThat(this.handler.records).singleElement().satisfies((record) -> {
			assertThat(record.getLevel()).isEqualTo(Level.WARNING);
			assertThat(record.getMessage()).isEqualTo("Export failed");
			assertThat(record.getThrown()).isSameAs(cause);
			assertThat(record.getLoggerName()).isEqualTo(this.logger.getName());
		});
	}

	@Test
	void repeatsWithinTheIntervalAreSuppressed() {
		ThrottledLogger throttled = throttled();
		throttled.log(Level.WARNING, "Export failed", null);
		this.clock.advance(1);
		assertThat(throttled.log(Level.WARNING, "Export failed", null)).isFalse();
		this.clock.advance(INTERVAL_NANOS - 2);
		assertThat(throttled.log(Level.WARNING, "Export failed again", null)).isFalse();
		assertThat(this.handler.messages()).containsExactly("Export failed");
	}

	@Test
	void nextMessageAfterTheIntervalReportsHowManyWereSuppressed() {
		ThrottledLogger throttled = throttled();
		throttled.log(Level.WARNING, "Export failed", null);
		for (int i = 0; i < 3; i++) {
			this.clock.advance(INTERVAL_NANOS / 10);
			throttled.log(Level.WARNING, "Export failed", null);
		}
		this.clock.advance(INTERVAL_NANOS);
		assertThat(throttled.log(Level.WARNING, "Export failed", null)).isTrue();
		assertThat(this.handler.messages()).containsExactly("Export failed",
				"Export failed (3 similar messages suppressed)");
	}

	@Test
	void messageExactlyOneIntervalLaterIsLogged() {
		ThrottledLogger throttled = throttled();
		throttled.log(Level.INFO, "first", null);
		this.clock.advance(INTERVAL_NANOS);
		assertThat(throttled.log(Level.INFO, "second", null)).isTrue();
		assertThat(this.handler.messages()).containsExactly("first", "second");
	}

	@Test
	void suppressedCountStartsAgainAfterEachLoggedLine() {
		ThrottledLogger throttled = throttled();
		throttled.log(Level.WARNING, "m", null);
		throttled.log(Level.WARNING, "m", null);
		this.clock.advance(INTERVAL_NANOS);
		throttled.log(Level.WARNING, "m", null);
		this.clock.advance(INTERVAL_NANOS);
		throttled.log(Level.WARNING, "m", null);
		assertThat(this.handler.messages()).containsExactly("m", "m (1 similar messages suppressed)", "m");
	}

	@Test
	void intervalIsCountedFromTheLastLoggedLine() {
		ThrottledLogger throttled = throttled();
		throttled.log(Level.WARNING, "first", null);
		this.clock.advance(5 * INTERVAL_NANOS);
		throttled.log(Level.WARNING, "second", null);
		this.clock.advance(INTERVAL_NANOS - 1);
		assertThat(throttled.log(Level.WARNING, "third", null)).isFalse();
		this.clock.advance(1);
		assertThat(throttled.log(Level.WARNING, "fourth", null)).isTrue();
		assertThat(this.handler.messages()).containsExactly("first", "second",
				"fourth (1 similar messages suppressed)");
	}

	@Test
	void disabledLevelIsNeitherLoggedNorCounted() {
		this.logger.setLevel(Level.WARNING);
		ThrottledLogger throttled = throttled();
		assertThat(throttled.log(Level.FINE, "debug detail", null)).isFalse();
		assertThat(throttled.log(Level.WARNING, "warning", null)).isTrue();
		assertThat(this.handler.messages()).containsExactly("warning");
	}

	@Test
	void resetLetsTheNextMessageThroughAndForgetsTheCount() {
		ThrottledLogger throttled = throttled();
		throttled.log(Level.WARNING, "failing", null);
		throttled.log(Level.WARNING, "failing", null);
		this.clock.advance(10);
		throttled.reset();
		assertThat(throttled.log(Level.WARNING, "failing after recovery", null)).isTrue();
		assertThat(this.handler.messages()).containsExactly("failing", "failing after recovery");
	}

	@Test
	void worksAcrossNanoTimeOverflow() {
		this.clock.nanoTime = Long.MAX_VALUE - INTERVAL_NANOS / 2;
		ThrottledLogger throttled = throttled();
		assertThat(throttled.log(Level.WARNING, "before overflow", null)).isTrue();
		this.clock.advance(INTERVAL_NANOS / 4);
		assertThat(throttled.log(Level.WARNING, "suppressed", null)).isFalse();
		this.clock.advance(INTERVAL_NANOS / 2);
		assertThat(this.clock.nanoTime).isNegative();
		assertThat(throttled.log(Level.WARNING, "still suppressed", null)).isFalse();
		this.clock.advance(INTERVAL_NANOS / 4);
		assertThat(throttled.log(Level.WARNING, "after overflow", null)).isTrue();
		assertThat(this.handler.messages()).containsExactly("before overflow",
				"after overflow (2 similar messages suppressed)");
	}

	@Test
	void zeroIntervalLogsEverything() {
		ThrottledLogger throttled = new ThrottledLogger(this.logger, Duration.ZERO, this.clock);
		for (int i = 0; i < 3; i++) {
			assertThat(throttled.log(Level.INFO, "line " + i, null)).isTrue();
		}
		assertThat(this.handler.messages()).containsExactly("line 0", "line 1", "line 2");
	}

	@Test
	void usesTheMonotonicClockNotTheWallClock() {
		ThrottledLogger throttled = throttled();
		throttled.log(Level.WARNING, "first", null);
		this.clock.now += 10 * INTERVAL_NANOS;
		assertThat(throttled.log(Level.WARNING, "second", null)).isFalse();
	}

	private static final class ManualClock implements Clock {

		private long now = 1_700_000_000_000_000_000L;

		private long nanoTime = 123_456_789L;

		void advance(long nanos) {
			this.nanoTime += nanos;
		}

		@Override
		public long now() {
			return this.now;
		}

		@Override
		public long nanoTime() {
			return this.nanoTime;
		}

	}

	private static final class CapturingHandler extends Handler {

		private final List<LogRecord> records = new CopyOnWriteArrayList<>();

		CapturingHandler() {
			setLevel(Level.ALL);
		}

		List<String> messages() {
			return this.records.stream().map(LogRecord::getMessage).toList();
		}

		@Override
		public void publish(LogRecord record) {
			this.records.add(record);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	}

}

package dev.telemetry.sdk.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KeyedThrottledLogger}, on a clock that moves only when told.
 */
class KeyedThrottledLoggerTests {

	private final Logger logger = Logger.getLogger(KeyedThrottledLoggerTests.class.getName());

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Handler handler = new Handler() {

		@Override
		public void publish(LogRecord record) {
			KeyedThrottledLoggerTests.this.lines.add(record.getMessage());
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	private final AtomicLong nanos = new AtomicLong();

	private final Clock clock = new Clock() {

		@Override
		public long now() {
			return KeyedThrottledLoggerTests.this.nanos.get();
		}

		@Override
		public long nanoTime() {
			return KeyedThrottledLoggerTests.this.nanos.get();
		}

	};

	private final KeyedThrottledLogger keyed;

	KeyedThrottledLoggerTests() {
		this.logger.addHandler(this.handler);
		this.logger.setUseParentHandlers(false);
		this.keyed = new KeyedThrottledLogger(this.logger, Duration.ofMinutes(1), this.clock);
	}

	@AfterEach
	void removeHandler() {
		this.logger.removeHandler(this.handler);
	}

	@Test
	void logsTheFirstOfEachKeyAtOnceAndRepeatsOncePerInterval() {
		assertThat(this.keyed.log("a", Level.WARNING, "a1", null)).isTrue();
		assertThat(this.keyed.log("a", Level.WARNING, "a2", null)).isFalse();
		assertThat(this.keyed.log("b", Level.WARNING, "b1", null)).isTrue();
		assertThat(this.keyed.log("b", Level.WARNING, "b2", null)).isFalse();
		this.nanos.addAndGet(Duration.ofMinutes(1).toNanos());
		assertThat(this.keyed.log("a", Level.WARNING, "a3", null)).isTrue();

		assertThat(this.lines).containsExactly("a1", "b1 (1 similar messages suppressed)",
				"a3 (1 similar messages suppressed)");
	}

	@Test
	void forgetsTheKeysOnReset() {
		this.keyed.log("a", Level.WARNING, "a1", null);
		this.keyed.reset();

		assertThat(this.keyed.log("a", Level.WARNING, "a2", null)).isTrue();
		assertThat(this.lines).containsExactly("a1", "a2");
	}

	@Test
	void remembersNoKeyForALevelNotLogged() {
		this.logger.setLevel(Level.SEVERE);
		try {
			assertThat(this.keyed.log("a", Level.WARNING, "hidden", null)).isFalse();
		}
		finally {
			this.logger.setLevel(null);
		}
		assertThat(this.keyed.log("a", Level.WARNING, "shown", null)).isTrue();
		assertThat(this.lines).containsExactly("shown");
	}

}

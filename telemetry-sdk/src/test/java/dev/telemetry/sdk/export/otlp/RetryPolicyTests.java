package dev.telemetry.sdk.export.otlp;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link RetryPolicy}: the backoff it computes, its bounds and validation.
 */
@Timeout(10)
class RetryPolicyTests {

	private static final long MS = 1_000_000L;

	@Test
	void defaultsAreFiveAttemptsFromOneSecondGrowingByOneAndAHalfUpToFiveSeconds() {
		RetryPolicy policy = RetryPolicy.getDefault();
		assertThat(policy.getMaxAttempts()).isEqualTo(5);
		assertThat(policy.getInitialBackoff()).isEqualTo(Duration.ofSeconds(1));
		assertThat(policy.getMaxBackoff()).isEqualTo(Duration.ofSeconds(5));
		assertThat(policy.getBackoffMultiplier()).isEqualTo(1.5);
		assertThat(policy.isEnabled()).isTrue();
		assertThat(RetryPolicy.builder().build()).isEqualTo(policy).hasSameHashCodeAs(policy);
		assertThat(RetryPolicy.JITTER).isEqualTo(0.2);
	}

	@Test
	void disabledAllowsOneAttempt() {
		assertThat(RetryPolicy.disabled().getMaxAttempts()).isOne();
		assertThat(RetryPolicy.disabled().isEnabled()).isFalse();
		assertThat(RetryPolicy.builder().setMaxAttempts(1).build().isEnabled()).isFalse();
		assertThat(RetryPolicy.disabled()).hasToString("RetryPolicy{disabled}");
	}

	@Test
	void backoffWithoutJitterGrowsByTheMultiplierUntilTheMaximum() {
		RetryPolicy policy = RetryPolicy.getDefault();
		// random = 0.5 is the middle of the jitter range: no change.
		assertThat(policy.backoffNanos(1, 0.5)).isEqualTo(1000 * MS);
		assertThat(policy.backoffNanos(2, 0.5)).isEqualTo(1500 * MS);
		assertThat(policy.backoffNanos(3, 0.5)).isEqualTo(2250 * MS);
		assertThat(policy.backoffNanos(4, 0.5)).isEqualTo(3375 * MS);
		assertThat(policy.backoffNanos(5, 0.5)).isEqualTo(5000 * MS);
		assertThat(policy.backoffNanos(50, 0.5)).isEqualTo(5000 * MS);
	}

	@Test
	void jitterVariesTheBackoffByAtMostTwentyPercentAndNeverBeyondTheMaximum() {
		RetryPolicy policy = RetryPolicy.getDefault();
		assertThat(policy.backoffNanos(1, 0.0)).isEqualTo(800 * MS);
		assertThat(policy.backoffNanos(1, 0.999999)).isBetween(1199 * MS, 1200 * MS);
		assertThat(policy.backoffNanos(2, 0.0)).isEqualTo(1200 * MS);
		assertThat(policy.backoffNanos(2, 0.999999)).isBetween(1799 * MS, 1800 * MS);
		assertThat(policy.backoffNanos(10, 0.0)).isEqualTo(4000 * MS);
		assertThat(policy.backoffNanos(10, 0.999999)).as("capped at max-backoff").isEqualTo(5000 * MS);
		for (int attempt = 1; attempt <= 20; attempt++) {
			for (double random = 0; random < 1; random += 0.05) {
				assertThat(policy.backoffNanos(attempt, random)).isBetween(800 * MS, 5000 * MS);
			}
		}
	}

	@Test
	void hugeBackoffsSaturateInsteadOfOverflowing() {
		RetryPolicy policy = RetryPolicy.builder()
			.setInitialBackoff(Duration.ofDays(365 * 1000))
			.setMaxBackoff(Duration.ofSeconds(Long.MAX_VALUE))
			.setBackoffMultiplier(1000)
			.build();
		assertThat(policy.backoffNanos(100, 0.5)).isPositive();
	}

	@Test
	void validatesEverySetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.builder().setMaxAttempts(0))
			.withMessageContaining("maxAttempts");
		assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.builder().setInitialBackoff(Duration.ZERO))
			.withMessageContaining("initialBackoff");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RetryPolicy.builder().setMaxBackoff(Duration.ofMillis(-1)))
			.withMessageContaining("maxBackoff");
		assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.builder().setBackoffMultiplier(0.9))
			.withMessageContaining("0.9");
		assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.builder().setBackoffMultiplier(Double.NaN));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RetryPolicy.builder().setBackoffMultiplier(Double.POSITIVE_INFINITY));
		assertThatNullPointerException().isThrownBy(() -> RetryPolicy.builder().setInitialBackoff(null));
		assertThatIllegalStateException()
			.isThrownBy(() -> RetryPolicy.builder()
				.setInitialBackoff(Duration.ofSeconds(2))
				.setMaxBackoff(Duration.ofSeconds(1))
				.build())
			.withMessageContaining("PT1S")
			.withMessageContaining("PT2S");
	}

}

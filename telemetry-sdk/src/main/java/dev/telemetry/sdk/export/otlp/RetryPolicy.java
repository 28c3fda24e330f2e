package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.Objects;

/**
 * How an OTLP exporter retries a batch that failed for a reason that may pass: how many
 * attempts in all, and how long to wait between them. The wait grows exponentially from
 * {@link #getInitialBackoff()} by {@link #getBackoffMultiplier()} up to
 * {@link #getMaxBackoff()}, and each wait is varied randomly by up to {@value #JITTER}
 * (plus or minus) so that many instances that failed together do not retry in lockstep. A
 * wait the collector asks for (gRPC {@code RetryInfo}, HTTP {@code Retry-After}) is used
 * instead of the computed one.
 * <p>
 * Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class RetryPolicy {

	/** The default total number of attempts, the first one included. */
	public static final int DEFAULT_MAX_ATTEMPTS = 5;

	/** The default wait before the first retry. */
	public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);

	/** The default longest wait between two attempts. */
	public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

	/** The default factor by which the wait grows after each failed attempt. */
	public static final double DEFAULT_BACKOFF_MULTIPLIER = 1.5;

	/** The largest relative random change of a computed wait, in both directions. */
	public static final double JITTER = 0.2;

	private static final RetryPolicy DEFAULT = new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF,
			DEFAULT_MAX_BACKOFF, DEFAULT_BACKOFF_MULTIPLIER);

	private static final RetryPolicy DISABLED = new RetryPolicy(1, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF,
			DEFAULT_BACKOFF_MULTIPLIER);

	private final int maxAttempts;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final double backoffMultiplier;

	private final long initialBackoffNanos;

	private final long maxBackoffNanos;

	private RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double backoffMultiplier) {
		this.maxAttempts = maxAttempts;
		this.initialBackoff = initialBackoff;
		this.maxBackoff = maxBackoff;
		this.backoffMultiplier = backoffMultiplier;
		this.initialBackoffNanos = saturatedNanos(initialBackoff);
		this.maxBackoffNanos = saturatedNanos(maxBackoff);
	}

	/**
	 * Returns the default policy: {@value #DEFAULT_MAX_ATTEMPTS} attempts, waits from 1
	 * second growing by {@value #DEFAULT_BACKOFF_MULTIPLIER} up to 5 seconds.
	 * @return a shared instance
	 */
	public static RetryPolicy getDefault() {
		return DEFAULT;
	}

	/**
	 * Returns a policy that never retries: every batch gets exactly one attempt.
	 * @return a shared instance
	 */
	public static RetryPolicy disabled() {
		return DISABLED;
	}

	/**
	 * Returns a builder that starts from the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns the total number of attempts per batch, the first one included.
	 * @return at least 1; 1 means no retries
	 */
	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	/**
	 * Returns the wait before the first retry, before jitter.
	 * @return a positive duration
	 */
	public Duration getInitialBackoff() {
		return this.initialBackoff;
	}

	/**
	 * Returns the longest wait between two attempts, jitter included.
	 * @return a duration no shorter than the initial backoff
	 */
	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	/**
	 * Returns the factor by which the wait grows after each failed attempt.
	 * @return at least 1.0
	 */
	public double getBackoffMultiplier() {
		return this.backoffMultiplier;
	}

	/**
	 * Returns whether a failed batch can be attempted more than once.
	 * @return whether {@link #getMaxAttempts()} is more than 1
	 */
	public boolean isEnabled() {
		return this.maxAttempts > 1;
	}

	/**
	 * Computes the wait after the given number of failed attempts.
	 * @param failedAttempts how many attempts have failed so far, at least 1
	 * @param random a uniformly distributed number in {@code [0, 1)} that picks the
	 * jitter
	 * @return the wait in nanoseconds, never more than the maximum backoff
	 */
	long backoffNanos(int failedAttempts, double random) {
		double base = this.initialBackoffNanos * Math.pow(this.backoffMultiplier, Math.max(0, failedAttempts - 1));
		double capped = Math.min(base, this.maxBackoffNanos);
		double jittered = capped * (1.0 - JITTER + 2.0 * JITTER * random);
		return (long) Math.max(0, Math.min(jittered, this.maxBackoffNanos));
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		return other instanceof RetryPolicy that && this.maxAttempts == that.maxAttempts
				&& this.initialBackoff.equals(that.initialBackoff) && this.maxBackoff.equals(that.maxBackoff)
				&& Double.compare(this.backoffMultiplier, that.backoffMultiplier) == 0;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.maxAttempts, this.initialBackoff, this.maxBackoff, this.backoffMultiplier);
	}

	@Override
	public String toString() {
		if (!isEnabled()) {
			return "RetryPolicy{disabled}";
		}
		return "RetryPolicy{maxAttempts=" + this.maxAttempts + ", initialBackoff=" + this.initialBackoff
				+ ", maxBackoff=" + this.maxBackoff + ", backoffMultiplier=" + this.backoffMultiplier + "}";
	}

	private static long saturatedNanos(Duration duration) {
		// About 292 years; anything longer is as good as forever.
		return (duration.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) ? Long.MAX_VALUE : duration.toNanos();
	}

	/**
	 * Configures a {@link RetryPolicy}. Setters validate at once; {@link #build()} checks
	 * that the maximum backoff is not shorter than the initial one. Not thread-safe.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

		private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;

		private Duration maxBackoff = DEFAULT_MAX_BACKOFF;

		private double backoffMultiplier = DEFAULT_BACKOFF_MULTIPLIER;

		private Builder() {
		}

		/**
		 * Sets the total number of attempts per batch, the first one included.
		 * @param maxAttempts at least 1; 1 disables retries
		 * @return this builder
		 * @throws IllegalArgumentException when {@code maxAttempts} is less than 1
		 */
		public Builder setMaxAttempts(int maxAttempts) {
			if (maxAttempts < 1) {
				throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + maxAttempts);
			}
			this.maxAttempts = maxAttempts;
			return this;
		}

		/**
		 * Sets the wait before the first retry.
		 * @param initialBackoff a positive duration
		 * @return this builder
		 * @throws IllegalArgumentException when the duration is zero or negative
		 * @throws NullPointerException when {@code initialBackoff} is {@code null}
		 */
		public Builder setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = requirePositive(initialBackoff, "initialBackoff");
			return this;
		}

		/**
		 * Sets the longest wait between two attempts.
		 * @param maxBackoff a positive duration, no shorter than the initial backoff
		 * @return this builder
		 * @throws IllegalArgumentException when the duration is zero or negative
		 * @throws NullPointerException when {@code maxBackoff} is {@code null}
		 */
		public Builder setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = requirePositive(maxBackoff, "maxBackoff");
			return this;
		}

		/**
		 * Sets the factor by which the wait grows after each failed attempt.
		 * @param backoffMultiplier a finite number, at least 1.0
		 * @return this builder
		 * @throws IllegalArgumentException when the factor is less than 1.0 or not finite
		 */
		public Builder setBackoffMultiplier(double backoffMultiplier) {
			if (!(backoffMultiplier >= 1.0) || Double.isInfinite(backoffMultiplier)) {
				throw new IllegalArgumentException(
						"backoffMultiplier must be a finite number of at least 1.0 but was " + backoffMultiplier);
			}
			this.backoffMultiplier = backoffMultiplier;
			return this;
		}

		/**
		 * Creates the policy.
		 * @return the policy
		 * @throws IllegalStateException when the maximum backoff is shorter than the
		 * initial backoff
		 */
		public RetryPolicy build() {
			if (this.maxBackoff.compareTo(this.initialBackoff) < 0) {
				throw new IllegalStateException("maxBackoff (" + this.maxBackoff
						+ ") must not be shorter than initialBackoff (" + this.initialBackoff + ")");
			}
			return new RetryPolicy(this.maxAttempts, this.initialBackoff, this.maxBackoff, this.backoffMultiplier);
		}

		private static Duration requirePositive(Duration duration, String name) {
			Objects.requireNonNull(duration, name);
			if (duration.isZero() || duration.isNegative()) {
				throw new IllegalArgumentException(name + " must be positive but was " + duration);
			}
			return duration;
		}

	}

}

package dev.telemetry.sdk.metrics.export;

import java.time.Duration;
import java.util.Objects;

import dev.telemetry.sdk.metrics.Aggregation;

/**
 * Builds a {@link PullMetricReader}. Defaults: cumulative temporality, explicit-bucket
 * histograms, a callback timeout of 10 seconds. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class PullMetricReaderBuilder {

	TemporalityPreference temporality = TemporalityPreference.CUMULATIVE;

	Aggregation histogramAggregation = Aggregation.defaultAggregation();

	Duration callbackTimeout = PullMetricReader.DEFAULT_CALLBACK_TIMEOUT;

	PullMetricReaderBuilder() {
	}

	/**
	 * Sets the temporality per instrument kind.
	 * @param preference the preference
	 * @return this builder
	 */
	public PullMetricReaderBuilder setTemporalityPreference(TemporalityPreference preference) {
		this.temporality = Objects.requireNonNull(preference, "preference");
		return this;
	}

	/**
	 * Sets the aggregation of histograms that no view aggregates otherwise.
	 * @param aggregation an explicit-bucket or base-2 exponential histogram
	 * @return this builder
	 * @throws IllegalArgumentException for any other aggregation
	 */
	public PullMetricReaderBuilder setDefaultHistogramAggregation(Aggregation aggregation) {
		Objects.requireNonNull(aggregation, "aggregation");
		if (!(aggregation instanceof Aggregation.ExplicitBucketHistogram
				|| aggregation instanceof Aggregation.Base2ExponentialBucketHistogram)) {
			throw new IllegalArgumentException("the default histogram aggregation must be a histogram: " + aggregation);
		}
		this.histogramAggregation = aggregation;
		return this;
	}

	/**
	 * Sets how long a collection waits for the asynchronous instruments' callbacks.
	 * @param timeout a positive duration
	 * @return this builder
	 * @throws IllegalArgumentException when not positive
	 */
	public PullMetricReaderBuilder setCallbackTimeout(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("callback timeout must be positive: " + timeout);
		}
		this.callbackTimeout = timeout;
		return this;
	}

	/**
	 * Builds the reader.
	 * @return the reader
	 */
	public PullMetricReader build() {
		return new PullMetricReader(this);
	}

}

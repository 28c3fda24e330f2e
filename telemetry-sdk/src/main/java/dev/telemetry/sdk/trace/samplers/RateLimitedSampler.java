package dev.telemetry.sdk.trace.samplers;

import java.util.concurrent.atomic.AtomicLong;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;

/**
 * Samples at most a fixed number of spans per second, by a token bucket that holds one
 * second's worth of tokens (at least one) and starts full.
 * <p>
 * Appropriate usage: as the root sampler of a parent-based sampler, or a rule's action,
 * to cap the number of new traces one instance starts, whatever the traffic. Sampled
 * spans carry no {@code th}: their probability is unknown.
 * <p>
 * Implementation: the bucket is a single "theoretical arrival time" (GCRA): the instant
 * at which the bucket would be full again. A decision reads it once; only a sampled
 * decision writes it, with a compare-and-set, so an over-limit burst costs one volatile
 * read per span and never a lock. Over any interval of {@code t} seconds at most
 * {@code rate * t + capacity} spans are sampled.
 */
final class RateLimitedSampler implements Sampler {

	private final double tracesPerSecond;

	private final Clock clock;

	private final long intervalNanos;

	// how far ahead of now the arrival time may run: capacity - 1 intervals
	private final long burstNanos;

	private final AtomicLong arrival;

	private final String description;

	RateLimitedSampler(double tracesPerSecond, Clock clock) {
		if (!(tracesPerSecond > 0 && tracesPerSecond <= 1e9)) {
			throw new IllegalArgumentException(
					"traces per second must be greater than 0 and at most 1e9, was " + tracesPerSecond);
		}
		this.tracesPerSecond = tracesPerSecond;
		this.clock = clock;
		this.intervalNanos = Math.max(1, Math.round(1e9 / tracesPerSecond));
		double capacity = Math.max(1.0, tracesPerSecond);
		this.burstNanos = Math.round((capacity - 1) * this.intervalNanos);
		this.arrival = new AtomicLong(clock.nanoTime());
		this.description = "RateLimitedSampler{" + tracesPerSecond + "/s}";
	}

	@Override
	public SamplingResult shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name,
			SpanKind kind, Attributes attributes) {
		long now = this.clock.nanoTime();
		while (true) {
			long arrival = this.arrival.get();
			// an arrival time in the past means a full bucket
			long from = (arrival - now > 0) ? arrival : now;
			if (from - now > this.burstNanos) {
				return ErasingSamplingResult.DROP;
			}
			if (this.arrival.compareAndSet(arrival, from + this.intervalNanos)) {
				return ErasingSamplingResult.RECORD_AND_SAMPLE;
			}
		}
	}

	double getTracesPerSecond() {
		return this.tracesPerSecond;
	}

	@Override
	public String getDescription() {
		return this.description;
	}

	@Override
	public String toString() {
		return this.description;
	}

}

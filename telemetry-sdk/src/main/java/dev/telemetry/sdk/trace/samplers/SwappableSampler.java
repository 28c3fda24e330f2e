package dev.telemetry.sdk.trace.samplers;

import java.util.List;
import java.util.Objects;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;

/**
 * A sampler whose delegate can be replaced while the application runs, for changing
 * sampling without a restart (during an incident, say).
 * <p>
 * Thread-safe without locks: the delegate is one volatile field, so a decision reads it
 * once and a replacement applies to every span started after {@link #setDelegate}
 * returns. Delegates are expected to be immutable; build a new one rather than changing
 * one in place. The description is the current delegate's.
 *
 * @since 0.1.0
 */
public final class SwappableSampler implements Sampler {

	private volatile Sampler delegate;

	private SwappableSampler(Sampler delegate) {
		this.delegate = delegate;
	}

	/**
	 * Creates a swappable sampler.
	 * @param initial the first delegate
	 * @return the sampler
	 */
	public static SwappableSampler create(Sampler initial) {
		return new SwappableSampler(Objects.requireNonNull(initial, "initial"));
	}

	/**
	 * Returns the current delegate.
	 * @return the delegate
	 */
	public Sampler getDelegate() {
		return this.delegate;
	}

	/**
	 * Replaces the delegate; spans started afterwards are decided by the new one.
	 * @param delegate the new delegate
	 */
	public void setDelegate(Sampler delegate) {
		this.delegate = Objects.requireNonNull(delegate, "delegate");
	}

	@Override
	public SamplingResult shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name,
			SpanKind kind, Attributes attributes) {
		return this.delegate.shouldSample(parent, traceIdHigh, traceIdLow, name, kind, attributes);
	}

	@Override
	public String getDescription() {
		return this.delegate.getDescription();
	}

	/**
	 * Returns the current delegate's rule statistics; they start from zero with every new
	 * delegate.
	 * @return the statistics
	 */
	@Override
	public List<SamplingRuleStatistics> getRuleStatistics() {
		return this.delegate.getRuleStatistics();
	}

	@Override
	public String toString() {
		return getDescription();
	}

}

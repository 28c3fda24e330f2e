package dev.telemetry.sdk.trace.samplers;

import java.util.List;
import java.util.Objects;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;

/**
 * Decides, when a span starts, whether it is recorded and sampled (head sampling).
 * <p>
 * Runs on the application thread for every new span: implementations must be thread-safe,
 * fast, free of locks and allocation where possible, and must not throw.
 *
 * @since 0.1.0
 */
public interface Sampler {

	/**
	 * Decides for a new span.
	 * @param parent the parent's span context; {@link SpanContext#isValid() invalid} for
	 * a root span
	 * @param traceIdHigh the high 64 bits of the new span's trace id
	 * @param traceIdLow the low 64 bits of the new span's trace id
	 * @param name the span name
	 * @param kind the span kind
	 * @param attributes the attributes known at start; a view valid only during this
	 * call, not to be kept (it avoids a copy per span)
	 * @return the decision
	 */
	SamplingResult shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name, SpanKind kind,
			Attributes attributes);

	/**
	 * Returns a stable, human-readable description, such as
	 * {@code TraceIdRatioBased{0.100000}}.
	 * @return the description
	 */
	String getDescription();

	/**
	 * Returns, for a rule-based sampler (or one that delegates to it for root spans), how
	 * often each rule matched and sampled since it was built.
	 * @return one entry per rule and a last one for the fallback; empty for samplers
	 * without rules
	 * @since 0.1.0
	 */
	default List<SamplingRuleStatistics> getRuleStatistics() {
		return List.of();
	}

	/**
	 * Returns a sampler that samples every span.
	 * @return the sampler
	 */
	static Sampler alwaysOn() {
		return ConstantSampler.ALWAYS_ON;
	}

	/**
	 * Returns a sampler that samples no span.
	 * @return the sampler
	 */
	static Sampler alwaysOff() {
		return ConstantSampler.ALWAYS_OFF;
	}

	/**
	 * Returns a sampler that samples a fraction of traces, deciding from the trace id
	 * exactly as the OpenTelemetry Java SDK does, so services on either SDK agree.
	 * @param ratio the fraction, from 0.0 to 1.0
	 * @return the sampler
	 * @throws IllegalArgumentException when the ratio is out of range
	 */
	static Sampler traceIdRatioBased(double ratio) {
		return TraceIdRatioBasedSampler.create(ratio);
	}

	/**
	 * Returns OpenTelemetry's consistent probability sampler: it samples when the trace's
	 * 56-bit randomness (the {@code rv} sub-key of the {@code ot} tracestate entry, else
	 * the rightmost 56 bits of the trace id) is at least the rejection threshold derived
	 * from the ratio, and writes that threshold as {@code ot=th:…} into the trace state
	 * of sampled spans (and erases it from dropped ones), so that adjusted counts can be
	 * computed downstream. The parent's sampled flag is ignored; wrap it in
	 * {@link #parentBased(Sampler)} to follow the parent.
	 * <p>
	 * Thresholds keep 5 significant hex digits: 25% is {@code th:c}, 1% is
	 * {@code th:fd70a4}.
	 * @param ratio 0.0 (never), or from 2^-56 to 1.0
	 * @return the sampler
	 * @throws IllegalArgumentException when the ratio is out of range
	 */
	static Sampler probability(double ratio) {
		return ProbabilitySampler.create(ratio);
	}

	/**
	 * Returns a sampler that samples at most a number of spans per second, with a burst
	 * of at most one second's worth, using the system clock. Sampled spans carry no
	 * {@code th}.
	 * @param tracesPerSecond the limit, greater than 0 and at most 1e9
	 * @return the sampler
	 * @throws IllegalArgumentException when the limit is out of range
	 * @see #rateLimited(double, Clock)
	 */
	static Sampler rateLimited(double tracesPerSecond) {
		return rateLimited(tracesPerSecond, Clock.system());
	}

	/**
	 * Returns a sampler that samples at most a number of spans per second, measured with
	 * the clock's monotonic time: a token bucket holding one second's worth of tokens (at
	 * least one), starting full. Each instance has its own bucket.
	 * @param tracesPerSecond the limit, greater than 0 and at most 1e9
	 * @param clock the clock
	 * @return the sampler
	 * @throws IllegalArgumentException when the limit is out of range
	 */
	static Sampler rateLimited(double tracesPerSecond, Clock clock) {
		return new RateLimitedSampler(tracesPerSecond, Objects.requireNonNull(clock, "clock"));
	}

	/**
	 * Returns a sampler that asks the first matching rule, in order, and the fallback
	 * when none matches. Rules that apply to root spans only are skipped for spans with a
	 * parent.
	 * @param rules the rules, first match wins
	 * @param fallback the sampler for spans no rule matches
	 * @return the sampler
	 * @see SamplingRule#builder()
	 */
	static Sampler ruleBased(List<SamplingRule> rules, Sampler fallback) {
		List<SamplingRule> copy = List.copyOf(Objects.requireNonNull(rules, "rules"));
		return new RuleBasedSampler(copy, Objects.requireNonNull(fallback, "fallback"));
	}

	/**
	 * Returns a sampler that follows the parent's decision and asks {@code root} for root
	 * spans.
	 * @param root the sampler for root spans
	 * @return the sampler
	 */
	static Sampler parentBased(Sampler root) {
		return parentBasedBuilder(root).build();
	}

	/**
	 * Returns a builder for a parent-based sampler whose four parent cases can be
	 * changed.
	 * @param root the sampler for root spans
	 * @return the builder
	 */
	static ParentBasedSamplerBuilder parentBasedBuilder(Sampler root) {
		return new ParentBasedSamplerBuilder(root);
	}

}

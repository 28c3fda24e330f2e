package dev.telemetry.sdk.trace.samplers;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.atomic.LongAdder;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;

/**
 * Asks the first rule that applies to the span and matches it, else the fallback.
 * <p>
 * Implementation: rules are an array walked with an index; conditions were compiled when
 * the rules were built, so a decision allocates nothing of its own.
 */
final class RuleBasedSampler implements Sampler {

	private final SamplingRule[] rules;

	private final Sampler fallback;

	private final String description;

	// Per rule, the fallback last. Striped: a popular rule is matched by every request
	// thread at once. A decision counts once, as sampled or not: the matches are the sum,
	// so each span makes one shared write here rather than two.
	private final LongAdder[] sampled;

	private final LongAdder[] notSampled;

	RuleBasedSampler(List<SamplingRule> rules, Sampler fallback) {
		this.rules = rules.toArray(new SamplingRule[0]);
		this.fallback = fallback;
		this.sampled = adders(this.rules.length + 1);
		this.notSampled = adders(this.rules.length + 1);
		StringJoiner joiner = new StringJoiner(",", "RuleBasedSampler{rules:[",
				"],fallback:" + fallback.getDescription() + "}");
		for (SamplingRule rule : this.rules) {
			joiner.add(rule.getDescription());
		}
		this.description = joiner.toString();
	}

	@Override
	public SamplingResult shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name,
			SpanKind kind, Attributes attributes) {
		boolean root = !parent.isValid();
		SamplingRule[] rules = this.rules;
		for (int i = 0; i < rules.length; i++) {
			SamplingRule rule = rules[i];
			if ((root || rule.getApplyTo() == SamplingRule.ApplyTo.ALL) && rule.matches(name, kind, attributes)) {
				return counted(i,
						rule.getAction().shouldSample(parent, traceIdHigh, traceIdLow, name, kind, attributes));
			}
		}
		return counted(rules.length,
				this.fallback.shouldSample(parent, traceIdHigh, traceIdLow, name, kind, attributes));
	}

	private SamplingResult counted(int index, SamplingResult result) {
		((result.getDecision() == SamplingDecision.RECORD_AND_SAMPLE) ? this.sampled : this.notSampled)[index]
			.increment();
		return result;
	}

	@Override
	public List<SamplingRuleStatistics> getRuleStatistics() {
		List<SamplingRuleStatistics> statistics = new ArrayList<>(this.sampled.length);
		for (int i = 0; i < this.sampled.length; i++) {
			String rule = (i < this.rules.length) ? this.rules[i].getDescription()
					: "fallback: " + this.fallback.getDescription();
			long sampled = this.sampled[i].sum();
			statistics.add(new SamplingRuleStatistics(rule, sampled + this.notSampled[i].sum(), sampled));
		}
		return statistics;
	}

	private static LongAdder[] adders(int count) {
		LongAdder[] adders = new LongAdder[count];
		for (int i = 0; i < count; i++) {
			adders[i] = new LongAdder();
		}
		return adders;
	}

	Sampler getFallback() {
		return this.fallback;
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

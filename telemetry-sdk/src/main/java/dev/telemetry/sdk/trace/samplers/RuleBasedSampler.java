package dev.telemetry.sdk.trace.samplers;

import java.util.List;
import java.util.StringJoiner;

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

	RuleBasedSampler(List<SamplingRule> rules, Sampler fallback) {
		this.rules = rules.toArray(new SamplingRule[0]);
		this.fallback = fallback;
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
				return rule.getAction().shouldSample(parent, traceIdHigh, traceIdLow, name, kind, attributes);
			}
		}
		return this.fallback.shouldSample(parent, traceIdHigh, traceIdLow, name, kind, attributes);
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

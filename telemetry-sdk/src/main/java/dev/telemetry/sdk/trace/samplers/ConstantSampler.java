package dev.telemetry.sdk.trace.samplers;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;

/**
 * Samplers that always decide the same: OpenTelemetry's always-on and always-off, which
 * keep the parent's trace state, and the fixed actions of a sampling rule, which erase an
 * inherited {@code th} because a rule's decision says nothing about probability.
 */
enum ConstantSampler implements Sampler {

	ALWAYS_ON(SamplingResult.recordAndSample(), "AlwaysOnSampler"),
	ALWAYS_OFF(SamplingResult.drop(), "AlwaysOffSampler"), RULE_DROP(ErasingSamplingResult.DROP, "drop"),
	RULE_SAMPLE(ErasingSamplingResult.RECORD_AND_SAMPLE, "sample");

	private final SamplingResult result;

	private final String description;

	ConstantSampler(SamplingResult result, String description) {
		this.result = result;
		this.description = description;
	}

	@Override
	public SamplingResult shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name,
			SpanKind kind, Attributes attributes) {
		return this.result;
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

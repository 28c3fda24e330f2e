package dev.telemetry.sdk.trace.samplers;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;

/**
 * The fixed actions of a sampling rule. Unlike {@link Sampler#alwaysOn()} and
 * {@link Sampler#alwaysOff()}, which keep the parent's trace state as OpenTelemetry's
 * constant samplers do, these erase an inherited {@code th}: a rule decision says nothing
 * about probability.
 */
enum RuleActionSampler implements Sampler {

	DROP(ErasingSamplingResult.DROP, "drop"), SAMPLE(ErasingSamplingResult.RECORD_AND_SAMPLE, "sample");

	private final SamplingResult result;

	private final String description;

	RuleActionSampler(SamplingResult result, String description) {
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

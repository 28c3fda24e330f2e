package dev.telemetry.sdk.trace.samplers;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;

/**
 * Samplers that always decide the same.
 */
enum ConstantSampler implements Sampler {

	ALWAYS_ON(SamplingResult.recordAndSample(), "AlwaysOnSampler"),
	ALWAYS_OFF(SamplingResult.drop(), "AlwaysOffSampler");

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

package dev.telemetry.sdk.trace.samplers;

import dev.telemetry.sdk.trace.span.TraceState;

/**
 * A consistent probability sampler's positive decision: the span is sampled and carries
 * the rejection threshold as {@code ot=th:…}, so that collectors and back ends can
 * compute its adjusted count. Shared by every decision of one sampler.
 */
final class ThresholdSamplingResult implements SamplingResult {

	private final String threshold;

	// what every root span gets, built once
	private final TraceState rootTraceState;

	ThresholdSamplingResult(String threshold) {
		this.threshold = threshold;
		this.rootTraceState = OtTraceState.withThreshold(TraceState.empty(), threshold);
	}

	@Override
	public SamplingDecision getDecision() {
		return SamplingDecision.RECORD_AND_SAMPLE;
	}

	@Override
	public TraceState getUpdatedTraceState(TraceState parentTraceState) {
		return parentTraceState.isEmpty() ? this.rootTraceState
				: OtTraceState.withThreshold(parentTraceState, this.threshold);
	}

	@Override
	public String toString() {
		return "RECORD_AND_SAMPLE{th:" + this.threshold + "}";
	}

}

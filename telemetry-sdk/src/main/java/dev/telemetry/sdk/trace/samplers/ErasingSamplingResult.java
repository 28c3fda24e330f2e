package dev.telemetry.sdk.trace.samplers;

import dev.telemetry.sdk.trace.span.TraceState;

/**
 * Results of decisions that are not consistent probability sampling (a rule's
 * {@code drop} or {@code sample}, a rate limit, or a consistent sampler that drops): the
 * span's sampling probability is unknown or irrelevant, so a {@code th} inherited from
 * the parent must not travel on, as the OpenTelemetry specification requires. Other
 * {@code ot} sub-keys, {@code rv} included, and other vendors' entries are kept.
 */
enum ErasingSamplingResult implements SamplingResult {

	DROP(SamplingDecision.DROP), RECORD_AND_SAMPLE(SamplingDecision.RECORD_AND_SAMPLE);

	private final SamplingDecision decision;

	ErasingSamplingResult(SamplingDecision decision) {
		this.decision = decision;
	}

	@Override
	public SamplingDecision getDecision() {
		return this.decision;
	}

	@Override
	public TraceState getUpdatedTraceState(TraceState parentTraceState) {
		return OtTraceState.withoutThreshold(parentTraceState);
	}

}

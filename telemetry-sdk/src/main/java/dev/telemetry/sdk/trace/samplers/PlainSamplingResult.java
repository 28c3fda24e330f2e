package dev.telemetry.sdk.trace.samplers;

/**
 * The three results that keep the parent's trace state.
 */
enum PlainSamplingResult implements SamplingResult {

	DROP(SamplingDecision.DROP), RECORD_ONLY(SamplingDecision.RECORD_ONLY),
	RECORD_AND_SAMPLE(SamplingDecision.RECORD_AND_SAMPLE);

	private final SamplingDecision decision;

	PlainSamplingResult(SamplingDecision decision) {
		this.decision = decision;
	}

	@Override
	public SamplingDecision getDecision() {
		return this.decision;
	}

}

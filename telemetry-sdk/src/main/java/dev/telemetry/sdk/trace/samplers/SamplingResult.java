package dev.telemetry.sdk.trace.samplers;

import dev.telemetry.sdk.trace.span.TraceState;

/**
 * A sampler's decision for one span, plus the trace state the span should carry.
 * <p>
 * The three plain results are shared constants, so deciding allocates nothing; samplers
 * that write to the trace state (consistent probability sampling) return their own.
 *
 * @since 0.1.0
 */
public interface SamplingResult {

	/**
	 * Returns the decision.
	 * @return the decision
	 */
	SamplingDecision getDecision();

	/**
	 * Returns the trace state for the new span, given the parent's.
	 * @param parentTraceState the parent's trace state (empty for roots)
	 * @return the new span's trace state
	 */
	default TraceState getUpdatedTraceState(TraceState parentTraceState) {
		return parentTraceState;
	}

	/**
	 * Returns the shared result that records and samples.
	 * @return the result
	 */
	static SamplingResult recordAndSample() {
		return PlainSamplingResult.RECORD_AND_SAMPLE;
	}

	/**
	 * Returns the shared result that records without sampling.
	 * @return the result
	 */
	static SamplingResult recordOnly() {
		return PlainSamplingResult.RECORD_ONLY;
	}

	/**
	 * Returns the shared result that drops.
	 * @return the result
	 */
	static SamplingResult drop() {
		return PlainSamplingResult.DROP;
	}

}

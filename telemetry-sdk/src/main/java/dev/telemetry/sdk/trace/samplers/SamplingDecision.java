package dev.telemetry.sdk.trace.samplers;

/**
 * What a sampler decided for a new span.
 *
 * @since 0.1.0
 */
public enum SamplingDecision {

	/** Not recorded, not sampled: the span only propagates its context. */
	DROP,

	/** Recorded locally but not sampled: processors see it, exporters do not. */
	RECORD_ONLY,

	/** Recorded and sampled: exported, and downstream services are told to sample. */
	RECORD_AND_SAMPLE

}

package dev.telemetry.autoconfigure.trace;

/**
 * The samplers {@code telemetry.tracing.sampler.type} can name; the OpenTelemetry ones
 * are spelled as in {@code OTEL_TRACES_SAMPLER}.
 *
 * @since 0.1.0
 */
public enum SamplerType {

	/** Sample every span. */
	ALWAYS_ON,

	/** Sample no span. */
	ALWAYS_OFF,

	/** Sample a ratio of traces by trace id, ignoring the parent. */
	TRACEIDRATIO,

	/** Follow the parent; sample every root. */
	PARENTBASED_ALWAYS_ON,

	/** Follow the parent; sample no root. */
	PARENTBASED_ALWAYS_OFF,

	/** Follow the parent; sample a ratio of roots by trace id. */
	PARENTBASED_TRACEIDRATIO,

	/**
	 * Consistent probability sampling: sample a ratio of traces by their 56-bit
	 * randomness and record the threshold in {@code tracestate}, ignoring the parent.
	 */
	PROBABILITY,

	/** Follow the parent; sample a ratio of roots by consistent probability. */
	PARENTBASED_PROBABILITY,

	/** Follow the parent; sample at most a number of roots per second. */
	RATE_LIMITED,

	/** Ask an ordered list of rules, then a fallback sampler. */
	RULES

}

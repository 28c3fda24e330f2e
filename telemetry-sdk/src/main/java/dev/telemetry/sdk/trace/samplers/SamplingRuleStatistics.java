package dev.telemetry.sdk.trace.samplers;

/**
 * How often one rule of a rule-based sampler matched a new span, and how many of those
 * spans it sampled, since the sampler was built. The fallback has an entry of its own.
 * <p>
 * Immutable.
 *
 * @param rule the rule's description, or {@code fallback: } and the fallback's
 * @param matched spans the rule decided for
 * @param sampled of those, spans it recorded and sampled
 * @since 0.1.0
 */
public record SamplingRuleStatistics(String rule, long matched, long sampled) {

}

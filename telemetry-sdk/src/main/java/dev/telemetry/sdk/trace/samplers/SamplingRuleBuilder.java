package dev.telemetry.sdk.trace.samplers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.telemetry.sdk.trace.span.SpanKind;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link SamplingRule}. Every condition is optional, but a rule needs at least
 * one; a rule applies to root spans unless {@link #setApplyTo set} otherwise.
 * <p>
 * Globs (for names, routes and paths): {@code ?} matches one character other than
 * {@code /}; {@code *} a run of characters without {@code /}; {@code **} any run of
 * characters; {@code /**}{@code /} also matches a single {@code /}; a trailing
 * {@code /**} also matches nothing, so {@code /actuator/**} matches {@code /actuator}; a
 * template variable such as {@code {id}} is a {@code *} and {@code {*path}} is a
 * {@code **}; {@code \} escapes the next character. Matching is case-sensitive and on the
 * whole text.
 * <p>
 * Not thread-safe; the rule it builds is. Invalid input throws
 * {@link IllegalArgumentException} at once, naming what is wrong.
 *
 * @since 0.1.0
 */
public final class SamplingRuleBuilder {

	static final int ALL_KINDS = (1 << SpanKind.values().length) - 1;

	private int kinds = ALL_KINDS;

	private @Nullable Glob name;

	private @Nullable Glob route;

	private @Nullable Glob urlPath;

	private final List<String> attributeKeys = new ArrayList<>();

	private final List<String> attributeValues = new ArrayList<>();

	private final List<String> patternKeys = new ArrayList<>();

	private final List<Pattern> patterns = new ArrayList<>();

	private SamplingRule.ApplyTo applyTo = SamplingRule.ApplyTo.ROOT;

	SamplingRuleBuilder() {
	}

	/**
	 * Restricts the rule to spans of these kinds; an empty collection means any kind.
	 * @param spanKinds the kinds
	 * @return this builder
	 */
	public SamplingRuleBuilder setSpanKinds(Collection<SpanKind> spanKinds) {
		int mask = 0;
		for (SpanKind kind : Objects.requireNonNull(spanKinds, "spanKinds")) {
			mask |= 1 << Objects.requireNonNull(kind, "spanKind").ordinal();
		}
		this.kinds = (mask != 0) ? mask : ALL_KINDS;
		return this;
	}

	/**
	 * Requires the span name to match a glob. For spans with {@code http.request.method}
	 * and {@code url.path} attributes, {@code "<method> <path>"} may match instead, so
	 * {@code GET /actuator/**} works for server spans that start named {@code GET}.
	 * @param glob the glob
	 * @return this builder
	 * @throws IllegalArgumentException when the glob is malformed
	 */
	public SamplingRuleBuilder setNameGlob(String glob) {
		this.name = Glob.compile(Objects.requireNonNull(glob, "glob"));
		return this;
	}

	/**
	 * Requires the {@code http.route} attribute, or when it is absent at start (as for
	 * Spring MVC) the {@code url.path} attribute, to match a glob.
	 * @param glob the glob
	 * @return this builder
	 * @throws IllegalArgumentException when the glob is malformed
	 */
	public SamplingRuleBuilder setRouteGlob(String glob) {
		this.route = Glob.compile(Objects.requireNonNull(glob, "glob"));
		return this;
	}

	/**
	 * Requires the {@code url.path} attribute to match a glob.
	 * @param glob the glob
	 * @return this builder
	 * @throws IllegalArgumentException when the glob is malformed
	 */
	public SamplingRuleBuilder setUrlPathGlob(String glob) {
		this.urlPath = Glob.compile(Objects.requireNonNull(glob, "glob"));
		return this;
	}

	/**
	 * Requires an attribute to equal a value. A string attribute must equal it exactly; a
	 * long, double or boolean attribute must equal what the value parses to.
	 * @param key the attribute key
	 * @param value the expected value
	 * @return this builder
	 */
	public SamplingRuleBuilder putAttribute(String key, String value) {
		requireKey(key);
		this.attributeKeys.add(key);
		this.attributeValues.add(Objects.requireNonNull(value, "value"));
		return this;
	}

	/**
	 * Requires an attribute's whole value to match a regular expression.
	 * @param key the attribute key
	 * @param regex the regular expression, in {@link Pattern} syntax
	 * @return this builder
	 * @throws java.util.regex.PatternSyntaxException when the expression is invalid
	 */
	public SamplingRuleBuilder putAttributePattern(String key, String regex) {
		requireKey(key);
		Pattern pattern = Pattern.compile(Objects.requireNonNull(regex, "regex"));
		this.patternKeys.add(key);
		this.patterns.add(pattern);
		return this;
	}

	/**
	 * Sets which spans the rule is asked about; {@link SamplingRule.ApplyTo#ROOT} by
	 * default.
	 * @param applyTo root spans only, or all spans
	 * @return this builder
	 */
	public SamplingRuleBuilder setApplyTo(SamplingRule.ApplyTo applyTo) {
		this.applyTo = Objects.requireNonNull(applyTo, "applyTo");
		return this;
	}

	/**
	 * Builds a rule that drops the spans it matches.
	 * @return the rule
	 * @throws IllegalArgumentException when no condition was set
	 */
	public SamplingRule drop() {
		return build(ConstantSampler.RULE_DROP);
	}

	/**
	 * Builds a rule that samples the spans it matches. They carry no {@code th}: their
	 * sampling probability is unknown to consumers of consistent probability sampling.
	 * @return the rule
	 * @throws IllegalArgumentException when no condition was set
	 */
	public SamplingRule sample() {
		return build(ConstantSampler.RULE_SAMPLE);
	}

	/**
	 * Builds a rule whose matching spans are decided by a sampler, such as
	 * {@link Sampler#probability(double)} or {@link Sampler#rateLimited(double)}.
	 * @param action the sampler
	 * @return the rule
	 * @throws IllegalArgumentException when no condition was set
	 */
	public SamplingRule sampleWith(Sampler action) {
		return build(Objects.requireNonNull(action, "action"));
	}

	private SamplingRule build(Sampler action) {
		if (this.kinds == ALL_KINDS && this.name == null && this.route == null && this.urlPath == null
				&& this.attributeKeys.isEmpty() && this.patterns.isEmpty()) {
			throw new IllegalArgumentException("a rule needs at least one condition; "
					+ "to decide every span, use the rule-based sampler's fallback");
		}
		return new SamplingRule(this.kinds, this.name, this.route, this.urlPath, this.attributeKeys,
				this.attributeValues, this.patternKeys, this.patterns, this.applyTo, action);
	}

	private static void requireKey(String key) {
		if (Objects.requireNonNull(key, "key").isEmpty()) {
			throw new IllegalArgumentException("attribute key must not be empty");
		}
	}

}

package dev.telemetry.autoconfigure.trace;

import java.util.Map;
import java.util.regex.PatternSyntaxException;

import dev.telemetry.autoconfigure.BuilderErrors;
import dev.telemetry.autoconfigure.trace.SamplerSettings.Rule;
import dev.telemetry.autoconfigure.trace.TracingProperties.Sampler.Rule.Action;
import dev.telemetry.sdk.trace.samplers.SamplingRule;
import dev.telemetry.sdk.trace.samplers.SamplingRuleBuilder;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Compiles {@code telemetry.tracing.sampler.rules[n]} into SDK sampling rules: globs and
 * regular expressions once, at configuration time, and any invalid value reported with
 * its exact property path.
 */
final class SamplingRules {

	private SamplingRules() {
	}

	/**
	 * Compiles one rule.
	 * @param path the rule's property path, such as
	 * {@code telemetry.tracing.sampler.rules[2]}
	 * @param rule the rule
	 * @return the compiled rule
	 * @throws InvalidConfigurationPropertyValueException when a value is invalid
	 */
	static SamplingRule compile(String path, Rule rule) {
		SamplingRuleBuilder builder = SamplingRule.builder();
		boolean anyCondition = false;
		if (!rule.kind().isEmpty()) {
			builder.setSpanKinds(rule.kind());
			anyCondition = true;
		}
		String name = rule.name();
		if (name != null) {
			requireNotEmpty(path + ".name", name);
			BuilderErrors.apply(path + ".name", name, () -> builder.setNameGlob(name));
			anyCondition = true;
		}
		String route = rule.route();
		if (route != null) {
			requireNotEmpty(path + ".route", route);
			BuilderErrors.apply(path + ".route", route, () -> builder.setRouteGlob(route));
			anyCondition = true;
		}
		for (Map.Entry<String, String> attribute : rule.attributes().entrySet()) {
			if (attribute.getValue() == null) {
				throw new InvalidConfigurationPropertyValueException(path + ".attributes[" + attribute.getKey() + "]",
						null, "must be set");
			}
			builder.putAttribute(attribute.getKey(), attribute.getValue());
			anyCondition = true;
		}
		for (Map.Entry<String, String> pattern : rule.attributePatterns().entrySet()) {
			String property = path + ".attribute-patterns[" + pattern.getKey() + "]";
			if (pattern.getValue() == null) {
				throw new InvalidConfigurationPropertyValueException(property, null, "must be set");
			}
			try {
				builder.putAttributePattern(pattern.getKey(), pattern.getValue());
			}
			catch (PatternSyntaxException ex) {
				throw new InvalidConfigurationPropertyValueException(property, pattern.getValue(),
						"is not a valid regular expression: " + ex.getDescription() + " near index " + ex.getIndex());
			}
			anyCondition = true;
		}
		if (!anyCondition) {
			// Also what a misspelt key looks like: never apply an action to every span.
			throw new InvalidConfigurationPropertyValueException(path, "(no condition)",
					"must match on at least one of kind, name, route, attributes or attribute-patterns; use "
							+ SamplerFactory.PREFIX + ".fallback to decide every other span");
		}
		builder.setApplyTo(rule.applyTo());
		Double ratio = rule.ratio();
		Double rate = rule.maxTracesPerSecond();
		Action action = rule.action();
		if (action == null) {
			if (ratio != null && rate != null) {
				throw new InvalidConfigurationPropertyValueException(path + ".action", null,
						"must be set (ratio or rate_limited) when both ratio and max-traces-per-second are");
			}
			action = (ratio != null) ? Action.RATIO : (rate != null) ? Action.RATE_LIMITED : null;
			if (action == null) {
				throw new InvalidConfigurationPropertyValueException(path + ".action", null,
						"must be set: drop, sample, ratio (with ratio) or rate_limited (with max-traces-per-second)");
			}
		}
		if (ratio != null && action != Action.RATIO) {
			throw new InvalidConfigurationPropertyValueException(path + ".ratio", ratio,
					"is only used by the ratio action, not " + SamplerFactory.name(action));
		}
		if (rate != null && action != Action.RATE_LIMITED) {
			throw new InvalidConfigurationPropertyValueException(path + ".max-traces-per-second", rate,
					"is only used by the rate_limited action, not " + SamplerFactory.name(action));
		}
		return switch (action) {
			case DROP -> builder.drop();
			case SAMPLE -> builder.sample();
			case RATIO -> {
				if (ratio == null) {
					throw new InvalidConfigurationPropertyValueException(path + ".ratio", null,
							"must be set for the ratio action");
				}
				SamplerFactory.requireRatio(path + ".ratio", ratio);
				yield builder.sampleWith(SamplerFactory.probability(path + ".ratio", ratio));
			}
			case RATE_LIMITED -> builder.sampleWith(
					SamplerFactory.rateLimited(path + ".max-traces-per-second", rate, "the action is rate_limited"));
		};
	}

	private static void requireNotEmpty(String property, String value) {
		if (value.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(property, value, "must not be empty");
		}
	}

}

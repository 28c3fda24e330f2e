package dev.telemetry.autoconfigure.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

import dev.telemetry.autoconfigure.trace.TracingProperties.Sampler.Delegate;
import dev.telemetry.autoconfigure.trace.TracingProperties.Sampler.Rule;
import dev.telemetry.sdk.trace.samplers.ParentBasedSamplerBuilder;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.samplers.SamplingRule;
import dev.telemetry.sdk.trace.samplers.SamplingRuleBuilder;
import dev.telemetry.sdk.trace.span.SpanKind;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.PropertyResolver;

/**
 * Maps {@code telemetry.tracing.sampler.*} onto SDK samplers, validating everything
 * first: any invalid value is reported as an
 * {@link InvalidConfigurationPropertyValueException} naming its exact property path, such
 * as {@code telemetry.tracing.sampler.rules[2].ratio}. Globs and regular expressions are
 * compiled here, once, never per span.
 */
final class SamplerFactory {

	static final String PREFIX = "telemetry.tracing.sampler";

	private final List<String> actuatorPaths;

	/**
	 * Creates a factory.
	 * @param actuatorPaths URL path prefixes of actuator endpoints, excluded when
	 * {@code exclude-actuator} is set
	 */
	SamplerFactory(List<String> actuatorPaths) {
		this.actuatorPaths = List.copyOf(actuatorPaths);
	}

	List<String> getActuatorPaths() {
		return this.actuatorPaths;
	}

	/**
	 * Builds the sampler the settings describe.
	 * @param settings the settings
	 * @return the sampler
	 * @throws InvalidConfigurationPropertyValueException when a value is invalid
	 */
	Sampler create(TracingProperties.Sampler settings) {
		SamplerType type = settings.getType();
		if (type == null) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".type", null, "must be set");
		}
		requireRatio(PREFIX + ".ratio", settings.getRatio());
		boolean rules = type == SamplerType.RULES;
		Delegate fallback = settings.getFallback();
		SamplerType fallbackType = fallback.getType();
		if (rules && fallbackType == null) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".fallback.type", null,
					"must be set when " + PREFIX + ".type is rules");
		}
		if (!isParentBased(rules ? fallbackType : type)) {
			rejectParentCases(settings, rules ? fallbackType : type);
		}
		Sampler base;
		if (rules) {
			if (fallbackType == SamplerType.RULES) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".fallback.type", "rules",
						"must not be rules");
			}
			String path = PREFIX + ".fallback";
			Double ratio = fallback.getRatio();
			if (usesRatio(fallbackType)) {
				if (ratio == null) {
					throw new InvalidConfigurationPropertyValueException(path + ".ratio", null,
							"must be set when " + path + ".type is " + name(fallbackType));
				}
				requireRatio(path + ".ratio", ratio);
			}
			base = sampler(path, fallbackType, (ratio != null) ? ratio : 1.0, fallback.getMaxTracesPerSecond(),
					settings);
		}
		else {
			if (!settings.getRules().isEmpty()) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".rules",
						"(" + settings.getRules().size() + " rules)",
						"are only used when " + PREFIX + ".type is rules, not " + name(type));
			}
			if (fallback.getType() != null) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".fallback.type",
						name(fallback.getType()), "is only used when " + PREFIX + ".type is rules, not " + name(type));
			}
			base = sampler(PREFIX, type, settings.getRatio(), settings.getMaxTracesPerSecond(), settings);
		}
		List<SamplingRule> compiled = new ArrayList<>();
		if (settings.isExcludeActuator()) {
			for (String path : this.actuatorPaths) {
				compiled.add(SamplingRule.builder()
					.setSpanKinds(List.of(SpanKind.SERVER))
					.setUrlPathGlob(escape(path) + "/**")
					.setApplyTo(SamplingRule.ApplyTo.ALL)
					.drop());
			}
		}
		List<Rule> userRules = settings.getRules();
		for (int i = 0; i < userRules.size(); i++) {
			compiled.add(rule(PREFIX + ".rules[" + i + "]", userRules.get(i)));
		}
		return compiled.isEmpty() ? base : Sampler.ruleBased(compiled, base);
	}

	private Sampler sampler(String path, SamplerType type, double ratio, @Nullable Double maxTracesPerSecond,
			TracingProperties.Sampler settings) {
		return switch (type) {
			case ALWAYS_ON -> Sampler.alwaysOn();
			case ALWAYS_OFF -> Sampler.alwaysOff();
			case TRACEIDRATIO -> Sampler.traceIdRatioBased(ratio);
			case PROBABILITY -> probability(path + ".ratio", ratio);
			case PARENTBASED_ALWAYS_ON -> parentBased(Sampler.alwaysOn(), settings);
			case PARENTBASED_ALWAYS_OFF -> parentBased(Sampler.alwaysOff(), settings);
			case PARENTBASED_TRACEIDRATIO -> parentBased(Sampler.traceIdRatioBased(ratio), settings);
			case PARENTBASED_PROBABILITY -> parentBased(probability(path + ".ratio", ratio), settings);
			case RATE_LIMITED -> parentBased(
					rateLimited(path + ".max-traces-per-second", maxTracesPerSecond, path + ".type is rate_limited"),
					settings);
			case RULES -> throw new IllegalStateException("rules are built by create()");
		};
	}

	private Sampler parentBased(Sampler root, TracingProperties.Sampler settings) {
		ParentBasedSamplerBuilder builder = Sampler.parentBasedBuilder(root);
		Sampler remoteSampled = parentCase(PREFIX + ".remote-parent-sampled", settings.getRemoteParentSampled());
		if (remoteSampled != null) {
			builder.setRemoteParentSampled(remoteSampled);
		}
		Sampler remoteNotSampled = parentCase(PREFIX + ".remote-parent-not-sampled",
				settings.getRemoteParentNotSampled());
		if (remoteNotSampled != null) {
			builder.setRemoteParentNotSampled(remoteNotSampled);
		}
		Sampler localSampled = parentCase(PREFIX + ".local-parent-sampled", settings.getLocalParentSampled());
		if (localSampled != null) {
			builder.setLocalParentSampled(localSampled);
		}
		Sampler localNotSampled = parentCase(PREFIX + ".local-parent-not-sampled", settings.getLocalParentNotSampled());
		if (localNotSampled != null) {
			builder.setLocalParentNotSampled(localNotSampled);
		}
		return builder.build();
	}

	private @Nullable Sampler parentCase(String path, Delegate delegate) {
		SamplerType type = delegate.getType();
		if (type == null) {
			return null;
		}
		Double ratio = delegate.getRatio();
		if (usesRatio(type)) {
			if (ratio == null) {
				throw new InvalidConfigurationPropertyValueException(path + ".ratio", null,
						"must be set when " + path + ".type is " + name(type));
			}
			requireRatio(path + ".ratio", ratio);
		}
		return switch (type) {
			case ALWAYS_ON -> Sampler.alwaysOn();
			case ALWAYS_OFF -> Sampler.alwaysOff();
			case TRACEIDRATIO -> Sampler.traceIdRatioBased(ratio);
			case PROBABILITY -> probability(path + ".ratio", ratio);
			// within a parent case the limit applies to the spans of that case
			case RATE_LIMITED -> rateLimited(path + ".max-traces-per-second", delegate.getMaxTracesPerSecond(),
					path + ".type is rate_limited");
			default -> throw new InvalidConfigurationPropertyValueException(path + ".type", name(type),
					"must be always_on, always_off, traceidratio, probability or rate_limited");
		};
	}

	private static void rejectParentCases(TracingProperties.Sampler settings, SamplerType type) {
		rejectParentCase(PREFIX + ".remote-parent-sampled", settings.getRemoteParentSampled(), type);
		rejectParentCase(PREFIX + ".remote-parent-not-sampled", settings.getRemoteParentNotSampled(), type);
		rejectParentCase(PREFIX + ".local-parent-sampled", settings.getLocalParentSampled(), type);
		rejectParentCase(PREFIX + ".local-parent-not-sampled", settings.getLocalParentNotSampled(), type);
	}

	private static void rejectParentCase(String path, Delegate delegate, SamplerType type) {
		if (delegate.getType() != null) {
			throw new InvalidConfigurationPropertyValueException(path + ".type", name(delegate.getType()),
					"is only used by parent-based samplers (parentbased_*, rate_limited, or such a rules fallback), "
							+ "not " + name(type));
		}
	}

	private static SamplingRule rule(String path, Rule rule) {
		SamplingRuleBuilder builder = SamplingRule.builder();
		boolean anyCondition = false;
		if (!rule.getKind().isEmpty()) {
			builder.setSpanKinds(rule.getKind());
			anyCondition = true;
		}
		String name = rule.getName();
		if (name != null) {
			requireNotEmpty(path + ".name", name);
			try {
				builder.setNameGlob(name);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(path + ".name", name, ex.getMessage());
			}
			anyCondition = true;
		}
		String route = rule.getRoute();
		if (route != null) {
			requireNotEmpty(path + ".route", route);
			try {
				builder.setRouteGlob(route);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(path + ".route", route, ex.getMessage());
			}
			anyCondition = true;
		}
		for (Map.Entry<String, String> attribute : rule.getAttributes().entrySet()) {
			if (attribute.getValue() == null) {
				throw new InvalidConfigurationPropertyValueException(path + ".attributes[" + attribute.getKey() + "]",
						null, "must be set");
			}
			builder.putAttribute(attribute.getKey(), attribute.getValue());
			anyCondition = true;
		}
		for (Map.Entry<String, String> pattern : rule.getAttributePatterns().entrySet()) {
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
					"must match on at least one of kind, name, route, attributes or attribute-patterns; use " + PREFIX
							+ ".fallback to decide every other span");
		}
		if (rule.getApplyTo() != null) {
			builder.setApplyTo(rule.getApplyTo());
		}
		Double ratio = rule.getRatio();
		Double rate = rule.getMaxTracesPerSecond();
		Rule.Action action = rule.getAction();
		if (action == null) {
			if (ratio != null && rate != null) {
				throw new InvalidConfigurationPropertyValueException(path + ".action", null,
						"must be set (ratio or rate_limited) when both ratio and max-traces-per-second are");
			}
			action = (ratio != null) ? Rule.Action.RATIO : (rate != null) ? Rule.Action.RATE_LIMITED : null;
			if (action == null) {
				throw new InvalidConfigurationPropertyValueException(path + ".action", null,
						"must be set: drop, sample, ratio (with ratio) or rate_limited (with max-traces-per-second)");
			}
		}
		if (ratio != null && action != Rule.Action.RATIO) {
			throw new InvalidConfigurationPropertyValueException(path + ".ratio", ratio,
					"is only used by the ratio action, not " + name(action));
		}
		if (rate != null && action != Rule.Action.RATE_LIMITED) {
			throw new InvalidConfigurationPropertyValueException(path + ".max-traces-per-second", rate,
					"is only used by the rate_limited action, not " + name(action));
		}
		return switch (action) {
			case DROP -> builder.drop();
			case SAMPLE -> builder.sample();
			case RATIO -> {
				if (ratio == null) {
					throw new InvalidConfigurationPropertyValueException(path + ".ratio", null,
							"must be set for the ratio action");
				}
				requireRatio(path + ".ratio", ratio);
				yield builder.sampleWith(probability(path + ".ratio", ratio));
			}
			case RATE_LIMITED ->
				builder.sampleWith(rateLimited(path + ".max-traces-per-second", rate, "the action is rate_limited"));
		};
	}

	private static void requireNotEmpty(String property, String value) {
		if (value.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(property, value, "must not be empty");
		}
	}

	private static Sampler probability(String property, double ratio) {
		try {
			return Sampler.probability(ratio);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, ratio,
					"must be 0.0, or between 2^-56 and 1.0, for consistent probability sampling");
		}
	}

	private static Sampler rateLimited(String property, @Nullable Double tracesPerSecond, String when) {
		if (tracesPerSecond == null) {
			throw new InvalidConfigurationPropertyValueException(property, null, "must be set when " + when);
		}
		if (!(tracesPerSecond > 0 && tracesPerSecond <= 1e9)) {
			throw new InvalidConfigurationPropertyValueException(property, tracesPerSecond,
					"must be greater than 0 and at most 1e9");
		}
		return Sampler.rateLimited(tracesPerSecond);
	}

	private static void requireRatio(String property, double ratio) {
		if (!(ratio >= 0.0 && ratio <= 1.0)) {
			throw new InvalidConfigurationPropertyValueException(property, ratio, "must be between 0.0 and 1.0");
		}
	}

	private static boolean usesRatio(SamplerType type) {
		return type == SamplerType.TRACEIDRATIO || type == SamplerType.PARENTBASED_TRACEIDRATIO
				|| type == SamplerType.PROBABILITY || type == SamplerType.PARENTBASED_PROBABILITY;
	}

	private static boolean isParentBased(@Nullable SamplerType type) {
		return type == SamplerType.PARENTBASED_ALWAYS_ON || type == SamplerType.PARENTBASED_ALWAYS_OFF
				|| type == SamplerType.PARENTBASED_TRACEIDRATIO || type == SamplerType.PARENTBASED_PROBABILITY
				|| type == SamplerType.RATE_LIMITED;
	}

	static boolean hasRatio(@Nullable SamplerType type) {
		return type != null && usesRatio(type);
	}

	private static String name(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	private static String escape(String path) {
		StringBuilder escaped = new StringBuilder(path.length() + 4);
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == '*' || c == '?' || c == '{' || c == '}' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	/**
	 * Returns the URL path prefixes under which actuator endpoints are served: the
	 * servlet context path plus {@code management.endpoints.web.base-path}, and, when a
	 * management port is set, {@code management.server.base-path} plus the same. A prefix
	 * that would be the root ({@code /}) is left out, as excluding it would exclude
	 * everything.
	 * @param environment where the properties are read
	 * @return the prefixes, without a trailing slash
	 */
	static List<String> actuatorPaths(PropertyResolver environment) {
		String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		List<String> paths = new ArrayList<>();
		addPath(paths, environment.getProperty("server.servlet.context-path", ""), basePath);
		if (environment.containsProperty("management.server.port")) {
			addPath(paths, environment.getProperty("management.server.base-path", ""), basePath);
		}
		return paths;
	}

	private static void addPath(List<String> paths, String prefix, String basePath) {
		String path = normalize(prefix) + normalize(basePath);
		if (!path.isEmpty() && !paths.contains(path)) {
			paths.add(path);
		}
	}

	private static String normalize(String path) {
		String trimmed = path.trim();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return (trimmed.isEmpty() || trimmed.startsWith("/")) ? trimmed : "/" + trimmed;
	}

	/**
	 * Returns a deep copy of the settings, so that a sampler changed at run time never
	 * shares mutable state with the bound properties or with the caller.
	 * @param settings the settings
	 * @return the copy
	 */
	static TracingProperties.Sampler copy(TracingProperties.Sampler settings) {
		TracingProperties.Sampler copy = new TracingProperties.Sampler();
		copy.setType(settings.getType());
		copy.setRatio(settings.getRatio());
		copy.setMaxTracesPerSecond(settings.getMaxTracesPerSecond());
		copy.setExcludeActuator(settings.isExcludeActuator());
		copy.setRules(copyRules(settings.getRules()));
		copyDelegate(settings.getFallback(), copy.getFallback());
		copyDelegate(settings.getRemoteParentSampled(), copy.getRemoteParentSampled());
		copyDelegate(settings.getRemoteParentNotSampled(), copy.getRemoteParentNotSampled());
		copyDelegate(settings.getLocalParentSampled(), copy.getLocalParentSampled());
		copyDelegate(settings.getLocalParentNotSampled(), copy.getLocalParentNotSampled());
		return copy;
	}

	static List<Rule> copyRules(List<Rule> rules) {
		List<Rule> copies = new ArrayList<>(rules.size());
		for (Rule rule : rules) {
			Rule copy = new Rule();
			copy.setKind(new ArrayList<>(rule.getKind()));
			copy.setName(rule.getName());
			copy.setRoute(rule.getRoute());
			copy.setAttributes(new LinkedHashMap<>(rule.getAttributes()));
			copy.setAttributePatterns(new LinkedHashMap<>(rule.getAttributePatterns()));
			copy.setApplyTo(rule.getApplyTo());
			copy.setAction(rule.getAction());
			copy.setRatio(rule.getRatio());
			copy.setMaxTracesPerSecond(rule.getMaxTracesPerSecond());
			copies.add(copy);
		}
		return copies;
	}

	private static void copyDelegate(Delegate from, Delegate to) {
		to.setType(from.getType());
		to.setRatio(from.getRatio());
		to.setMaxTracesPerSecond(from.getMaxTracesPerSecond());
	}

}

package dev.telemetry.autoconfigure.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.telemetry.autoconfigure.BuilderErrors;
import dev.telemetry.autoconfigure.trace.SamplerSettings.Delegate;
import dev.telemetry.autoconfigure.trace.SamplerSettings.Rule;
import dev.telemetry.sdk.trace.samplers.ParentBasedSamplerBuilder;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.samplers.SamplingRule;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Maps {@code telemetry.tracing.sampler.*} onto SDK samplers, validating everything
 * first: any invalid value is reported as an
 * {@link InvalidConfigurationPropertyValueException} naming its exact property path, such
 * as {@code telemetry.tracing.sampler.rules[2].ratio}. Rules are built by
 * {@link SamplingRules}, which compiles globs and regular expressions once, never per
 * span.
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

	/**
	 * Builds the sampler the settings describe.
	 * @param settings the settings
	 * @return the sampler
	 * @throws InvalidConfigurationPropertyValueException when a value is invalid
	 */
	Sampler create(SamplerSettings settings) {
		SamplerType type = settings.type();
		if (type == null) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".type", null, "must be set");
		}
		requireRatio(PREFIX + ".ratio", settings.ratio());
		boolean rules = type == SamplerType.RULES;
		Delegate fallback = settings.fallback();
		SamplerType fallbackType = fallback.type();
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
			Double ratio = fallback.ratio();
			if (usesRatio(fallbackType)) {
				if (ratio == null) {
					throw new InvalidConfigurationPropertyValueException(path + ".ratio", null,
							"must be set when " + path + ".type is " + name(fallbackType));
				}
				requireRatio(path + ".ratio", ratio);
			}
			base = sampler(path, fallbackType, (ratio != null) ? ratio : 1.0, fallback.maxTracesPerSecond(), settings);
		}
		else {
			if (!settings.rules().isEmpty()) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".rules",
						"(" + settings.rules().size() + " rules)",
						"are only used when " + PREFIX + ".type is rules, not " + name(type));
			}
			if (fallback.type() != null) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".fallback.type", name(fallback.type()),
						"is only used when " + PREFIX + ".type is rules, not " + name(type));
			}
			base = sampler(PREFIX, type, settings.ratio(), settings.maxTracesPerSecond(), settings);
		}
		List<SamplingRule> compiled = new ArrayList<>();
		if (settings.excludeActuator()) {
			compiled.addAll(ActuatorPaths.exclusionRules(this.actuatorPaths));
		}
		List<Rule> userRules = settings.rules();
		for (int i = 0; i < userRules.size(); i++) {
			compiled.add(SamplingRules.compile(PREFIX + ".rules[" + i + "]", userRules.get(i)));
		}
		return compiled.isEmpty() ? base : Sampler.ruleBased(compiled, base);
	}

	private Sampler sampler(String path, SamplerType type, double ratio, @Nullable Double maxTracesPerSecond,
			SamplerSettings settings) {
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

	private Sampler parentBased(Sampler root, SamplerSettings settings) {
		ParentBasedSamplerBuilder builder = Sampler.parentBasedBuilder(root);
		Sampler remoteSampled = parentCase(PREFIX + ".remote-parent-sampled", settings.remoteParentSampled());
		if (remoteSampled != null) {
			builder.setRemoteParentSampled(remoteSampled);
		}
		Sampler remoteNotSampled = parentCase(PREFIX + ".remote-parent-not-sampled", settings.remoteParentNotSampled());
		if (remoteNotSampled != null) {
			builder.setRemoteParentNotSampled(remoteNotSampled);
		}
		Sampler localSampled = parentCase(PREFIX + ".local-parent-sampled", settings.localParentSampled());
		if (localSampled != null) {
			builder.setLocalParentSampled(localSampled);
		}
		Sampler localNotSampled = parentCase(PREFIX + ".local-parent-not-sampled", settings.localParentNotSampled());
		if (localNotSampled != null) {
			builder.setLocalParentNotSampled(localNotSampled);
		}
		return builder.build();
	}

	private @Nullable Sampler parentCase(String path, Delegate delegate) {
		SamplerType type = delegate.type();
		if (type == null) {
			return null;
		}
		Double ratio = delegate.ratio();
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
			case RATE_LIMITED -> rateLimited(path + ".max-traces-per-second", delegate.maxTracesPerSecond(),
					path + ".type is rate_limited");
			default -> throw new InvalidConfigurationPropertyValueException(path + ".type", name(type),
					"must be always_on, always_off, traceidratio, probability or rate_limited");
		};
	}

	private static void rejectParentCases(SamplerSettings settings, SamplerType type) {
		rejectParentCase(PREFIX + ".remote-parent-sampled", settings.remoteParentSampled(), type);
		rejectParentCase(PREFIX + ".remote-parent-not-sampled", settings.remoteParentNotSampled(), type);
		rejectParentCase(PREFIX + ".local-parent-sampled", settings.localParentSampled(), type);
		rejectParentCase(PREFIX + ".local-parent-not-sampled", settings.localParentNotSampled(), type);
	}

	private static void rejectParentCase(String path, Delegate delegate, SamplerType type) {
		if (delegate.type() != null) {
			throw new InvalidConfigurationPropertyValueException(path + ".type", name(delegate.type()),
					"is only used by parent-based samplers (parentbased_*, rate_limited, or such a rules fallback), "
							+ "not " + name(type));
		}
	}

	static Sampler probability(String property, double ratio) {
		try {
			return Sampler.probability(ratio);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, ratio,
					"must be 0.0, or between 2^-56 and 1.0, for consistent probability sampling");
		}
	}

	static Sampler rateLimited(String property, @Nullable Double tracesPerSecond, String when) {
		if (tracesPerSecond == null) {
			throw new InvalidConfigurationPropertyValueException(property, null, "must be set when " + when);
		}
		return BuilderErrors.apply(property, tracesPerSecond, () -> Sampler.rateLimited(tracesPerSecond));
	}

	static void requireRatio(String property, double ratio) {
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

	static String name(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}

package dev.telemetry.autoconfigure.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.telemetry.autoconfigure.trace.TracingProperties.Sampler.Rule.Action;
import dev.telemetry.sdk.trace.samplers.SamplingRule;
import dev.telemetry.sdk.trace.span.SpanKind;
import org.jspecify.annotations.Nullable;

/**
 * The sampler settings as an immutable value: {@code telemetry.tracing.sampler.*},
 * converted once from the mutable binding class
 * ({@link TracingProperties.Sampler#toSettings()}), and what {@link SamplerControl}
 * changes at run time. Components are named after the properties; nothing is validated
 * here: the sampler built from them validates every value and names its property.
 *
 * @param type sampler that decides which new traces are recorded ({@code type})
 * @param ratio fraction of traces to sample ({@code ratio})
 * @param maxTracesPerSecond most new traces per second, for {@code rate_limited}
 * @param excludeActuator whether server spans of actuator endpoints are dropped
 * @param rules rules of the rules sampler, in order
 * @param fallback sampler for the spans no rule matches
 * @param remoteParentSampled sampler for spans whose remote parent was sampled
 * @param remoteParentNotSampled sampler for spans whose remote parent was not sampled
 * @param localParentSampled sampler for spans whose local parent was sampled
 * @param localParentNotSampled sampler for spans whose local parent was not sampled
 * @since 0.1.0
 */
public record SamplerSettings(@Nullable SamplerType type, double ratio, @Nullable Double maxTracesPerSecond,
		boolean excludeActuator, List<Rule> rules, Delegate fallback, Delegate remoteParentSampled,
		Delegate remoteParentNotSampled, Delegate localParentSampled, Delegate localParentNotSampled) {

	/**
	 * Creates the settings, copying the rules.
	 */
	public SamplerSettings {
		rules = List.copyOf(rules);
		Objects.requireNonNull(fallback, "fallback");
		Objects.requireNonNull(remoteParentSampled, "remoteParentSampled");
		Objects.requireNonNull(remoteParentNotSampled, "remoteParentNotSampled");
		Objects.requireNonNull(localParentSampled, "localParentSampled");
		Objects.requireNonNull(localParentNotSampled, "localParentNotSampled");
	}

	SamplerSettings withRatio(double ratio) {
		return new SamplerSettings(this.type, ratio, this.maxTracesPerSecond, this.excludeActuator, this.rules,
				this.fallback, this.remoteParentSampled, this.remoteParentNotSampled, this.localParentSampled,
				this.localParentNotSampled);
	}

	SamplerSettings withFallback(Delegate fallback) {
		return new SamplerSettings(this.type, this.ratio, this.maxTracesPerSecond, this.excludeActuator, this.rules,
				fallback, this.remoteParentSampled, this.remoteParentNotSampled, this.localParentSampled,
				this.localParentNotSampled);
	}

	/**
	 * Returns these settings with rules: of the rules type, with these rules, when they
	 * already are; else with the sampler of these settings as the fallback.
	 */
	SamplerSettings withRules(List<Rule> rules) {
		if (this.type == SamplerType.RULES) {
			return new SamplerSettings(this.type, this.ratio, this.maxTracesPerSecond, this.excludeActuator, rules,
					this.fallback, this.remoteParentSampled, this.remoteParentNotSampled, this.localParentSampled,
					this.localParentNotSampled);
		}
		return new SamplerSettings(SamplerType.RULES, this.ratio, this.maxTracesPerSecond, this.excludeActuator, rules,
				new Delegate(this.type, this.ratio, this.maxTracesPerSecond), this.remoteParentSampled,
				this.remoteParentNotSampled, this.localParentSampled, this.localParentNotSampled);
	}

	/**
	 * A sampler inside another one: the rules sampler's fallback, or one of the four
	 * parent cases of a parent-based sampler.
	 *
	 * @param type the sampler, or {@code null} when unset
	 * @param ratio fraction of traces to sample, for the ratio and probability samplers
	 * @param maxTracesPerSecond most new traces per second, for {@code rate_limited}
	 */
	public record Delegate(@Nullable SamplerType type, @Nullable Double ratio, @Nullable Double maxTracesPerSecond) {

	}

	/**
	 * One sampling rule: conditions on what is known when a span starts, all of which
	 * must hold, and the action taken when they do. Build one from
	 * {@link TracingProperties.Sampler.Rule#toSettings()}.
	 *
	 * @param kind span kinds the rule matches; any kind when empty
	 * @param name glob the span name must match
	 * @param route glob the {@code http.route} (or {@code url.path}) must match
	 * @param attributes attributes whose values must equal the given ones, in order
	 * @param attributePatterns attributes whose values must match the given regular
	 * expressions, in order
	 * @param applyTo spans the rule applies to
	 * @param action action for matching spans; implied by ratio or max-traces-per-second
	 * when {@code null}
	 * @param ratio fraction of matching traces to sample, for the ratio action
	 * @param maxTracesPerSecond most matching traces per second, for the rate_limited
	 * action
	 */
	public record Rule(List<SpanKind> kind, @Nullable String name, @Nullable String route,
			Map<String, String> attributes, Map<String, String> attributePatterns, SamplingRule.ApplyTo applyTo,
			@Nullable Action action, @Nullable Double ratio, @Nullable Double maxTracesPerSecond) {

		/**
		 * Creates a rule, copying its lists and maps (order kept; a {@code null} value
		 * too, so that validation can name it).
		 */
		public Rule {
			kind = Collections.unmodifiableList(new ArrayList<>(kind));
			attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
			attributePatterns = Collections.unmodifiableMap(new LinkedHashMap<>(attributePatterns));
			Objects.requireNonNull(applyTo, "applyTo");
		}

	}

}

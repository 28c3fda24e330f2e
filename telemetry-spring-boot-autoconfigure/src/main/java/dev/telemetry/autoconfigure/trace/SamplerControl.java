package dev.telemetry.autoconfigure.trace;

import java.util.List;
import java.util.Objects;

import dev.telemetry.autoconfigure.trace.TracingProperties.Sampler.Rule;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.samplers.SwappableSampler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Changes head sampling while the application runs: the ratio, or the rules, without a
 * restart. Each change is validated exactly as {@code telemetry.tracing.sampler.*} is at
 * start-up, builds a new immutable sampler and swaps it in, so it applies to every span
 * started after the method returns; spans already started keep their decision. Changes
 * are not persisted: a restart, or {@link #reset()}, goes back to the configuration.
 * <p>
 * Thread-safe. Sampling reads one volatile field and never waits for a change; changes
 * are serialized among themselves. A rate limit's bucket starts full again after any
 * change.
 *
 * @since 0.1.0
 */
public final class SamplerControl {

	private final SamplerFactory factory;

	private final TracingProperties.Sampler configured;

	private final SwappableSampler sampler;

	// a private copy, never mutated once published; replaced under the lock
	private volatile TracingProperties.Sampler current;

	private final Object lock = new Object();

	SamplerControl(SamplerFactory factory, TracingProperties.Sampler settings) {
		this.factory = factory;
		this.configured = SamplerSettingsCopies.copy(settings);
		this.sampler = SwappableSampler.create(factory.create(this.configured));
		this.current = this.configured;
	}

	/**
	 * Returns the sampler given to the tracer provider; its decisions follow every change
	 * made here.
	 * @return the sampler
	 */
	public Sampler getSampler() {
		return this.sampler;
	}

	/**
	 * Returns the description of the sampler in effect, such as
	 * {@code ParentBased{root:TraceIdRatioBased{0.100000},...}}.
	 * @return the description
	 */
	public String getDescription() {
		return this.sampler.getDescription();
	}

	/**
	 * Returns the sampler type in effect; {@code rules} once rules have been set.
	 * @return the type
	 */
	public SamplerType getType() {
		return this.current.getType();
	}

	/**
	 * Returns the ratio in effect: {@code telemetry.tracing.sampler.ratio} for the ratio
	 * and probability types, or the fallback's ratio for the rules type with such a
	 * fallback.
	 * @return the ratio, or {@code null} when the sampler has none
	 */
	public @Nullable Double getRatio() {
		TracingProperties.Sampler settings = this.current;
		if (SamplerFactory.hasRatio(settings.getType())) {
			return settings.getRatio();
		}
		if (settings.getType() == SamplerType.RULES && SamplerFactory.hasRatio(settings.getFallback().getType())) {
			return settings.getFallback().getRatio();
		}
		return null;
	}

	/**
	 * Replaces the ratio (see {@link #getRatio()}); takes effect for new root spans at
	 * once.
	 * @param ratio the ratio, from 0.0 to 1.0
	 * @throws IllegalArgumentException when the ratio is invalid; the message names the
	 * property, as at start-up
	 * @throws IllegalStateException when the sampler in effect has no ratio
	 */
	public void setRatio(double ratio) {
		synchronized (this.lock) {
			TracingProperties.Sampler next = SamplerSettingsCopies.copy(this.current);
			if (SamplerFactory.hasRatio(next.getType())) {
				next.setRatio(ratio);
			}
			else if (next.getType() == SamplerType.RULES && SamplerFactory.hasRatio(next.getFallback().getType())) {
				next.getFallback().setRatio(ratio);
			}
			else {
				throw new IllegalStateException("The sampler in effect (" + getDescription() + ") has no ratio");
			}
			apply(next);
		}
	}

	/**
	 * Returns a copy of the rules in effect, not counting the actuator exclusion.
	 * @return the rules, in order
	 */
	public List<Rule> getRules() {
		return SamplerSettingsCopies.copyRules(this.current.getRules());
	}

	/**
	 * Replaces the rules. When the sampler in effect is not the rules sampler, it becomes
	 * the fallback of a rules sampler with these rules (its parent cases and the actuator
	 * exclusion unchanged). The rules are copied; changing them afterwards has no effect.
	 * @param rules the rules, first match wins
	 * @throws IllegalArgumentException when a rule is invalid; the message names it, as
	 * in {@code telemetry.tracing.sampler.rules[2].ratio}
	 */
	public void setRules(List<Rule> rules) {
		Objects.requireNonNull(rules, "rules");
		synchronized (this.lock) {
			TracingProperties.Sampler next = SamplerSettingsCopies.copy(this.current);
			if (next.getType() != SamplerType.RULES) {
				if (rules.isEmpty()) {
					return;
				}
				next.getFallback().setType(next.getType());
				next.getFallback().setRatio(next.getRatio());
				next.getFallback().setMaxTracesPerSecond(next.getMaxTracesPerSecond());
				next.setType(SamplerType.RULES);
			}
			next.setRules(SamplerSettingsCopies.copyRules(rules));
			apply(next);
		}
	}

	/**
	 * Goes back to the sampler built from the configuration at start-up.
	 */
	public void reset() {
		synchronized (this.lock) {
			apply(this.configured);
		}
	}

	// guarded by lock
	private void apply(TracingProperties.Sampler next) {
		Sampler built;
		try {
			built = this.factory.create(next);
		}
		catch (InvalidConfigurationPropertyValueException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
		this.sampler.setDelegate(built);
		this.current = next;
	}

	@Override
	public String toString() {
		return "SamplerControl{" + getDescription() + "}";
	}

}

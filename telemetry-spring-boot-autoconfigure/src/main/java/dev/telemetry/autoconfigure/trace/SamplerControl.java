package dev.telemetry.autoconfigure.trace;

import java.util.List;
import java.util.Objects;

import dev.telemetry.autoconfigure.trace.SamplerSettings.Rule;
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

	private final SamplerSettings configured;

	private final SwappableSampler sampler;

	// replaced under the lock
	private volatile SamplerSettings current;

	private final Object lock = new Object();

	SamplerControl(SamplerFactory factory, SamplerSettings settings) {
		this.factory = factory;
		this.configured = settings;
		this.sampler = SwappableSampler.create(factory.create(settings));
		this.current = settings;
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
		SamplerType type = this.current.type();
		// never null: a sampler was built from the settings
		return Objects.requireNonNull(type);
	}

	/**
	 * Returns the ratio in effect: {@code telemetry.tracing.sampler.ratio} for the ratio
	 * and probability types, or the fallback's ratio for the rules type with such a
	 * fallback.
	 * @return the ratio, or {@code null} when the sampler has none
	 */
	public @Nullable Double getRatio() {
		SamplerSettings settings = this.current;
		if (SamplerFactory.hasRatio(settings.type())) {
			return settings.ratio();
		}
		if (settings.type() == SamplerType.RULES && SamplerFactory.hasRatio(settings.fallback().type())) {
			return settings.fallback().ratio();
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
			SamplerSettings current = this.current;
			SamplerSettings.Delegate fallback = current.fallback();
			if (SamplerFactory.hasRatio(current.type())) {
				apply(current.withRatio(ratio));
			}
			else if (current.type() == SamplerType.RULES && SamplerFactory.hasRatio(fallback.type())) {
				apply(current
					.withFallback(new SamplerSettings.Delegate(fallback.type(), ratio, fallback.maxTracesPerSecond())));
			}
			else {
				throw new IllegalStateException("The sampler in effect (" + getDescription() + ") has no ratio");
			}
		}
	}

	/**
	 * Returns the rules in effect, not counting the actuator exclusion.
	 * @return the rules, in order; an immutable list
	 */
	public List<Rule> getRules() {
		return this.current.rules();
	}

	/**
	 * Replaces the rules. When the sampler in effect is not the rules sampler, it becomes
	 * the fallback of a rules sampler with these rules (its parent cases and the actuator
	 * exclusion unchanged). Rules are immutable values: make one from the binding class
	 * with {@link TracingProperties.Sampler.Rule#toSettings()}.
	 * @param rules the rules, first match wins
	 * @throws IllegalArgumentException when a rule is invalid; the message names it, as
	 * in {@code telemetry.tracing.sampler.rules[2].ratio}
	 */
	public void setRules(List<Rule> rules) {
		Objects.requireNonNull(rules, "rules");
		synchronized (this.lock) {
			SamplerSettings current = this.current;
			if (current.type() != SamplerType.RULES && rules.isEmpty()) {
				return;
			}
			apply(current.withRules(rules));
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
	private void apply(SamplerSettings next) {
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

package dev.telemetry.autoconfigure.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import dev.telemetry.autoconfigure.trace.TracingProperties.Sampler.Delegate;
import dev.telemetry.autoconfigure.trace.TracingProperties.Sampler.Rule;

/**
 * Deep copies of the sampler settings, so that a sampler changed at run time never shares
 * mutable state with the bound properties or with the caller of {@link SamplerControl}.
 * {@code SamplerSettingsCopiesTests} checks that every property is copied.
 */
final class SamplerSettingsCopies {

	private SamplerSettingsCopies() {
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

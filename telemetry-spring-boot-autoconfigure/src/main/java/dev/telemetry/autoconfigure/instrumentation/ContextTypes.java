package dev.telemetry.autoconfigure.instrumentation;

import java.util.List;

import io.micrometer.observation.Observation;

/**
 * A fixed set of observation context types, subclasses included: what the untraced and
 * unmeasured conventions switch off. Immutable and thread-safe.
 */
final class ContextTypes {

	private final Class<?>[] types;

	ContextTypes(List<Class<? extends Observation.Context>> types) {
		this.types = types.toArray(new Class<?>[0]);
	}

	boolean matches(Observation.Context context) {
		for (Class<?> type : this.types) {
			if (type.isInstance(context)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		StringBuilder names = new StringBuilder();
		for (Class<?> type : this.types) {
			names.append((names.length() > 0) ? ", " : "").append(type.getName());
		}
		return names.toString();
	}

}

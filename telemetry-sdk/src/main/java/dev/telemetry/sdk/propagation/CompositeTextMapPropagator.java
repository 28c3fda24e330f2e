package dev.telemetry.sdk.propagation;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.telemetry.sdk.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * Runs several propagators as one; see {@link TextMapPropagator#composite(List)}.
 */
final class CompositeTextMapPropagator implements TextMapPropagator {

	private final TextMapPropagator[] propagators;

	private final Collection<String> fields;

	CompositeTextMapPropagator(List<TextMapPropagator> propagators) {
		// An array avoids an iterator allocation per request on the hot path.
		this.propagators = propagators.toArray(new TextMapPropagator[0]);
		Set<String> names = new LinkedHashSet<>();
		for (TextMapPropagator propagator : this.propagators) {
			// Fail at configuration time rather than on the first request.
			Objects.requireNonNull(propagator, "propagator");
			names.addAll(propagator.fields());
		}
		this.fields = Collections.unmodifiableSet(names);
	}

	@Override
	public Collection<String> fields() {
		return this.fields;
	}

	@Override
	public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
		for (TextMapPropagator propagator : this.propagators) {
			propagator.inject(context, carrier, setter);
		}
	}

	@Override
	public <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter) {
		Context result = context;
		for (TextMapPropagator propagator : this.propagators) {
			result = propagator.extract(result, carrier, getter);
		}
		return result;
	}

	@Override
	public String toString() {
		StringBuilder sb = new StringBuilder("CompositeTextMapPropagator{");
		for (int i = 0; i < this.propagators.length; i++) {
			sb.append((i > 0) ? ", " : "").append(this.propagators[i]);
		}
		return sb.append('}').toString();
	}

}

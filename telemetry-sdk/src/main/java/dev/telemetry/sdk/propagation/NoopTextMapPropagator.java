package dev.telemetry.sdk.propagation;

import java.util.Collection;
import java.util.List;

import dev.telemetry.sdk.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * The propagator used when propagation is switched off.
 */
final class NoopTextMapPropagator implements TextMapPropagator {

	static final NoopTextMapPropagator INSTANCE = new NoopTextMapPropagator();

	private NoopTextMapPropagator() {
	}

	@Override
	public Collection<String> fields() {
		return List.of();
	}

	@Override
	public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
	}

	@Override
	public <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter) {
		return context;
	}

	@Override
	public String toString() {
		return "NoopTextMapPropagator";
	}

}

package dev.telemetry.sdk.propagation;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A {@code Map<String, String>} carrier for propagator tests.
 */
final class MapCarrier {

	static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(Map<String, String> carrier) {
			return carrier.keySet();
		}

		@Override
		public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
			return (carrier != null) ? carrier.get(key) : null;
		}

	};

	static final TextMapSetter<Map<String, String>> SETTER = (carrier, key, value) -> {
		if (carrier != null) {
			carrier.put(key, value);
		}
	};

	private MapCarrier() {
	}

}

package dev.telemetry.sdk.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

/**
 * A read-only, ordered collection of attributes: string keys with a {@code String},
 * {@code Long}, {@code Double} or {@code Boolean} value each, at most one value per key.
 * <p>
 * Implementations returned by {@link #empty()} and {@link AttributesBuilder#build()} are
 * immutable and thread-safe.
 *
 * @since 0.1.0
 */
public interface Attributes {

	/**
	 * Returns the number of attributes.
	 * @return the count
	 */
	int size();

	/**
	 * Returns the key at an index.
	 * @param index from 0 to {@code size() - 1}
	 * @return the key
	 */
	String key(int index);

	/**
	 * Returns the value at an index.
	 * @param index from 0 to {@code size() - 1}
	 * @return a {@code String}, {@code Long}, {@code Double} or {@code Boolean}
	 */
	Object value(int index);

	/**
	 * Returns the value of a key.
	 * @param key the key
	 * @return its value, or {@code null} when absent
	 */
	default @Nullable Object get(String key) {
		for (int i = 0, n = size(); i < n; i++) {
			if (key(i).equals(key)) {
				return value(i);
			}
		}
		return null;
	}

	/**
	 * Returns whether there are no attributes.
	 * @return whether empty
	 */
	default boolean isEmpty() {
		return size() == 0;
	}

	/**
	 * Calls the consumer for each attribute, in order.
	 * @param consumer receives key and value
	 */
	default void forEach(BiConsumer<String, Object> consumer) {
		for (int i = 0, n = size(); i < n; i++) {
			consumer.accept(key(i), value(i));
		}
	}

	/**
	 * Copies the attributes into a new ordered map (for tests and diagnostics, not the
	 * hot path).
	 * @return a new map
	 */
	default Map<String, Object> asMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		forEach(map::put);
		return map;
	}

	/**
	 * Returns the empty attributes.
	 * @return the shared empty instance
	 */
	static Attributes empty() {
		return ArrayAttributes.EMPTY;
	}

	/**
	 * Returns a new builder with no limit on the number of attributes.
	 * @return a new builder
	 */
	static AttributesBuilder builder() {
		return new AttributesBuilder(Integer.MAX_VALUE);
	}

	/**
	 * Returns attributes holding one string value.
	 * @param key the key
	 * @param value the value
	 * @return the attributes
	 */
	static Attributes of(String key, String value) {
		return new ArrayAttributes(new Object[] { key, value });
	}

}

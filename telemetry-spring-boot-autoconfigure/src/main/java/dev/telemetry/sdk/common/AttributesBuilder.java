package dev.telemetry.sdk.common;

import java.util.Arrays;

/**
 * Collects attributes, keeping the last value written for a key and at most a fixed
 * number of distinct keys; attributes beyond the limit are counted as dropped.
 * <p>
 * A builder is also a live {@link Attributes} view of what it holds, which lets a span
 * hand its attributes to exporters without a copy once it has ended. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class AttributesBuilder implements Attributes {

	private static final Object[] NONE = new Object[0];

	private final int limit;

	private Object[] keysAndValues = NONE;

	private int size;

	private int dropped;

	/**
	 * Creates a builder that keeps at most {@code limit} distinct keys.
	 * @param limit the maximum number of attributes, at least 0
	 */
	public AttributesBuilder(int limit) {
		if (limit < 0) {
			throw new IllegalArgumentException("limit must not be negative: " + limit);
		}
		this.limit = limit;
	}

	/**
	 * Sets a string attribute. A {@code null} key or value is ignored.
	 * @param key the key
	 * @param value the value
	 * @return this builder
	 */
	public AttributesBuilder put(String key, String value) {
		return putObject(key, value);
	}

	/**
	 * Sets a long attribute.
	 * @param key the key
	 * @param value the value
	 * @return this builder
	 */
	public AttributesBuilder put(String key, long value) {
		return putObject(key, value);
	}

	/**
	 * Sets a double attribute.
	 * @param key the key
	 * @param value the value
	 * @return this builder
	 */
	public AttributesBuilder put(String key, double value) {
		return putObject(key, value);
	}

	/**
	 * Sets a boolean attribute.
	 * @param key the key
	 * @param value the value
	 * @return this builder
	 */
	public AttributesBuilder put(String key, boolean value) {
		return putObject(key, value);
	}

	/**
	 * Copies every attribute of another collection into this builder.
	 * @param attributes the attributes to copy
	 * @return this builder
	 */
	public AttributesBuilder putAll(Attributes attributes) {
		for (int i = 0, n = attributes.size(); i < n; i++) {
			putObject(attributes.key(i), attributes.value(i));
		}
		return this;
	}

	/**
	 * Sets an attribute whose value is a {@code String}, {@code Long}, {@code Double} or
	 * {@code Boolean}; other values are stored as their {@code toString()}.
	 * @param key the key
	 * @param value the value
	 * @return this builder
	 */
	public AttributesBuilder putObject(String key, Object value) {
		if (key == null || value == null || key.isEmpty()) {
			return this;
		}
		if (!(value instanceof String || value instanceof Long || value instanceof Double
				|| value instanceof Boolean)) {
			value = (value instanceof Integer || value instanceof Short || value instanceof Byte)
					? (Object) ((Number) value).longValue() : value.toString();
		}
		Object[] kv = this.keysAndValues;
		for (int i = 0, n = this.size << 1; i < n; i += 2) {
			if (kv[i].equals(key)) {
				kv[i + 1] = value;
				return this;
			}
		}
		if (this.size >= this.limit) {
			this.dropped++;
			return this;
		}
		int needed = (this.size + 1) << 1;
		if (needed > kv.length) {
			kv = Arrays.copyOf(kv, Math.max(needed, Math.max(8, kv.length * 2)));
			this.keysAndValues = kv;
		}
		kv[this.size << 1] = key;
		kv[(this.size << 1) + 1] = value;
		this.size++;
		return this;
	}

	/**
	 * Returns how many attributes were dropped because the limit was reached.
	 * @return the dropped count
	 */
	public int droppedCount() {
		return this.dropped;
	}

	@Override
	public int size() {
		return this.size;
	}

	@Override
	public String key(int index) {
		return (String) this.keysAndValues[index << 1];
	}

	@Override
	public Object value(int index) {
		return this.keysAndValues[(index << 1) + 1];
	}

	/**
	 * Returns an immutable copy of what this builder holds.
	 * @return the attributes
	 */
	public Attributes build() {
		return (this.size == 0) ? Attributes.empty()
				: new ArrayAttributes(Arrays.copyOf(this.keysAndValues, this.size << 1));
	}

	@Override
	public String toString() {
		return asMap().toString();
	}

}

package dev.telemetry.sdk.common;

import java.util.Arrays;

/**
 * Collects attributes, keeping the last value written for a key and at most a fixed
 * number of distinct keys; attributes beyond the limit are counted as dropped, and string
 * values beyond an optional length limit are truncated.
 * <p>
 * A builder is also a live {@link Attributes} view of what it holds, which lets a span
 * hand its attributes to exporters without a copy once it has ended. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class AttributesBuilder implements Attributes {

	private static final Object[] NONE = new Object[0];

	private final int limit;

	private final int maxValueLength;

	// Slots of the first array, allocated on the first put so that empty
	// builders cost nothing.
	private final int initialSlots;

	private Object[] keysAndValues = NONE;

	private int size;

	private int dropped;

	/**
	 * Creates a builder that keeps at most {@code limit} distinct keys.
	 * @param limit the maximum number of attributes, at least 0
	 */
	public AttributesBuilder(int limit) {
		this(limit, 4);
	}

	/**
	 * Creates a builder that keeps at most {@code limit} distinct keys and makes room for
	 * {@code expectedSize} of them at once, so that filling it up to that size copies
	 * nothing.
	 * @param limit the maximum number of attributes, at least 0
	 * @param expectedSize how many attributes are expected, at least 0
	 */
	public AttributesBuilder(int limit, int expectedSize) {
		this(limit, expectedSize, Integer.MAX_VALUE);
	}

	/**
	 * Creates a builder that keeps at most {@code limit} distinct keys, truncates string
	 * values to {@code maxValueLength} characters, and makes room for
	 * {@code expectedSize} attributes at once.
	 * @param limit the maximum number of attributes, at least 0
	 * @param expectedSize how many attributes are expected, at least 0
	 * @param maxValueLength the most characters of a string value, at least 1
	 * @since 0.1.0
	 */
	public AttributesBuilder(int limit, int expectedSize, int maxValueLength) {
		if (maxValueLength < 1) {
			throw new IllegalArgumentException("maxValueLength must be positive: " + maxValueLength);
		}
		this.maxValueLength = maxValueLength;
		if (limit < 0) {
			throw new IllegalArgumentException("limit must not be negative: " + limit);
		}
		if (expectedSize < 0) {
			throw new IllegalArgumentException("expectedSize must not be negative: " + expectedSize);
		}
		this.limit = limit;
		this.initialSlots = Math.max(2, Math.min(expectedSize, Math.min(limit, 1024)) << 1);
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
		int count = attributes.size();
		if (this.size == 0 && count <= this.limit && attributes instanceof AttributesBuilder other
				&& other.maxValueLength <= this.maxValueLength) {
			// Another builder holds distinct, valid entries already: copy them wholesale.
			int slots = count << 1;
			if (slots > this.keysAndValues.length) {
				this.keysAndValues = new Object[Math.max(slots, this.initialSlots)];
			}
			System.arraycopy(other.keysAndValues, 0, this.keysAndValues, 0, slots);
			this.size = count;
			return this;
		}
		for (int i = 0; i < count; i++) {
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
		if (value instanceof String string && string.length() > this.maxValueLength) {
			// As OpenTelemetry does: the first characters, counted in UTF-16 units.
			value = string.substring(0, this.maxValueLength);
		}
		Object[] kv = this.keysAndValues;
		// Keys are mostly constants whose hash is cached: comparing it first makes
		// each miss cheap.
		int hash = key.hashCode();
		for (int i = 0, n = this.size << 1; i < n; i += 2) {
			String existing = (String) kv[i];
			if (existing.hashCode() == hash && existing.equals(key)) {
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
			kv = (kv.length == 0) ? new Object[Math.max(needed, this.initialSlots)]
					: Arrays.copyOf(kv, Math.max(needed, kv.length * 2));
			this.keysAndValues = kv;
		}
		kv[this.size << 1] = key;
		kv[(this.size << 1) + 1] = value;
		this.size++;
		return this;
	}

	/**
	 * Removes every attribute and resets the dropped count, keeping the array for reuse.
	 * @return this builder
	 * @since 0.1.0
	 */
	public AttributesBuilder clear() {
		Arrays.fill(this.keysAndValues, 0, this.size << 1, null);
		this.size = 0;
		this.dropped = 0;
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

package dev.telemetry.sdk.common;

/**
 * Immutable {@link Attributes} over one array of alternating keys and values.
 */
final class ArrayAttributes implements Attributes {

	static final ArrayAttributes EMPTY = new ArrayAttributes(new Object[0]);

	private final Object[] keysAndValues;

	// Cached as String caches its hash (0 means not computed yet): metric recording looks
	// attribute sets up in a hash map on every measurement.
	private int hash;

	ArrayAttributes(Object[] keysAndValues) {
		this.keysAndValues = keysAndValues;
	}

	@Override
	public int size() {
		return this.keysAndValues.length >> 1;
	}

	@Override
	public String key(int index) {
		return (String) this.keysAndValues[index << 1];
	}

	@Override
	public Object value(int index) {
		return this.keysAndValues[(index << 1) + 1];
	}

	// Order-insensitive: the same entries make equal attributes, as a set
	// of key-value pairs.
	@Override
	public boolean equals(Object obj) {
		if (obj == this) {
			return true;
		}
		if (!(obj instanceof ArrayAttributes other) || other.size() != size()) {
			return false;
		}
		for (int i = 0, n = size(); i < n; i++) {
			if (!value(i).equals(other.get(key(i)))) {
				return false;
			}
		}
		return true;
	}

	@Override
	public int hashCode() {
		int cached = this.hash;
		if (cached == 0) {
			for (int i = 0, n = size(); i < n; i++) {
				cached += key(i).hashCode() ^ value(i).hashCode();
			}
			this.hash = cached;
		}
		return cached;
	}

	@Override
	public String toString() {
		return asMap().toString();
	}

}

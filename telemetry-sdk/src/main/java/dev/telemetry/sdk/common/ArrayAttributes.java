package dev.telemetry.sdk.common;

/**
 * Immutable {@link Attributes} over one array of alternating keys and values.
 */
final class ArrayAttributes implements Attributes {

	static final ArrayAttributes EMPTY = new ArrayAttributes(new Object[0]);

	private final Object[] keysAndValues;

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
		int hash = 0;
		for (int i = 0, n = size(); i < n; i++) {
			hash += key(i).hashCode() ^ value(i).hashCode();
		}
		return hash;
	}

	@Override
	public String toString() {
		return asMap().toString();
	}

}

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

	@Override
	public String toString() {
		return asMap().toString();
	}

}

package dev.telemetry.sdk.trace.span;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The W3C {@code tracestate}: up to 32 vendor entries, most recently updated first.
 * Immutable; {@link #with} and {@link #without} return new instances and leave invalid
 * input unapplied rather than throwing.
 *
 * @since 0.1.0
 */
public final class TraceState {

	/** The most entries W3C Trace Context allows. */
	public static final int MAX_ENTRIES = 32;

	private static final TraceState EMPTY = new TraceState(new String[0]);

	// alternating key and value, first entry first
	private final String[] entries;

	private TraceState(String[] entries) {
		this.entries = entries;
	}

	/**
	 * Returns the empty trace state.
	 * @return the shared empty instance
	 */
	public static TraceState empty() {
		return EMPTY;
	}

	/**
	 * Builds a trace state from already validated entries in order (used by parsers,
	 * which validate as they go).
	 * @param keysAndValues alternating keys and values, at most {@link #MAX_ENTRIES}
	 * pairs
	 * @return the trace state
	 */
	public static TraceState ofValidated(String... keysAndValues) {
		if (keysAndValues.length == 0) {
			return EMPTY;
		}
		if ((keysAndValues.length & 1) != 0 || keysAndValues.length > MAX_ENTRIES * 2) {
			throw new IllegalArgumentException("expected at most " + MAX_ENTRIES + " key/value pairs");
		}
		return new TraceState(keysAndValues.clone());
	}

	/**
	 * Returns the value of a key.
	 * @param key the vendor key
	 * @return the value, or {@code null}
	 */
	public @Nullable String get(String key) {
		for (int i = 0; i < this.entries.length; i += 2) {
			if (this.entries[i].equals(key)) {
				return this.entries[i + 1];
			}
		}
		return null;
	}

	/**
	 * Returns a trace state with the entry set and moved to the front, as W3C requires of
	 * a vendor updating its entry. Invalid keys or values leave the state unchanged; when
	 * full, the last entry is dropped to make room.
	 * @param key the vendor key
	 * @param value the value
	 * @return the new state, or this one
	 */
	public TraceState with(String key, String value) {
		if (!isValidKey(key) || !isValidValue(value)) {
			return this;
		}
		String[] result = new String[Math.min(this.entries.length + 2, MAX_ENTRIES * 2)];
		result[0] = key;
		result[1] = value;
		int out = 2;
		for (int i = 0; i < this.entries.length && out < result.length; i += 2) {
			if (!this.entries[i].equals(key)) {
				result[out++] = this.entries[i];
				result[out++] = this.entries[i + 1];
			}
		}
		return new TraceState((out == result.length) ? result : Arrays.copyOf(result, out));
	}

	/**
	 * Returns a trace state without the entry.
	 * @param key the vendor key
	 * @return the new state, or this one when the key is absent
	 */
	public TraceState without(String key) {
		if (get(key) == null) {
			return this;
		}
		if (this.entries.length == 2) {
			return EMPTY;
		}
		String[] result = new String[this.entries.length - 2];
		int out = 0;
		for (int i = 0; i < this.entries.length; i += 2) {
			if (!this.entries[i].equals(key)) {
				result[out++] = this.entries[i];
				result[out++] = this.entries[i + 1];
			}
		}
		return new TraceState(result);
	}

	/**
	 * Returns the number of entries.
	 * @return the count
	 */
	public int size() {
		return this.entries.length >> 1;
	}

	/**
	 * Returns whether there are no entries.
	 * @return whether empty
	 */
	public boolean isEmpty() {
		return this.entries.length == 0;
	}

	/**
	 * Returns the key at an index.
	 * @param index from 0 to {@code size() - 1}, front first
	 * @return the key
	 */
	public String key(int index) {
		return this.entries[index << 1];
	}

	/**
	 * Returns the value at an index.
	 * @param index from 0 to {@code size() - 1}, front first
	 * @return the value
	 */
	public String value(int index) {
		return this.entries[(index << 1) + 1];
	}

	/**
	 * Returns the W3C header form, {@code k1=v1,k2=v2}.
	 * @return the header value, empty for the empty state
	 */
	public String toHeader() {
		if (this.entries.length == 0) {
			return "";
		}
		StringBuilder sb = new StringBuilder(this.entries.length * 8);
		for (int i = 0; i < this.entries.length; i += 2) {
			if (i > 0) {
				sb.append(',');
			}
			sb.append(this.entries[i]).append('=').append(this.entries[i + 1]);
		}
		return sb.toString();
	}

	/**
	 * Returns whether a key is valid per W3C Trace Context: a simple key of lower-case
	 * letters, digits and {@code _-*\/} starting with a letter, up to 256 characters, or
	 * a multi-tenant key {@code tenant@system}.
	 * @param key the key
	 * @return whether valid
	 */
	public static boolean isValidKey(@Nullable String key) {
		if (key == null || key.isEmpty() || key.length() > 256) {
			return false;
		}
		int at = key.indexOf('@');
		if (at < 0) {
			return isLowerAlpha(key.charAt(0)) && allKeyChars(key, 1, key.length());
		}
		// tenant: 1..241 chars starting with a letter or digit; system: 1..14 chars
		// starting
		// with a letter
		int systemLength = key.length() - at - 1;
		if (at == 0 || at > 241 || systemLength < 1 || systemLength > 14) {
			return false;
		}
		char first = key.charAt(0);
		return (isLowerAlpha(first) || isDigit(first)) && allKeyChars(key, 1, at) && isLowerAlpha(key.charAt(at + 1))
				&& allKeyChars(key, at + 2, key.length());
	}

	/**
	 * Returns whether a value is valid per W3C Trace Context: 1 to 256 printable ASCII
	 * characters other than {@code ,} and {@code =}, not ending in a space.
	 * @param value the value
	 * @return whether valid
	 */
	public static boolean isValidValue(@Nullable String value) {
		if (value == null || value.isEmpty() || value.length() > 256) {
			return false;
		}
		for (int i = 0, n = value.length(); i < n; i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7E || c == ',' || c == '=') {
				return false;
			}
		}
		return value.charAt(value.length() - 1) != ' ';
	}

	private static boolean allKeyChars(String key, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = key.charAt(i);
			if (!(isLowerAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '*' || c == '/')) {
				return false;
			}
		}
		return true;
	}

	private static boolean isLowerAlpha(char c) {
		return c >= 'a' && c <= 'z';
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	@Override
	public boolean equals(Object obj) {
		return (obj instanceof TraceState other) && Arrays.equals(this.entries, other.entries);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.entries);
	}

	@Override
	public String toString() {
		return "TraceState{" + toHeader() + "}";
	}

}

package dev.telemetry.sdk.trace.span;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.logging.Logger;

import dev.telemetry.sdk.internal.HttpGrammar;
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

	private static final Logger logger = Logger.getLogger(TraceState.class.getName());

	private static final TraceState EMPTY = new TraceState(new String[0]);

	private static final VarHandle SPLIT;

	static {
		try {
			SPLIT = MethodHandles.lookup().findVarHandle(TraceState.class, "split", String[].class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	// Alternating key and value, first entry first, when made from entries. Final, so
	// a trace state handed to another thread through a data race (a span context in a
	// plain field) still shows every slot.
	private final String @Nullable [] entries;

	// The header a state was parsed from when it was already canonical, kept as it is:
	// most trace states are only passed on, and then never need splitting.
	private final @Nullable String canonical;

	// The entries of the canonical header, split on first look. Written with release
	// and read with acquire semantics: a thread that sees the array sees its slots,
	// without a lock (on x86 both are plain moves). Every thread splits to equal arrays.
	@SuppressWarnings("unused")
	private String @Nullable [] split;

	// The header form when made from entries, built on first use. Racy but benign: a
	// String is immutable, and every thread builds an equal one.
	private @Nullable String header;

	private TraceState(String[] entries) {
		this.entries = entries;
		this.canonical = null;
	}

	private TraceState(String canonical) {
		this.entries = null;
		this.canonical = canonical;
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
	 * Parses a W3C {@code tracestate} header, all or nothing: the specification forbids
	 * propagating a trace state that could not be fully parsed. Never throws.
	 * <p>
	 * A header already in the canonical form (members separated by single commas, no
	 * whitespace) is kept as it is and split into entries only if they are looked at;
	 * propagating it on costs no copying.
	 * @param header the header value, possibly several headers joined by {@code ,}
	 * @return the trace state, empty when the header is absent or malformed
	 * @since 0.1.0
	 */
	public static TraceState parse(@Nullable String header) {
		if (header == null || header.isEmpty()) {
			return EMPTY;
		}
		if (isCanonical(header)) {
			return new TraceState(header);
		}
		return parseLenient(header);
	}

	// Whether the header is valid and exactly what toHeader() would make of it.
	private static boolean isCanonical(String header) {
		int length = header.length();
		int members = 0;
		int start = 0;
		while (start <= length) {
			int comma = header.indexOf(',', start);
			int end = (comma < 0) ? length : comma;
			int equals = header.indexOf('=', start);
			if (equals < 0 || equals >= end || ++members > MAX_ENTRIES || !isValidKey(header, start, equals)
					|| !isValidValue(header, equals + 1, end)) {
				return false;
			}
			// Duplicate keys make the header invalid; the slow path says why.
			for (int other = 0; other < start;) {
				int otherEquals = header.indexOf('=', other);
				if (otherEquals - other == equals - start
						&& header.regionMatches(other, header, start, equals - start)) {
					return false;
				}
				other = header.indexOf(',', other) + 1;
			}
			start = end + 1;
		}
		return true;
	}

	private static TraceState parseLenient(String header) {
		int members = 1;
		for (int i = 0, n = header.length(); i < n; i++) {
			if (header.charAt(i) == ',') {
				members++;
			}
		}
		String[] keysAndValues = new String[Math.min(members, MAX_ENTRIES + 1) * 2];
		int count = 0;
		int length = header.length();
		int start = 0;
		while (start <= length) {
			int comma = header.indexOf(',', start);
			int end = (comma < 0) ? length : comma;
			int from = HttpGrammar.skipWhitespace(header, start, end);
			int to = HttpGrammar.trimWhitespace(header, from, end);
			// Empty members are legal so that joined repeated headers stay valid.
			if (from < to) {
				if (count == MAX_ENTRIES * 2) {
					return discard("more than " + MAX_ENTRIES + " members");
				}
				int equals = header.indexOf('=', from);
				if (equals < 0 || equals >= to) {
					return discard("a member without '='");
				}
				if (!isValidKey(header, from, equals) || !isValidValue(header, equals + 1, to)) {
					return discard("an invalid member");
				}
				String key = header.substring(from, equals);
				for (int i = 0; i < count; i += 2) {
					if (keysAndValues[i].equals(key)) {
						return discard("a duplicate key");
					}
				}
				keysAndValues[count++] = key;
				keysAndValues[count++] = header.substring(equals + 1, to);
			}
			start = end + 1;
		}
		if (count == 0) {
			return EMPTY;
		}
		return new TraceState((count == keysAndValues.length) ? keysAndValues : Arrays.copyOf(keysAndValues, count));
	}

	private static TraceState discard(String reason) {
		logger.fine(() -> "Ignoring tracestate header with " + reason);
		return EMPTY;
	}

	private String[] entries() {
		String[] entries = this.entries;
		if (entries != null) {
			return entries;
		}
		entries = (String[]) SPLIT.getAcquire(this);
		if (entries == null) {
			entries = split(this.canonical);
			SPLIT.setRelease(this, entries);
		}
		return entries;
	}

	// A canonical header: members separated by single commas, one '=' after each key.
	private static String[] split(@Nullable String header) {
		if (header == null || header.isEmpty()) {
			return new String[0];
		}
		int members = 1;
		for (int i = 0, n = header.length(); i < n; i++) {
			if (header.charAt(i) == ',') {
				members++;
			}
		}
		String[] entries = new String[members * 2];
		int start = 0;
		for (int m = 0; m < members; m++) {
			int comma = header.indexOf(',', start);
			int end = (comma < 0) ? header.length() : comma;
			int equals = header.indexOf('=', start);
			entries[2 * m] = header.substring(start, equals);
			entries[2 * m + 1] = header.substring(equals + 1, end);
			start = end + 1;
		}
		return entries;
	}

	/**
	 * Returns the value of a key.
	 * @param key the vendor key
	 * @return the value, or {@code null}
	 */
	public @Nullable String get(String key) {
		String[] entries = entries();
		for (int i = 0; i < entries.length; i += 2) {
			if (entries[i].equals(key)) {
				return entries[i + 1];
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
		String[] entries = entries();
		String[] result = new String[Math.min(entries.length + 2, MAX_ENTRIES * 2)];
		result[0] = key;
		result[1] = value;
		int out = 2;
		for (int i = 0; i < entries.length && out < result.length; i += 2) {
			if (!entries[i].equals(key)) {
				result[out++] = entries[i];
				result[out++] = entries[i + 1];
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
		String[] entries = entries();
		if (entries.length == 2) {
			return EMPTY;
		}
		String[] result = new String[entries.length - 2];
		int out = 0;
		for (int i = 0; i < entries.length; i += 2) {
			if (!entries[i].equals(key)) {
				result[out++] = entries[i];
				result[out++] = entries[i + 1];
			}
		}
		return new TraceState(result);
	}

	/**
	 * Returns the number of entries.
	 * @return the count
	 */
	public int size() {
		return entries().length >> 1;
	}

	/**
	 * Returns whether there are no entries.
	 * @return whether empty
	 */
	public boolean isEmpty() {
		String[] entries = this.entries;
		return (entries != null) ? entries.length == 0 : this.canonical == null || this.canonical.isEmpty();
	}

	/**
	 * Returns the key at an index.
	 * @param index from 0 to {@code size() - 1}, front first
	 * @return the key
	 */
	public String key(int index) {
		return entries()[index << 1];
	}

	/**
	 * Returns the value at an index.
	 * @param index from 0 to {@code size() - 1}, front first
	 * @return the value
	 */
	public String value(int index) {
		return entries()[(index << 1) + 1];
	}

	/**
	 * Returns the W3C header form, {@code k1=v1,k2=v2}.
	 * @return the header value, empty for the empty state
	 */
	public String toHeader() {
		if (this.canonical != null) {
			return this.canonical;
		}
		String header = this.header;
		if (header == null) {
			// Every span of a trace in this process shares its trace state, and each
			// outgoing call and each export asks for the header: build it once.
			header = buildHeader();
			this.header = header;
		}
		return header;
	}

	private String buildHeader() {
		String[] entries = entries();
		if (entries.length == 0) {
			return "";
		}
		int length = entries.length - 1;
		for (String entry : entries) {
			length += entry.length();
		}
		StringBuilder sb = new StringBuilder(length);
		for (int i = 0; i < entries.length; i += 2) {
			if (i > 0) {
				sb.append(',');
			}
			sb.append(entries[i]).append('=').append(entries[i + 1]);
		}
		return sb.toString();
	}

	/**
	 * Returns whether a key is valid per the W3C Trace Context Level 2 grammar: a
	 * lower-case letter or a digit, then up to 255 lower-case letters, digits and
	 * {@code _-*\/@}. Every Level 1 key, simple or {@code tenant@system}, is one.
	 * @param key the key
	 * @return whether valid
	 */
	public static boolean isValidKey(@Nullable String key) {
		return key != null && isValidKey(key, 0, key.length());
	}

	private static boolean isValidKey(String s, int from, int to) {
		int length = to - from;
		if (length <= 0 || length > 256) {
			return false;
		}
		char first = s.charAt(from);
		if (!isLowerAlpha(first) && !isDigit(first)) {
			return false;
		}
		for (int i = from + 1; i < to; i++) {
			char c = s.charAt(i);
			if (!(isLowerAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '*' || c == '/' || c == '@')) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Returns whether a value is valid per W3C Trace Context: 1 to 256 printable ASCII
	 * characters other than {@code ,} and {@code =}, not ending in a space.
	 * @param value the value
	 * @return whether valid
	 */
	public static boolean isValidValue(@Nullable String value) {
		return value != null && isValidValue(value, 0, value.length());
	}

	private static boolean isValidValue(String s, int from, int to) {
		int length = to - from;
		if (length <= 0 || length > 256) {
			return false;
		}
		for (int i = from; i < to; i++) {
			char c = s.charAt(i);
			if (c < 0x20 || c > 0x7E || c == ',' || c == '=') {
				return false;
			}
		}
		return s.charAt(to - 1) != ' ';
	}

	private static boolean isLowerAlpha(char c) {
		return c >= 'a' && c <= 'z';
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	@Override
	public boolean equals(Object obj) {
		return (obj instanceof TraceState other) && Arrays.equals(entries(), other.entries());
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(entries());
	}

	@Override
	public String toString() {
		return "TraceState{" + toHeader() + "}";
	}

}

package dev.telemetry.sdk.trace.samplers;

import dev.telemetry.sdk.trace.span.TraceState;

/**
 * Reads and rewrites OpenTelemetry's own {@code tracestate} entry, {@code ot}: a
 * {@code ;}-separated list of {@code key:value} sub-keys, of which consistent probability
 * sampling defines {@code th} (the rejection threshold) and {@code rv} (explicit
 * randomness).
 * <p>
 * Invalid input is ignored, never thrown: an {@code ot} value that is not a well-formed
 * list counts as absent (and is replaced or removed when a threshold is written or
 * erased); an {@code rv} that is not exactly 14 lower-case hex digits is not used as
 * randomness but is kept as it is; a {@code th} is never read for a decision and is
 * always replaced or removed. Reading allocates nothing.
 */
final class OtTraceState {

	static final String KEY = "ot";

	/** One more than the largest 56-bit value: a threshold of this rejects everything. */
	static final long MAX_THRESHOLD = 1L << 56;

	static final long RANDOMNESS_MASK = MAX_THRESHOLD - 1;

	private static final int MAX_VALUE_LENGTH = 256;

	private OtTraceState() {
	}

	/**
	 * Returns the explicit randomness value, the {@code rv} sub-key, when present and
	 * valid.
	 * @param state the parent's trace state
	 * @return the 56-bit randomness, or -1
	 */
	static long explicitRandomness(TraceState state) {
		if (state.isEmpty()) {
			return -1;
		}
		String ot = state.get(KEY);
		if (ot == null || !isWellFormed(ot)) {
			return -1;
		}
		int start = 0;
		int length = ot.length();
		while (start < length) {
			int end = memberEnd(ot, start);
			if (isKey(ot, start, end, 'r', 'v')) {
				// exactly 14 digits after "rv:"
				return (end - start == 17) ? parseHex(ot, start + 3, end) : -1;
			}
			start = end + 1;
		}
		return -1;
	}

	/**
	 * Returns the trace state with {@code th} set to the given encoded threshold: first
	 * in the {@code ot} entry, which moves to the front, other sub-keys kept in order.
	 * When the result would exceed the W3C limit, the threshold is erased instead, as an
	 * unknown probability is better than a stale one.
	 * @param state the parent's trace state
	 * @param threshold the encoded threshold, such as {@code c}
	 * @return the new trace state
	 */
	static TraceState withThreshold(TraceState state, String threshold) {
		String ot = state.get(KEY);
		if (ot == null || !isWellFormed(ot)) {
			return state.with(KEY, "th:" + threshold);
		}
		StringBuilder value = new StringBuilder(ot.length() + threshold.length() + 4);
		value.append("th:").append(threshold);
		appendAllBut(value, ot, 't', 'h');
		if (value.length() > MAX_VALUE_LENGTH) {
			return withoutThreshold(state);
		}
		return state.with(KEY, value.toString());
	}

	/**
	 * Returns the trace state without a {@code th} sub-key, for spans whose sampling
	 * probability is not known (or that are not sampled). Returns the same instance when
	 * there is nothing to erase, so the common case allocates nothing.
	 * @param state the parent's trace state
	 * @return the trace state without a threshold
	 */
	static TraceState withoutThreshold(TraceState state) {
		if (state.isEmpty()) {
			return state;
		}
		String ot = state.get(KEY);
		if (ot == null) {
			return state;
		}
		if (!isWellFormed(ot)) {
			return state.without(KEY);
		}
		if (!hasKey(ot, 't', 'h')) {
			return state;
		}
		StringBuilder value = new StringBuilder(ot.length());
		appendAllBut(value, ot, 't', 'h');
		return (value.length() == 0) ? state.without(KEY) : state.with(KEY, value.toString());
	}

	/**
	 * Returns whether the value is a non-empty list of {@code key:value} members, keys
	 * being a lower-case letter followed by lower-case letters and digits, values made of
	 * letters, digits, {@code .}, {@code _} and {@code -}.
	 */
	static boolean isWellFormed(String ot) {
		int length = ot.length();
		if (length == 0) {
			return false;
		}
		int start = 0;
		while (true) {
			int end = memberEnd(ot, start);
			if (!isWellFormedMember(ot, start, end)) {
				return false;
			}
			if (end == length) {
				return true;
			}
			start = end + 1;
		}
	}

	private static boolean isWellFormedMember(String ot, int start, int end) {
		if (start >= end || !isLowerAlpha(ot.charAt(start))) {
			return false;
		}
		int i = start + 1;
		while (i < end && (isLowerAlpha(ot.charAt(i)) || isDigit(ot.charAt(i)))) {
			i++;
		}
		if (i == end || ot.charAt(i) != ':') {
			return false;
		}
		for (i++; i < end; i++) {
			char c = ot.charAt(i);
			if (!(isLowerAlpha(c) || isDigit(c) || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == '-')) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Parses a {@code th} value: 1 to 14 lower-case hex digits, extended with trailing
	 * zeros to 56 bits.
	 * @param value the value
	 * @return the threshold, or -1 when invalid
	 */
	static long parseThreshold(CharSequence value) {
		int length = value.length();
		if (length < 1 || length > 14) {
			return -1;
		}
		long parsed = parseHex(value, 0, length);
		return (parsed < 0) ? -1 : parsed << (4 * (14 - length));
	}

	/**
	 * Encodes a threshold as a {@code th} value: hex digits with trailing zeros removed,
	 * {@code 0} for zero.
	 * @param threshold the threshold, from 0 to 2^56 - 1
	 * @return the value
	 */
	static String encodeThreshold(long threshold) {
		if (threshold == 0) {
			return "0";
		}
		char[] digits = new char[14];
		int last = 0;
		for (int i = 0; i < 14; i++) {
			int digit = (int) ((threshold >>> (4 * (13 - i))) & 0xF);
			digits[i] = Character.forDigit(digit, 16);
			if (digit != 0) {
				last = i;
			}
		}
		return new String(digits, 0, last + 1);
	}

	private static long parseHex(CharSequence value, int from, int to) {
		long result = 0;
		for (int i = from; i < to; i++) {
			char c = value.charAt(i);
			int digit;
			if (isDigit(c)) {
				digit = c - '0';
			}
			else if (c >= 'a' && c <= 'f') {
				digit = c - 'a' + 10;
			}
			else {
				return -1;
			}
			result = (result << 4) | digit;
		}
		return result;
	}

	private static void appendAllBut(StringBuilder out, String ot, char key0, char key1) {
		int start = 0;
		int length = ot.length();
		while (start < length) {
			int end = memberEnd(ot, start);
			if (!isKey(ot, start, end, key0, key1)) {
				if (out.length() > 0) {
					out.append(';');
				}
				out.append(ot, start, end);
			}
			start = end + 1;
		}
	}

	private static boolean hasKey(String ot, char key0, char key1) {
		int start = 0;
		int length = ot.length();
		while (start < length) {
			int end = memberEnd(ot, start);
			if (isKey(ot, start, end, key0, key1)) {
				return true;
			}
			start = end + 1;
		}
		return false;
	}

	private static boolean isKey(String ot, int start, int end, char key0, char key1) {
		return end - start >= 3 && ot.charAt(start) == key0 && ot.charAt(start + 1) == key1
				&& ot.charAt(start + 2) == ':';
	}

	private static int memberEnd(String ot, int start) {
		int end = ot.indexOf(';', start);
		return (end < 0) ? ot.length() : end;
	}

	private static boolean isLowerAlpha(char c) {
		return c >= 'a' && c <= 'z';
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

}

package dev.telemetry.sdk.internal;

/**
 * The character classes of HTTP field syntax (RFC 9110 section 5.6) that propagation
 * headers and exporter header names are checked against: tokens and optional whitespace.
 * <p>
 * <strong>Not an API.</strong>
 */
public final class HttpGrammar {

	/** The characters RFC 9110 allows in a token besides letters and digits. */
	public static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

	// tchar, by ASCII code: one array load per character on the parsing paths.
	private static final boolean[] TOKEN = new boolean[128];

	static {
		for (char c = 0x21; c < 0x7F; c++) {
			TOKEN[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
					|| TOKEN_SYMBOLS.indexOf(c) >= 0;
		}
	}

	private HttpGrammar() {
	}

	/**
	 * Returns whether a character is an RFC 9110 {@code tchar}.
	 * @param c the character
	 * @return whether it may appear in a token
	 */
	public static boolean isTokenChar(char c) {
		return c < 128 && TOKEN[c];
	}

	/**
	 * Returns whether a string is a non-empty RFC 9110 {@code token}.
	 * @param s the string
	 * @return whether it is a token
	 */
	public static boolean isToken(String s) {
		return !s.isEmpty() && isToken(s, 0, s.length());
	}

	/**
	 * Returns whether every character of a range is an RFC 9110 {@code tchar}; an empty
	 * range is.
	 * @param s the string
	 * @param from the first index, inclusive
	 * @param to the last index, exclusive
	 * @return whether the range holds only token characters
	 */
	public static boolean isToken(String s, int from, int to) {
		for (int i = from; i < to; i++) {
			if (!isTokenChar(s.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Returns whether a string is one or more ASCII digits ({@code 1*DIGIT}), as in
	 * {@code Content-Length} or {@code Retry-After}.
	 * @param s the string
	 * @return whether it is non-empty and all digits
	 */
	public static boolean isDigits(String s) {
		if (s.isEmpty()) {
			return false;
		}
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	/**
	 * Returns whether a character is optional whitespace ({@code OWS}): a space or a
	 * horizontal tab.
	 * @param c the character
	 * @return whether it is a space or a tab
	 */
	public static boolean isWhitespace(char c) {
		return c == ' ' || c == '\t';
	}

	/**
	 * Returns the index of the first character of a range that is not optional
	 * whitespace.
	 * @param s the string
	 * @param from the first index, inclusive
	 * @param to the last index, exclusive
	 * @return that index, or {@code to} when the range is all whitespace
	 */
	public static int skipWhitespace(String s, int from, int to) {
		while (from < to && isWhitespace(s.charAt(from))) {
			from++;
		}
		return from;
	}

	/**
	 * Returns the end of a range without its trailing optional whitespace.
	 * @param s the string
	 * @param from the first index, inclusive
	 * @param to the last index, exclusive
	 * @return the new exclusive end, at least {@code from}
	 */
	public static int trimWhitespace(String s, int from, int to) {
		while (to > from && isWhitespace(s.charAt(to - 1))) {
			to--;
		}
		return to;
	}

}

package dev.telemetry.sdk.trace.samplers;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A compiled path-style glob: {@code ?} is one character other than {@code /}, {@code *}
 * (or a template variable such as {@code {id}}) a run of characters without {@code /},
 * {@code **} (or {@code {*rest}}) any run of characters, {@code /**}{@code /} also
 * matches a single {@code /}, a trailing {@code /**} also matches nothing, and {@code \}
 * escapes the next character. Everything else, including case, must match exactly.
 * <p>
 * Implementation: the glob is compiled once into a 128-state position automaton whose
 * state set fits in two {@code long}s; matching runs it over the text one character at a
 * time (no backtracking, so time is linear in the text whatever the glob), and allocates
 * nothing. Globs are limited to {@value #MAX_TOKENS} tokens. Immutable and thread-safe.
 */
final class Glob {

	static final int MAX_TOKENS = 127;

	private static final int ANY_CHAR = -1;

	private static final int STAR = -2;

	private static final int DOUBLE_STAR = -3;

	private final String pattern;

	// literal characters as themselves, or one of the negative markers above
	private final int[] tokens;

	private final long[] asciiLow = new long[128];

	private final long[] asciiHigh = new long[128];

	private long anyLow;

	private long anyHigh;

	private long starLow;

	private long starHigh;

	private long doubleStarLow;

	private long doubleStarHigh;

	// a "/" token followed by "**/": matching it may also jump past the "**/"
	private long jumpLow;

	private long jumpHigh;

	private final boolean optionalTail;

	private final long initialLow;

	private final long initialHigh;

	private Glob(String pattern, int[] tokens) {
		this.pattern = pattern;
		this.tokens = tokens;
		int count = tokens.length;
		for (int i = 0; i < count; i++) {
			int token = tokens[i];
			switch (token) {
				case ANY_CHAR -> {
					this.anyLow |= low(i);
					this.anyHigh |= high(i);
				}
				case STAR -> {
					this.starLow |= low(i);
					this.starHigh |= high(i);
				}
				case DOUBLE_STAR -> {
					this.doubleStarLow |= low(i);
					this.doubleStarHigh |= high(i);
				}
				default -> {
					if (token < 128) {
						this.asciiLow[token] |= low(i);
						this.asciiHigh[token] |= high(i);
					}
					if (token == '/' && i + 2 < count && tokens[i + 1] == DOUBLE_STAR && tokens[i + 2] == '/') {
						this.jumpLow |= low(i);
						this.jumpHigh |= high(i);
					}
				}
			}
		}
		this.optionalTail = count >= 2 && tokens[count - 1] == DOUBLE_STAR && tokens[count - 2] == '/';
		// a leading star may match nothing
		this.initialLow = 1L | ((1L & (this.starLow | this.doubleStarLow)) << 1);
		this.initialHigh = 0L;
	}

	/**
	 * Compiles a glob.
	 * @param pattern the glob
	 * @return the compiled glob
	 * @throws IllegalArgumentException when the glob is malformed or too long
	 */
	static Glob compile(String pattern) {
		int[] tokens = new int[pattern.length()];
		int count = 0;
		int i = 0;
		int length = pattern.length();
		while (i < length) {
			char c = pattern.charAt(i);
			int token;
			if (c == '\\') {
				if (i + 1 == length) {
					throw new IllegalArgumentException("'\\' at the end of \"" + pattern + "\" escapes nothing");
				}
				token = pattern.charAt(i + 1);
				i += 2;
			}
			else if (c == '?') {
				token = ANY_CHAR;
				i++;
			}
			else if (c == '*') {
				token = (i + 1 < length && pattern.charAt(i + 1) == '*') ? DOUBLE_STAR : STAR;
				i += (token == DOUBLE_STAR) ? 2 : 1;
			}
			else if (c == '{') {
				int close = pattern.indexOf('}', i + 1);
				if (close < 0) {
					throw new IllegalArgumentException("'{' at index " + i + " of \"" + pattern + "\" is not closed");
				}
				token = (close > i + 1 && pattern.charAt(i + 1) == '*') ? DOUBLE_STAR : STAR;
				i = close + 1;
			}
			else {
				token = c;
				i++;
			}
			if (token < ANY_CHAR && count > 0 && tokens[count - 1] < ANY_CHAR) {
				// adjacent stars are one star; "**" absorbs "*"
				tokens[count - 1] = Math.min(tokens[count - 1], token);
				continue;
			}
			tokens[count++] = token;
		}
		if (count > MAX_TOKENS) {
			throw new IllegalArgumentException(
					"\"" + pattern + "\" is longer than " + MAX_TOKENS + " characters and wildcards");
		}
		return new Glob(pattern, Arrays.copyOf(tokens, count));
	}

	/**
	 * Returns whether the whole text matches.
	 * @param text the text
	 * @return whether it matches
	 */
	boolean matches(CharSequence text) {
		return matches(text, '\0', null);
	}

	/**
	 * Returns whether the concatenation {@code first + separator + second} matches,
	 * without building it. When {@code second} is {@code null} only {@code first} is
	 * matched.
	 * @param first the first part
	 * @param separator the character between the parts
	 * @param second the second part, or {@code null}
	 * @return whether it matches
	 */
	boolean matches(CharSequence first, char separator, @Nullable CharSequence second) {
		int firstLength = first.length();
		int length = (second != null) ? firstLength + 1 + second.length() : firstLength;
		long stateLow = this.initialLow;
		long stateHigh = this.initialHigh;
		for (int i = 0; i < length; i++) {
			char c;
			if (i < firstLength) {
				c = first.charAt(i);
			}
			else if (i == firstLength) {
				c = separator;
			}
			else {
				c = second.charAt(i - firstLength - 1);
			}
			long literalLow;
			long literalHigh;
			if (c < 128) {
				literalLow = this.asciiLow[c];
				literalHigh = this.asciiHigh[c];
			}
			else {
				literalLow = 0;
				literalHigh = 0;
				for (int t = 0; t < this.tokens.length; t++) {
					if (this.tokens[t] == c) {
						literalLow |= low(t);
						literalHigh |= high(t);
					}
				}
			}
			boolean slash = c == '/';
			long advanceLow = stateLow & (slash ? literalLow : (literalLow | this.anyLow));
			long advanceHigh = stateHigh & (slash ? literalHigh : (literalHigh | this.anyHigh));
			long stayLow = stateLow & (slash ? this.doubleStarLow : (this.doubleStarLow | this.starLow));
			long stayHigh = stateHigh & (slash ? this.doubleStarHigh : (this.doubleStarHigh | this.starHigh));
			long nextLow = (advanceLow << 1) | stayLow;
			long nextHigh = (advanceHigh << 1) | (advanceLow >>> 63) | stayHigh;
			long jumpLow = advanceLow & this.jumpLow;
			long jumpHigh = advanceHigh & this.jumpHigh;
			nextLow |= jumpLow << 3;
			nextHigh |= (jumpHigh << 3) | (jumpLow >>> 61);
			// a state on a star may also skip it (stars are never adjacent, so
			// one step closes)
			long skipLow = nextLow & (this.starLow | this.doubleStarLow);
			long skipHigh = nextHigh & (this.starHigh | this.doubleStarHigh);
			stateLow = nextLow | (skipLow << 1);
			stateHigh = nextHigh | (skipHigh << 1) | (skipLow >>> 63);
			if ((stateLow | stateHigh) == 0) {
				return false;
			}
		}
		int accept = this.tokens.length;
		return isSet(stateLow, stateHigh, accept) || (this.optionalTail && isSet(stateLow, stateHigh, accept - 2));
	}

	private static boolean isSet(long stateLow, long stateHigh, int position) {
		return (position < 64) ? (stateLow & (1L << position)) != 0 : (stateHigh & (1L << (position - 64))) != 0;
	}

	private static long low(int position) {
		return (position < 64) ? 1L << position : 0;
	}

	private static long high(int position) {
		return (position < 64) ? 0 : 1L << (position - 64);
	}

	/**
	 * Returns the glob as written.
	 * @return the pattern
	 */
	String pattern() {
		return this.pattern;
	}

	@Override
	public String toString() {
		return this.pattern;
	}

	/**
	 * Returns a glob that matches exactly the text, with every wildcard character
	 * escaped.
	 * @param text the literal text
	 * @return the escaped glob source
	 */
	static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length() + 4);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '*' || c == '?' || c == '{' || c == '}' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

}

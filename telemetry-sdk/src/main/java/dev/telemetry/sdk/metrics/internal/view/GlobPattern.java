package dev.telemetry.sdk.metrics.internal.view;

import java.util.Locale;

/**
 * A compiled glob in which {@code *} matches any run of characters (including none and
 * {@code /}) and {@code ?} any one character; everything else matches itself. Matching
 * allocates nothing and takes time linear in the text times the number of stars at worst.
 * Immutable and thread-safe.
 */
public final class GlobPattern {

	private final String pattern;

	private final boolean ignoreCase;

	private final boolean literal;

	private GlobPattern(String pattern, boolean ignoreCase) {
		this.pattern = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
		this.ignoreCase = ignoreCase;
		this.literal = pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
	}

	/**
	 * Compiles a glob that compares characters exactly.
	 * @param pattern the glob
	 * @return the compiled glob
	 */
	public static GlobPattern compile(String pattern) {
		return new GlobPattern(pattern, false);
	}

	/**
	 * Compiles a glob that ignores case, as instrument names are compared.
	 * @param pattern the glob
	 * @return the compiled glob
	 */
	public static GlobPattern compileIgnoringCase(String pattern) {
		return new GlobPattern(pattern, true);
	}

	/**
	 * Returns whether the whole text matches.
	 * @param text the text
	 * @return whether it matches
	 */
	public boolean matches(String text) {
		if (this.literal) {
			return this.ignoreCase ? this.pattern.equalsIgnoreCase(text) : this.pattern.equals(text);
		}
		// Greedy matching that backtracks only to the last star: enough for globs
		// without character classes.
		int p = 0;
		int t = 0;
		int starP = -1;
		int starT = 0;
		int patternLength = this.pattern.length();
		int textLength = text.length();
		while (t < textLength) {
			if (p < patternLength) {
				char pc = this.pattern.charAt(p);
				if (pc == '*') {
					starP = p++;
					starT = t;
					continue;
				}
				if (pc == '?' || pc == fold(text.charAt(t))) {
					p++;
					t++;
					continue;
				}
			}
			if (starP < 0) {
				return false;
			}
			p = starP + 1;
			t = ++starT;
		}
		while (p < patternLength && this.pattern.charAt(p) == '*') {
			p++;
		}
		return p == patternLength;
	}

	private char fold(char c) {
		return this.ignoreCase ? Character.toLowerCase(c) : c;
	}

	@Override
	public String toString() {
		return this.pattern;
	}

}

package dev.telemetry.sdk.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one way secrets are hidden in what the SDK and its glue show: endpoints and URLs
 * (user information and query strings), header values, and text that may repeat them
 * (what a collector answered). Everything is replaced by the same {@value #MASK}.
 * <p>
 * Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Redaction {

	/** What every hidden part is replaced with. */
	public static final String MASK = "****";

	// A secret shorter than this is more likely a flag than a credential; masking it
	// would garble messages without protecting anything.
	private static final int MIN_SECRET_LENGTH = 4;

	private static final Redaction NONE = new Redaction(new String[0]);

	private final String[] secrets;

	private Redaction(String[] secrets) {
		this.secrets = secrets;
	}

	/**
	 * Returns a redaction that hides the given header values, and their credential part
	 * after a scheme such as {@code Bearer}, wherever they appear in a text.
	 * @param values the header values
	 * @return the redaction
	 */
	public static Redaction ofHeaderValues(Collection<String> values) {
		List<String> secrets = new ArrayList<>();
		for (String value : values) {
			String trimmed = value.trim();
			if (trimmed.length() >= MIN_SECRET_LENGTH) {
				secrets.add(trimmed);
			}
			int space = trimmed.lastIndexOf(' ');
			if (space >= 0 && trimmed.length() - space - 1 >= MIN_SECRET_LENGTH) {
				secrets.add(trimmed.substring(space + 1));
			}
		}
		if (secrets.isEmpty()) {
			return NONE;
		}
		// Longest first, so a value is masked whole before its credential part is.
		secrets.sort((a, b) -> Integer.compare(b.length(), a.length()));
		return new Redaction(secrets.toArray(new String[0]));
	}

	/**
	 * Masks every known secret in a text.
	 * @param text the text, such as a message from a collector
	 * @return the text with every secret replaced by {@value #MASK}
	 */
	public String mask(String text) {
		String redacted = text;
		for (String secret : this.secrets) {
			if (redacted.contains(secret)) {
				redacted = redacted.replace(secret, MASK);
			}
		}
		return redacted;
	}

	/**
	 * Masks what may be secret in a URL, valid or not: anything before an {@code @} in
	 * the authority, and the query string.
	 * @param url the URL
	 * @return the URL with those parts replaced by {@value #MASK}
	 */
	public static String url(String url) {
		int schemeEnd = url.indexOf("://");
		int authorityStart = (schemeEnd >= 0) ? schemeEnd + 3 : 0;
		String redacted = url;
		int at = userInfoEnd(url, authorityStart, false);
		if (at >= 0) {
			redacted = url.substring(0, authorityStart) + MASK + url.substring(at);
		}
		int query = redacted.indexOf('?');
		return (query >= 0) ? redacted.substring(0, query + 1) + MASK : redacted;
	}

	/**
	 * Masks the user information (credentials) of every URL in a free text, as in
	 * {@code postgres://app:secret@db/orders}; the rest of the text, query strings
	 * included, is left as it is.
	 * @param text the text, such as an attribute value
	 * @return the text with each URL's {@code user:password} replaced by {@value #MASK}
	 */
	public static String userInfoInText(String text) {
		int scheme = text.indexOf("://");
		if (scheme < 0) {
			return text;
		}
		StringBuilder masked = new StringBuilder(text.length());
		int copied = 0;
		while (scheme >= 0) {
			int authority = scheme + 3;
			int at = userInfoEnd(text, authority, true);
			if (at >= 0) {
				masked.append(text, copied, authority).append(MASK);
				copied = at;
			}
			scheme = text.indexOf("://", authorityEnd(text, authority, true));
		}
		return masked.append(text, copied, text.length()).toString();
	}

	// The '@' that ends the user information of the authority starting at 'start', or -1.
	private static int userInfoEnd(String text, int start, boolean inText) {
		int at = text.lastIndexOf('@', authorityEnd(text, start, inText) - 1);
		return (at >= start) ? at : -1;
	}

	// Where the authority starting at 'start' ends: at a path, query or fragment, and in
	// a free text also at a space (a URL alone may be invalid and still hold secrets).
	private static int authorityEnd(String text, int start, boolean inText) {
		for (int i = start; i < text.length(); i++) {
			char ch = text.charAt(i);
			if (ch == '/' || ch == '?' || ch == '#' || (inText && ch == ' ')) {
				return i;
			}
		}
		return text.length();
	}

}

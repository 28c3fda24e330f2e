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
		int authorityEnd = url.length();
		for (int i = authorityStart; i < url.length(); i++) {
			char ch = url.charAt(i);
			if (ch == '/' || ch == '?' || ch == '#') {
				authorityEnd = i;
				break;
			}
		}
		String redacted = url;
		int at = url.lastIndexOf('@', authorityEnd - 1);
		if (at >= authorityStart) {
			redacted = url.substring(0, authorityStart) + MASK + url.substring(at);
		}
		int query = redacted.indexOf('?');
		return (query >= 0) ? redacted.substring(0, query + 1) + MASK : redacted;
	}

}

package dev.telemetry.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.internal.Redaction;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;

/**
 * Decides which attribute values the endpoint shows, as Spring Boot's {@code env} and
 * {@code configprops} endpoints do for property values: span and event attribute values
 * (and status descriptions, which may repeat them) only when
 * {@code management.endpoint.telemetry.show-values} allows it for the caller, then
 * through the application's {@link SanitizingFunction}s; resource attribute values always
 * (they describe the service, not its data), except those whose key looks like a
 * credential. Keys are always shown.
 * <p>
 * Public so that the telemetry console applies the same rule to metric attribute values:
 * one page never shows in its metrics a value it hides in its traces. Not an API.
 */
public final class AttributeValues {

	/** What a hidden value is replaced with: Spring Boot's own mask. */
	static final String HIDDEN = SanitizableData.SANITIZED_VALUE;

	// Parts of a key that name a credential, in lower case.
	private static final String[] CREDENTIAL_KEY_PARTS = { "password", "passwd", "pwd", "secret", "token", "credential",
			"auth", "apikey", "api_key", "api-key", "api.key", "private" };

	private final Show show;

	private final Set<String> roles;

	private final Sanitizer sanitizer;

	/**
	 * Creates the rule.
	 * @param show when values are shown
	 * @param roles the roles that may see values when {@code show} is
	 * {@code WHEN_AUTHORIZED}
	 * @param sanitizingFunctions the application's sanitizing functions
	 */
	public AttributeValues(Show show, Set<String> roles, Iterable<SanitizingFunction> sanitizingFunctions) {
		this.show = show;
		this.roles = Set.copyOf(roles);
		this.sanitizer = new Sanitizer(sanitizingFunctions);
	}

	/**
	 * Returns whether span attribute values are shown to a caller.
	 * @param securityContext the caller
	 * @return whether shown
	 */
	public boolean isShown(SecurityContext securityContext) {
		return this.show.isShown(securityContext, this.roles);
	}

	/**
	 * Returns span or event attributes as the caller may see them.
	 * @param attributes the attributes
	 * @param shown whether values are shown to the caller
	 * @return a new ordered map
	 */
	public Map<String, Object> span(Attributes attributes, boolean shown) {
		Map<String, Object> map = new LinkedHashMap<>();
		attributes.forEach((key, value) -> map.put(key, sanitize(key, value, shown)));
		return map;
	}

	/**
	 * Returns resource attributes with credential-looking values masked.
	 * @param attributes the resource's attributes
	 * @return a new ordered map
	 */
	Map<String, Object> resource(Attributes attributes) {
		Map<String, Object> map = new LinkedHashMap<>();
		attributes
			.forEach((key, value) -> map.put(key, looksLikeCredential(key) ? HIDDEN : sanitize(key, value, true)));
		return map;
	}

	/**
	 * Returns a free text (a status description) as the caller may see it.
	 * @param key what the text is, for sanitizing functions
	 * @param text the text
	 * @param shown whether values are shown to the caller
	 * @return the text or the mask
	 */
	String text(String key, String text, boolean shown) {
		if (text.isEmpty()) {
			return text;
		}
		return String.valueOf(sanitize(key, text, shown));
	}

	private Object sanitize(String key, Object value, boolean shown) {
		Object sanitized = this.sanitizer.sanitize(new SanitizableData(null, key, value), shown);
		if (sanitized instanceof String text) {
			// Credentials in URLs are masked even when values are shown.
			return Redaction.userInfoInText(text);
		}
		return (sanitized != null) ? sanitized : HIDDEN;
	}

	static boolean looksLikeCredential(String key) {
		String lower = key.toLowerCase(Locale.ROOT);
		for (String part : CREDENTIAL_KEY_PARTS) {
			if (lower.contains(part)) {
				return true;
			}
		}
		return false;
	}

}

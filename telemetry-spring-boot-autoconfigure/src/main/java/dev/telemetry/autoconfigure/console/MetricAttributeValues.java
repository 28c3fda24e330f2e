package dev.telemetry.autoconfigure.console;

import java.util.LinkedHashMap;
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
 * Shows metric attribute values by the rule the {@code telemetry} endpoint applies to
 * span attribute values ({@code management.endpoint.telemetry.show-values} and
 * {@code roles}, then the application's {@link SanitizingFunction}s, credentials in URLs
 * masked always), so that one page never shows a value in its metrics that it hides in
 * its traces. Keys are always shown.
 */
// The same rule as actuate.AttributeValues, which is not visible from here.
final class MetricAttributeValues {

	private final Show show;

	private final Set<String> roles;

	private final Sanitizer sanitizer;

	MetricAttributeValues(Show show, Set<String> roles, Iterable<SanitizingFunction> sanitizingFunctions) {
		this.show = show;
		this.roles = Set.copyOf(roles);
		this.sanitizer = new Sanitizer(sanitizingFunctions);
	}

	boolean isShown(SecurityContext securityContext) {
		return this.show.isShown(securityContext, this.roles);
	}

	Map<String, Object> of(Attributes attributes, boolean shown) {
		Map<String, Object> map = new LinkedHashMap<>();
		attributes.forEach((key, value) -> {
			Object sanitized = this.sanitizer.sanitize(new SanitizableData(null, key, value), shown);
			map.put(key, (sanitized instanceof String text) ? Redaction.userInfoInText(text)
					: (sanitized != null) ? sanitized : SanitizableData.SANITIZED_VALUE);
		});
		return map;
	}

}

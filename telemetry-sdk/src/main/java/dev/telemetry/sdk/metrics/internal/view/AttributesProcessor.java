package dev.telemetry.sdk.metrics.internal.view;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Turns a measurement's attributes into its stream's: keeps only the included keys (when
 * any are set), removes the excluded ones, then replaces each bounded key's value that
 * matches none of its globs with {@code _OTHER}. Immutable and thread-safe.
 */
public final class AttributesProcessor {

	private static final AttributesProcessor IDENTITY = new AttributesProcessor(null, Set.of(), Map.of(), "");

	private final @Nullable Set<String> included;

	private final Set<String> excluded;

	private final Map<String, GlobPattern[]> allowedValues;

	private final String otherValue;

	private AttributesProcessor(@Nullable Set<String> included, Set<String> excluded,
			Map<String, GlobPattern[]> allowedValues, String otherValue) {
		this.included = included;
		this.excluded = excluded;
		this.allowedValues = allowedValues;
		this.otherValue = otherValue;
	}

	/**
	 * Returns the processor that changes nothing.
	 * @return the identity processor
	 */
	public static AttributesProcessor identity() {
		return IDENTITY;
	}

	/**
	 * Creates a processor.
	 * @param included the keys to keep, or {@code null} for all
	 * @param excluded the keys to remove
	 * @param allowedValues per key, globs of the values to keep
	 * @param otherValue what replaces a value that no glob allows
	 * @return the processor, the identity one when it would change nothing
	 */
	public static AttributesProcessor create(@Nullable Set<String> included, Set<String> excluded,
			Map<String, List<String>> allowedValues, String otherValue) {
		if (included == null && excluded.isEmpty() && allowedValues.isEmpty()) {
			return IDENTITY;
		}
		Map<String, GlobPattern[]> compiled = new HashMap<>();
		allowedValues.forEach((key, globs) -> {
			List<GlobPattern> patterns = new ArrayList<>();
			globs.forEach((glob) -> patterns.add(GlobPattern.compile(glob)));
			compiled.put(key, patterns.toArray(new GlobPattern[0]));
		});
		return new AttributesProcessor((included != null) ? Set.copyOf(included) : null, Set.copyOf(excluded),
				Map.copyOf(compiled), otherValue);
	}

	/**
	 * Returns whether this processor changes nothing.
	 * @return whether the identity
	 */
	public boolean isIdentity() {
		return this == IDENTITY;
	}

	/**
	 * Processes attributes.
	 * @param attributes the measurement's attributes
	 * @return the stream's attributes, immutable
	 */
	public Attributes process(Attributes attributes) {
		AttributesBuilder builder = Attributes.builder();
		for (int i = 0, n = attributes.size(); i < n; i++) {
			String key = attributes.key(i);
			if ((this.included != null && !this.included.contains(key)) || this.excluded.contains(key)) {
				continue;
			}
			Object value = attributes.value(i);
			GlobPattern[] allowed = this.allowedValues.get(key);
			if (allowed != null && !allows(allowed, value.toString())) {
				value = this.otherValue;
			}
			builder.putObject(key, value);
		}
		return builder.build();
	}

	private static boolean allows(GlobPattern[] allowed, String value) {
		for (GlobPattern glob : allowed) {
			if (glob.matches(value)) {
				return true;
			}
		}
		return false;
	}

}

package dev.telemetry.sdk.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Describes the stream that an instrument selected by an {@link InstrumentSelector}
 * produces: its name, description, aggregation, which attributes it keeps and how many
 * attribute sets it may hold. Each view that matches an instrument makes one stream;
 * instruments that no view matches make one stream with their own name and the default
 * aggregation. Immutable.
 * <p>
 * Attributes are processed in this order: keys not in {@code includedAttributeKeys} (when
 * set) are removed, then keys in {@code excludedAttributeKeys}, then the value of each
 * key in {@code attributeValues} that matches none of its globs becomes
 * {@value #OTHER_VALUE}. Attributes removed this way still reach exemplars.
 *
 * @param name the stream name, or {@code null} for the instrument's
 * @param description the stream description, or {@code null} for the instrument's
 * @param aggregation the aggregation; {@link Aggregation#drop()} drops the stream
 * @param includedAttributeKeys the keys to keep, or {@code null} for all
 * @param excludedAttributeKeys the keys to remove
 * @param attributeValues per key, the values to keep, as globs ({@code *} any run of
 * characters, {@code ?} one character); other values become {@value #OTHER_VALUE}
 * @param cardinalityLimit the largest number of attribute sets, counting the overflow
 * set, or 0 for the meter provider's limit
 * @since 0.1.0
 */
public record View(@Nullable String name, @Nullable String description, Aggregation aggregation,
		@Nullable Set<String> includedAttributeKeys, Set<String> excludedAttributeKeys,
		Map<String, List<String>> attributeValues, int cardinalityLimit) {

	/** The value that replaces an attribute value that a view does not allow. */
	public static final String OTHER_VALUE = "_OTHER";

	public View {
		Objects.requireNonNull(aggregation, "aggregation");
		includedAttributeKeys = (includedAttributeKeys != null) ? Set.copyOf(includedAttributeKeys) : null;
		excludedAttributeKeys = Set.copyOf(excludedAttributeKeys);
		Map<String, List<String>> values = new HashMap<>();
		attributeValues.forEach((key, allowed) -> {
			if (allowed.isEmpty()) {
				throw new IllegalArgumentException("attribute-values." + key + " lists no value");
			}
			values.put(key, List.copyOf(allowed));
		});
		attributeValues = Map.copyOf(values);
		if (cardinalityLimit < 0 || cardinalityLimit == 1) {
			throw new IllegalArgumentException("cardinality limit must be 0 (the provider's) or at least 2 "
					+ "(one attribute set and the overflow set): " + cardinalityLimit);
		}
	}

	/**
	 * Returns a new builder.
	 * @return a builder for a view that changes nothing
	 */
	public static ViewBuilder builder() {
		return new ViewBuilder();
	}

}

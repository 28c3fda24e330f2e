package dev.telemetry.sdk.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link View}. Defaults: the instrument's name and description, the default
 * aggregation, every attribute kept, the meter provider's cardinality limit. Not
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class ViewBuilder {

	private @Nullable String name;

	private @Nullable String description;

	private Aggregation aggregation = Aggregation.defaultAggregation();

	private @Nullable Set<String> included;

	private Set<String> excluded = Set.of();

	private final Map<String, List<String>> attributeValues = new LinkedHashMap<>();

	private int cardinalityLimit;

	ViewBuilder() {
	}

	/**
	 * Renames the stream. Only views whose selector names one instrument exactly may
	 * rename it.
	 * @param name the stream name
	 * @return this builder
	 */
	public ViewBuilder setName(String name) {
		this.name = Objects.requireNonNull(name, "name");
		return this;
	}

	/**
	 * Sets the stream description.
	 * @param description the description
	 * @return this builder
	 */
	public ViewBuilder setDescription(String description) {
		this.description = Objects.requireNonNull(description, "description");
		return this;
	}

	/**
	 * Sets the aggregation; {@link Aggregation#drop()} drops the stream.
	 * @param aggregation the aggregation
	 * @return this builder
	 */
	public ViewBuilder setAggregation(Aggregation aggregation) {
		this.aggregation = Objects.requireNonNull(aggregation, "aggregation");
		return this;
	}

	/**
	 * Keeps only these attribute keys.
	 * @param keys the keys to keep
	 * @return this builder
	 */
	public ViewBuilder setIncludedAttributeKeys(Set<String> keys) {
		this.included = Set.copyOf(keys);
		return this;
	}

	/**
	 * Removes these attribute keys.
	 * @param keys the keys to remove
	 * @return this builder
	 */
	public ViewBuilder setExcludedAttributeKeys(Set<String> keys) {
		this.excluded = Set.copyOf(keys);
		return this;
	}

	/**
	 * Bounds the values of one attribute: a value that matches none of the globs becomes
	 * {@value View#OTHER_VALUE}.
	 * @param key the attribute key
	 * @param allowed the allowed values, as globs ({@code *}, {@code ?}); not empty
	 * @return this builder
	 */
	public ViewBuilder setAttributeValues(String key, List<String> allowed) {
		this.attributeValues.put(Objects.requireNonNull(key, "key"), List.copyOf(allowed));
		return this;
	}

	/**
	 * Sets the largest number of attribute sets of the stream, counting the overflow set.
	 * @param limit at least 2, or 0 for the meter provider's limit
	 * @return this builder
	 */
	public ViewBuilder setCardinalityLimit(int limit) {
		this.cardinalityLimit = limit;
		return this;
	}

	/**
	 * Builds the view.
	 * @return the view
	 * @throws IllegalArgumentException when a setting is out of range
	 */
	public View build() {
		return new View(this.name, this.description, this.aggregation, this.included, this.excluded,
				this.attributeValues, this.cardinalityLimit);
	}

}

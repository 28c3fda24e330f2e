package dev.telemetry.autoconfigure.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.telemetry.sdk.metrics.Aggregation;
import dev.telemetry.sdk.metrics.InstrumentSelector;
import dev.telemetry.sdk.metrics.InstrumentSelectorBuilder;
import dev.telemetry.sdk.metrics.MeterProviderBuilder;
import dev.telemetry.sdk.metrics.View;
import dev.telemetry.sdk.metrics.ViewBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Registers the views of {@code telemetry.metrics.views} with a meter provider builder.
 * The SDK's builders own the rules; this class only tells them apart, so that an
 * {@link IllegalArgumentException} becomes an
 * {@link InvalidConfigurationPropertyValueException} naming exactly the property at
 * fault, such as {@code telemetry.metrics.views[2].aggregation.boundaries}.
 */
final class MetricViews {

	static final String PREFIX = "telemetry.metrics.views";

	private MetricViews() {
	}

	/**
	 * Registers every view, in order.
	 * @param views the configured views
	 * @param builder the meter provider builder
	 */
	static void register(List<MetricsProperties.View> views, MeterProviderBuilder builder) {
		for (int i = 0; i < views.size(); i++) {
			String prefix = PREFIX + "[" + i + "].";
			MetricsProperties.View view = views.get(i);
			InstrumentSelector selector = selector(view, prefix);
			View stream = view(view, prefix);
			apply(prefix + "name", view.getName(), () -> builder.registerView(selector, stream));
		}
	}

	private static InstrumentSelector selector(MetricsProperties.View view, String prefix) {
		InstrumentSelectorBuilder selector = InstrumentSelector.builder();
		if (view.getInstrumentName() != null) {
			selector.setName(view.getInstrumentName());
		}
		if (view.getInstrumentType() != null) {
			selector.setType(view.getInstrumentType());
		}
		if (view.getUnit() != null) {
			selector.setUnit(view.getUnit());
		}
		if (view.getMeterName() != null) {
			selector.setMeterName(view.getMeterName());
		}
		String owner = prefix.substring(0, prefix.length() - 1);
		return apply(owner, null, selector::build);
	}

	private static View view(MetricsProperties.View view, String prefix) {
		ViewBuilder builder = View.builder();
		if (view.getName() != null) {
			builder.setName(view.getName());
		}
		if (view.getDescription() != null) {
			builder.setDescription(view.getDescription());
		}
		builder.setAggregation(view.isDrop() ? Aggregation.drop() : aggregation(view.getAggregation(), prefix));
		List<String> included = view.getAttributeKeys().getIncluded();
		if (included != null) {
			builder.setIncludedAttributeKeys(new HashSet<>(included));
		}
		builder.setExcludedAttributeKeys(new HashSet<>(view.getAttributeKeys().getExcluded()));
		for (Map.Entry<String, List<String>> values : view.getAttributeValues().entrySet()) {
			String property = prefix + "attribute-values." + values.getKey();
			List<String> allowed = (values.getValue() != null) ? values.getValue() : List.of();
			apply(property, allowed, () -> View.builder().setAttributeValues(values.getKey(), allowed).build());
			builder.setAttributeValues(values.getKey(), allowed);
		}
		Integer limit = view.getCardinalityLimit();
		if (limit != null) {
			apply(prefix + "cardinality-limit", limit, () -> View.builder().setCardinalityLimit(limit).build());
			builder.setCardinalityLimit(limit);
		}
		return apply(prefix.substring(0, prefix.length() - 1), null, builder::build);
	}

	private static Aggregation aggregation(MetricsProperties.Aggregation aggregation, String prefix) {
		String property = prefix + "aggregation.";
		List<Double> boundaries = aggregation.getBoundaries();
		Integer maxSize = aggregation.getMaxSize();
		Integer maxScale = aggregation.getMaxScale();
		MetricsProperties.AggregationType type = aggregation.getType();
		if (boundaries != null && type != MetricsProperties.AggregationType.EXPLICIT_BUCKET_HISTOGRAM) {
			throw new InvalidConfigurationPropertyValueException(property + "boundaries", boundaries,
					"applies only to aggregation.type explicit_bucket_histogram, not " + name(type));
		}
		if ((maxSize != null || maxScale != null)
				&& type != MetricsProperties.AggregationType.BASE2_EXPONENTIAL_BUCKET_HISTOGRAM) {
			throw new InvalidConfigurationPropertyValueException(
					property + ((maxSize != null) ? "max-size" : "max-scale"), (maxSize != null) ? maxSize : maxScale,
					"applies only to aggregation.type base2_exponential_bucket_histogram, not " + name(type));
		}
		return switch (type) {
			case DEFAULT -> Aggregation.defaultAggregation();
			case SUM -> Aggregation.sum();
			case LAST_VALUE -> Aggregation.lastValue();
			case DROP -> Aggregation.drop();
			case EXPLICIT_BUCKET_HISTOGRAM -> (boundaries != null)
					? apply(property + "boundaries", boundaries, () -> Aggregation.explicitBucketHistogram(boundaries))
					: Aggregation.explicitBucketHistogram();
			case BASE2_EXPONENTIAL_BUCKET_HISTOGRAM -> {
				int size = (maxSize != null) ? maxSize : Aggregation.DEFAULT_MAX_SIZE;
				int scale = (maxScale != null) ? maxScale : Aggregation.DEFAULT_MAX_SCALE;
				// One at a time, with the other at its default, to name the one at fault.
				apply(property + "max-size", size,
						() -> Aggregation.base2ExponentialBucketHistogram(size, Aggregation.DEFAULT_MAX_SCALE));
				apply(property + "max-scale", scale,
						() -> Aggregation.base2ExponentialBucketHistogram(Aggregation.DEFAULT_MAX_SIZE, scale));
				yield Aggregation.base2ExponentialBucketHistogram(size, scale);
			}
		};
	}

	private static String name(MetricsProperties.AggregationType type) {
		return type.name().toLowerCase(java.util.Locale.ROOT);
	}

	private static <T> T apply(String property, @Nullable Object value, Supplier<T> action) {
		try {
			return action.get();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value, ex.getMessage());
		}
	}

	private static void apply(String property, @Nullable Object value, Runnable action) {
		apply(property, value, () -> {
			action.run();
			return null;
		});
	}

}

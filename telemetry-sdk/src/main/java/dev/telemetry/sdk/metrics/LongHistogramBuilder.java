package dev.telemetry.sdk.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link LongHistogram}. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class LongHistogramBuilder {

	private final InstrumentBuilderState state;

	LongHistogramBuilder(InstrumentBuilderState state) {
		this.state = state;
	}

	/**
	 * Sets the description.
	 * @param description the description
	 * @return this builder
	 */
	public LongHistogramBuilder setDescription(String description) {
		this.state.description = Objects.requireNonNull(description, "description");
		return this;
	}

	/**
	 * Sets the unit (UCUM, for example {@code ms} or {@code By}).
	 * @param unit the unit
	 * @return this builder
	 */
	public LongHistogramBuilder setUnit(String unit) {
		this.state.unit = Objects.requireNonNull(unit, "unit");
		return this;
	}

	/**
	 * Advises the bucket boundaries of an explicit-bucket histogram; a view's boundaries
	 * take precedence.
	 * @param boundaries strictly increasing boundaries
	 * @return this builder
	 * @throws IllegalArgumentException when the boundaries are not increasing
	 */
	public LongHistogramBuilder setExplicitBucketBoundariesAdvice(List<Long> boundaries) {
		List<Double> copy = new ArrayList<>(boundaries.size());
		for (Long boundary : boundaries) {
			copy.add(boundary.doubleValue());
		}
		Aggregation.ExplicitBucketHistogram.validateBoundaries(copy);
		this.state.adviceBoundaries = List.copyOf(copy);
		return this;
	}

	/**
	 * Builds the instrument, or returns the one already built with the same name, kind,
	 * unit and description in this meter.
	 * @return the instrument; a no-op one when the name is invalid (logged)
	 */
	public LongHistogram build() {
		return this.state.meter.buildLongHistogram(this.state.descriptor(InstrumentType.HISTOGRAM, true));
	}

}

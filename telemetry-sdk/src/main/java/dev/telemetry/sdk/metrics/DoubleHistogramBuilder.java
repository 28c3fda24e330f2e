package dev.telemetry.sdk.metrics;

import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link DoubleHistogram}, or with {@link #ofLongs()} a {@link LongHistogram}.
 * Not thread-safe.
 *
 * @since 0.1.0
 */
public final class DoubleHistogramBuilder {

	private final InstrumentBuilderState state;

	DoubleHistogramBuilder(InstrumentBuilderState state) {
		this.state = state;
	}

	/**
	 * Sets the description.
	 * @param description the description
	 * @return this builder
	 */
	public DoubleHistogramBuilder setDescription(String description) {
		this.state.description = Objects.requireNonNull(description, "description");
		return this;
	}

	/**
	 * Sets the unit (UCUM, for example {@code ms} or {@code By}).
	 * @param unit the unit
	 * @return this builder
	 */
	public DoubleHistogramBuilder setUnit(String unit) {
		this.state.unit = Objects.requireNonNull(unit, "unit");
		return this;
	}

	/**
	 * Advises the bucket boundaries of an explicit-bucket histogram; a view's boundaries
	 * take precedence.
	 * @param boundaries finite, strictly increasing boundaries
	 * @return this builder
	 * @throws IllegalArgumentException when the boundaries are not finite and increasing
	 */
	public DoubleHistogramBuilder setExplicitBucketBoundariesAdvice(List<Double> boundaries) {
		List<Double> copy = List.copyOf(boundaries);
		Aggregation.ExplicitBucketHistogram.validateBoundaries(copy);
		this.state.adviceBoundaries = copy;
		return this;
	}

	/**
	 * Switches to a histogram of long values.
	 * @return a long histogram builder with the same settings
	 */
	public LongHistogramBuilder ofLongs() {
		return new LongHistogramBuilder(new InstrumentBuilderState(this.state));
	}

	/**
	 * Builds the instrument, or returns the one already built with the same name, kind,
	 * unit and description in this meter.
	 * @return the instrument; a no-op one when the name is invalid (logged)
	 */
	public DoubleHistogram build() {
		return this.state.meter.buildDoubleHistogram(this.state.descriptor(InstrumentType.HISTOGRAM, false));
	}

}

package dev.telemetry.sdk.metrics;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds a {@link DoubleCounter}, or with {@link #buildWithCallback} an asynchronous
 * counter. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class DoubleCounterBuilder {

	private final InstrumentBuilderState state;

	DoubleCounterBuilder(InstrumentBuilderState state) {
		this.state = state;
	}

	/**
	 * Sets the description.
	 * @param description the description
	 * @return this builder
	 */
	public DoubleCounterBuilder setDescription(String description) {
		this.state.description = Objects.requireNonNull(description, "description");
		return this;
	}

	/**
	 * Sets the unit (UCUM, for example {@code ms} or {@code By}).
	 * @param unit the unit
	 * @return this builder
	 */
	public DoubleCounterBuilder setUnit(String unit) {
		this.state.unit = Objects.requireNonNull(unit, "unit");
		return this;
	}

	/**
	 * Builds the instrument, or returns the one already built with the same name, kind,
	 * unit and description in this meter.
	 * @return the instrument; a no-op one when the name is invalid (logged)
	 */
	public DoubleCounter build() {
		return this.state.meter.buildDoubleCounter(this.state.descriptor(InstrumentType.COUNTER, false));
	}

	/**
	 * Builds an asynchronous instrument whose callback observes the current value at each
	 * collection. A callback that throws or hangs is isolated: the collection goes on
	 * without its observations (bounded by the reader's timeout), and the failure is
	 * counted and logged rate-limited.
	 * @param callback records observations; called on a collection thread
	 * @return the registration, which removes the callback when closed
	 */
	public ObservableInstrument buildWithCallback(Consumer<ObservableDoubleMeasurement> callback) {
		return this.state.meter.buildObservable(this.state.descriptor(InstrumentType.OBSERVABLE_COUNTER, false),
				Objects.requireNonNull(callback, "callback"));
	}

}

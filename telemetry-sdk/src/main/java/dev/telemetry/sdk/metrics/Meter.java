package dev.telemetry.sdk.metrics;

import java.util.function.Consumer;

import dev.telemetry.sdk.common.InstrumentationScope;

/**
 * Builds the instruments of one instrumentation scope. Obtain one from
 * {@link MeterProvider#get(String)} or {@link MeterProvider#meterBuilder(String)}.
 * <p>
 * Instrument names start with a letter and contain at most 255 letters, digits and
 * {@code _ . - /}; they are compared ignoring case. Building an instrument that exists
 * already in this meter (same name, kind, unit and description) returns one that records
 * into the same streams. An invalid name gives a no-op instrument and a warning.
 * <p>
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class Meter {

	private final InstrumentationScope scope;

	Meter(InstrumentationScope scope) {
		this.scope = scope;
	}

	/**
	 * Returns the scope of this meter.
	 * @return the scope
	 */
	public InstrumentationScope getInstrumentationScope() {
		return this.scope;
	}

	/**
	 * Starts building a counter (of longs; {@code ofDoubles()} switches to doubles).
	 * @param name the instrument name
	 * @return the builder
	 */
	public LongCounterBuilder counterBuilder(String name) {
		return new LongCounterBuilder(new InstrumentBuilderState(this, name));
	}

	/**
	 * Starts building an up-down counter (of longs; {@code ofDoubles()} switches to
	 * doubles).
	 * @param name the instrument name
	 * @return the builder
	 */
	public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
		return new LongUpDownCounterBuilder(new InstrumentBuilderState(this, name));
	}

	/**
	 * Starts building a histogram (of doubles; {@code ofLongs()} switches to longs).
	 * @param name the instrument name
	 * @return the builder
	 */
	public DoubleHistogramBuilder histogramBuilder(String name) {
		return new DoubleHistogramBuilder(new InstrumentBuilderState(this, name));
	}

	/**
	 * Starts building a gauge (of doubles; {@code ofLongs()} switches to longs).
	 * @param name the instrument name
	 * @return the builder
	 */
	public DoubleGaugeBuilder gaugeBuilder(String name) {
		return new DoubleGaugeBuilder(new InstrumentBuilderState(this, name));
	}

	LongCounter buildLongCounter(InstrumentDescriptor descriptor) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	DoubleCounter buildDoubleCounter(InstrumentDescriptor descriptor) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	LongUpDownCounter buildLongUpDownCounter(InstrumentDescriptor descriptor) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	DoubleUpDownCounter buildDoubleUpDownCounter(InstrumentDescriptor descriptor) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	LongHistogram buildLongHistogram(InstrumentDescriptor descriptor) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	DoubleHistogram buildDoubleHistogram(InstrumentDescriptor descriptor) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	LongGauge buildLongGauge(InstrumentDescriptor descriptor) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	DoubleGauge buildDoubleGauge(InstrumentDescriptor descriptor) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	ObservableInstrument buildObservable(InstrumentDescriptor descriptor, Consumer<?> callback) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	@Override
	public String toString() {
		return "Meter" + this.scope;
	}

}

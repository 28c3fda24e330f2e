package dev.telemetry.sdk.metrics;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What every instrument builder collects: the meter, name, description, unit and, for
 * histograms, the advised bucket boundaries. Not thread-safe.
 */
final class InstrumentBuilderState {

	final Meter meter;

	final String name;

	String description = "";

	String unit = "";

	@Nullable List<Double> adviceBoundaries;

	InstrumentBuilderState(Meter meter, String name) {
		this.meter = meter;
		this.name = Objects.requireNonNull(name, "name");
	}

	InstrumentBuilderState(InstrumentBuilderState other) {
		this.meter = other.meter;
		this.name = other.name;
		this.description = other.description;
		this.unit = other.unit;
		this.adviceBoundaries = other.adviceBoundaries;
	}

	InstrumentDescriptor descriptor(InstrumentType type, boolean longValues) {
		return new InstrumentDescriptor(this.name, this.description, this.unit, type, longValues,
				this.adviceBoundaries);
	}

}

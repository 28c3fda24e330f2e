package dev.telemetry.sdk.metrics;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What identifies an instrument in its meter: name (ignoring case), description, unit,
 * kind and value type, plus the advised bucket boundaries.
 */
record InstrumentDescriptor(String name, String description, String unit, InstrumentType type, boolean longValues,
		@Nullable List<Double> adviceBoundaries) {

	String lowerCaseName() {
		return this.name.toLowerCase(Locale.ROOT);
	}

}

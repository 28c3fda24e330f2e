package dev.telemetry.sdk.metrics;

import org.jspecify.annotations.Nullable;

/**
 * Selects the instruments a {@link View} applies to. Every criterion that is set must
 * match; at least one is set. The instrument name is a glob in which {@code *} matches
 * any run of characters and {@code ?} any one character, compared ignoring case as
 * instrument names are; the other criteria match exactly. Immutable.
 *
 * @param instrumentName the instrument name glob, or {@code null} for any
 * @param instrumentType the instrument type, or {@code null} for any
 * @param unit the unit, or {@code null} for any
 * @param meterName the meter name, or {@code null} for any
 * @param meterVersion the meter version, or {@code null} for any
 * @param meterSchemaUrl the meter schema URL, or {@code null} for any
 * @since 0.1.0
 */
public record InstrumentSelector(@Nullable String instrumentName, @Nullable InstrumentType instrumentType,
		@Nullable String unit, @Nullable String meterName, @Nullable String meterVersion,
		@Nullable String meterSchemaUrl) {

	public InstrumentSelector {
		if (instrumentName == null && instrumentType == null && unit == null && meterName == null
				&& meterVersion == null && meterSchemaUrl == null) {
			throw new IllegalArgumentException("an instrument selector must have at least one criterion");
		}
	}

	/**
	 * Returns a new builder.
	 * @return a builder with no criterion
	 */
	public static InstrumentSelectorBuilder builder() {
		return new InstrumentSelectorBuilder();
	}

	/**
	 * Returns whether the instrument name criterion selects at most one name, that is it
	 * is set and has no wildcard.
	 * @return whether the name is exact
	 */
	public boolean selectsOneName() {
		return this.instrumentName != null && this.instrumentName.indexOf('*') < 0
				&& this.instrumentName.indexOf('?') < 0;
	}

}

package dev.telemetry.sdk.metrics;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Builds an {@link InstrumentSelector}. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class InstrumentSelectorBuilder {

	private @Nullable String instrumentName;

	private @Nullable InstrumentType instrumentType;

	private @Nullable String unit;

	private @Nullable String meterName;

	private @Nullable String meterVersion;

	private @Nullable String meterSchemaUrl;

	InstrumentSelectorBuilder() {
	}

	/**
	 * Selects instruments by name.
	 * @param glob the name, with {@code *} and {@code ?} as wildcards
	 * @return this builder
	 */
	public InstrumentSelectorBuilder setName(String glob) {
		this.instrumentName = Objects.requireNonNull(glob, "glob");
		return this;
	}

	/**
	 * Selects instruments by type.
	 * @param type the type
	 * @return this builder
	 */
	public InstrumentSelectorBuilder setType(InstrumentType type) {
		this.instrumentType = Objects.requireNonNull(type, "type");
		return this;
	}

	/**
	 * Selects instruments by unit.
	 * @param unit the unit
	 * @return this builder
	 */
	public InstrumentSelectorBuilder setUnit(String unit) {
		this.unit = Objects.requireNonNull(unit, "unit");
		return this;
	}

	/**
	 * Selects instruments by the name of their meter.
	 * @param meterName the meter name
	 * @return this builder
	 */
	public InstrumentSelectorBuilder setMeterName(String meterName) {
		this.meterName = Objects.requireNonNull(meterName, "meterName");
		return this;
	}

	/**
	 * Selects instruments by the version of their meter.
	 * @param meterVersion the meter version
	 * @return this builder
	 */
	public InstrumentSelectorBuilder setMeterVersion(String meterVersion) {
		this.meterVersion = Objects.requireNonNull(meterVersion, "meterVersion");
		return this;
	}

	/**
	 * Selects instruments by the schema URL of their meter.
	 * @param meterSchemaUrl the schema URL
	 * @return this builder
	 */
	public InstrumentSelectorBuilder setMeterSchemaUrl(String meterSchemaUrl) {
		this.meterSchemaUrl = Objects.requireNonNull(meterSchemaUrl, "meterSchemaUrl");
		return this;
	}

	/**
	 * Builds the selector.
	 * @return the selector
	 * @throws IllegalArgumentException when no criterion is set
	 */
	public InstrumentSelector build() {
		return new InstrumentSelector(this.instrumentName, this.instrumentType, this.unit, this.meterName,
				this.meterVersion, this.meterSchemaUrl);
	}

}

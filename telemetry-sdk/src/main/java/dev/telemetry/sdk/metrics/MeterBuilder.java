package dev.telemetry.sdk.metrics;

import java.util.Objects;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.InstrumentationScope;
import org.jspecify.annotations.Nullable;

/**
 * Builds (or finds) the {@link Meter} of one instrumentation scope. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class MeterBuilder {

	private final MeterProvider provider;

	private final String name;

	private @Nullable String version;

	private @Nullable String schemaUrl;

	private Attributes attributes = Attributes.empty();

	MeterBuilder(MeterProvider provider, String name) {
		this.provider = provider;
		this.name = Objects.requireNonNull(name, "name");
	}

	/**
	 * Sets the scope version.
	 * @param version the version of the instrumented library
	 * @return this builder
	 */
	public MeterBuilder setInstrumentationVersion(String version) {
		this.version = Objects.requireNonNull(version, "version");
		return this;
	}

	/**
	 * Sets the schema URL of the telemetry the meter produces.
	 * @param schemaUrl the schema URL
	 * @return this builder
	 */
	public MeterBuilder setSchemaUrl(String schemaUrl) {
		this.schemaUrl = Objects.requireNonNull(schemaUrl, "schemaUrl");
		return this;
	}

	/**
	 * Sets attributes of the scope itself.
	 * @param attributes the scope attributes
	 * @return this builder
	 */
	public MeterBuilder setAttributes(Attributes attributes) {
		this.attributes = Objects.requireNonNull(attributes, "attributes");
		return this;
	}

	/**
	 * Returns the meter of this scope, creating it on first use.
	 * @return the meter
	 */
	public Meter build() {
		// A mutable builder passed as attributes would change the scope's identity later.
		Attributes scopeAttributes = Attributes.builder().putAll(this.attributes).build();
		return this.provider.meter(new InstrumentationScope(this.name, this.version, this.schemaUrl, scopeAttributes));
	}

}

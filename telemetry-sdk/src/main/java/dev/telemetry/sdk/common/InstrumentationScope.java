package dev.telemetry.sdk.common;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Names the library that produced telemetry (the OTLP {@code InstrumentationScope}).
 * Tracers are obtained by name and version; meters also by schema URL and attributes, and
 * two meters are the same meter only when all four are equal.
 *
 * @param name the scope name, never empty
 * @param version the scope version, or {@code null}
 * @param schemaUrl the schema URL of the telemetry the scope produces, or {@code null}
 * @param attributes attributes of the scope itself (not of its telemetry)
 * @since 0.1.0
 */
public record InstrumentationScope(String name, @Nullable String version, @Nullable String schemaUrl,
		Attributes attributes) {

	public InstrumentationScope {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(attributes, "attributes");
	}

	/**
	 * Creates a scope with no schema URL and no attributes.
	 * @param name the scope name
	 * @param version the scope version, or {@code null}
	 */
	public InstrumentationScope(String name, @Nullable String version) {
		this(name, version, null, Attributes.empty());
	}

}

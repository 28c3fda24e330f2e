package dev.telemetry.sdk.common;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Names the library that produced telemetry (the OTLP {@code InstrumentationScope}).
 *
 * @param name the scope name, never empty
 * @param version the scope version, or {@code null}
 * @since 0.1.0
 */
public record InstrumentationScope(String name, @Nullable String version) {

	public InstrumentationScope {
		Objects.requireNonNull(name, "name");
	}

}

package dev.telemetry.sdk.propagation;

import org.jspecify.annotations.Nullable;

/**
 * Writes string fields, such as HTTP headers, into a carrier on behalf of a
 * {@link TextMapPropagator}.
 * <p>
 * Implementations must be thread-safe when the propagator using them is shared, which is
 * the usual case; the carrier itself is only written by the calling thread.
 *
 * @param <C> the carrier type
 * @since 0.1.0
 */
@FunctionalInterface
public interface TextMapSetter<C> {

	/**
	 * Sets a field, replacing any previous value of the same name.
	 * @param carrier the carrier, which may be {@code null} when the setter holds it
	 * @param key the field name, in lower case
	 * @param value the value
	 */
	void set(@Nullable C carrier, String key, String value);

}

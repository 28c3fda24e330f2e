package dev.telemetry.sdk.propagation;

import org.jspecify.annotations.Nullable;

/**
 * Reads string fields, such as HTTP headers, from a carrier on behalf of a
 * {@link TextMapPropagator}.
 * <p>
 * Implementations must be thread-safe when the propagator using them is shared, which is
 * the usual case; the carrier itself is only read by the calling thread.
 *
 * @param <C> the carrier type
 * @since 0.1.0
 */
public interface TextMapGetter<C> {

	/**
	 * Returns the names of all fields in a carrier.
	 * @param carrier the carrier
	 * @return the field names
	 */
	Iterable<String> keys(C carrier);

	/**
	 * Returns the value of a field. HTTP carriers should match the name
	 * case-insensitively and join repeated fields with {@code ,}.
	 * @param carrier the carrier, which may be {@code null}
	 * @param key the field name, in lower case
	 * @return the value, or {@code null} when the carrier or the field is absent
	 */
	@Nullable String get(@Nullable C carrier, String key);

}

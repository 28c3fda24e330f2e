package dev.telemetry.sdk.propagation;

import java.util.Collections;
import java.util.Iterator;

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

	/**
	 * Returns every value of a field, one per line of a carrier that may repeat a field
	 * (as HTTP may, RFC 9110 section 5.3), in the order received. The propagators read
	 * fields through this method: {@code tracestate} and {@code baggage} lines are joined
	 * into one list, and a repeated {@code traceparent} is invalid.
	 * <p>
	 * The default returns the single value of {@link #get}; getters of carriers that can
	 * repeat a field must override it. The signature is OpenTelemetry Java's
	 * {@code TextMapGetter.getAll}, so that one method serves a getter written for both.
	 * @param carrier the carrier, which may be {@code null}
	 * @param key the field name, in lower case
	 * @return the values, none when the carrier or the field is absent
	 */
	default Iterator<String> getAll(@Nullable C carrier, String key) {
		String value = get(carrier, key);
		return (value != null) ? Collections.singleton(value).iterator() : Collections.emptyIterator();
	}

}

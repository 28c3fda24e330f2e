package dev.telemetry.sdk.metrics.internal.state;

import dev.telemetry.sdk.common.Attributes;

/**
 * Attribute sets every storage shares.
 */
public final class StreamAttributes {

	/**
	 * The attribute set of the overflow series of a stream past its cardinality limit.
	 */
	public static final Attributes OVERFLOW = Attributes.builder().put("otel.metric.overflow", true).build();

	// The class of the immutable attribute sets that Attributes.of() and builders'
	// build() return: only those can serve as map keys (equal by content, never
	// changing).
	private static final Class<?> IMMUTABLE = OVERFLOW.getClass();

	private StreamAttributes() {
	}

	/**
	 * Returns attributes that can be kept: the same object when it is immutable, else an
	 * immutable copy.
	 * @param attributes the attributes
	 * @return immutable attributes with the same entries
	 */
	public static Attributes immutable(Attributes attributes) {
		if (attributes.getClass() == IMMUTABLE || attributes == Attributes.empty()) {
			return attributes;
		}
		return Attributes.builder().putAll(attributes).build();
	}

}

package dev.telemetry.sdk.trace;

/**
 * Caps what one span may hold, so a runaway instrumentation cannot exhaust memory. Values
 * beyond a limit are dropped and counted in the exported span.
 *
 * @param maxAttributes the most attributes per span
 * @param maxEvents the most events per span
 * @since 0.1.0
 */
public record SpanLimits(int maxAttributes, int maxEvents) {

	/** OpenTelemetry's default attribute limit. */
	public static final int DEFAULT_MAX_ATTRIBUTES = 128;

	/** OpenTelemetry's default event limit. */
	public static final int DEFAULT_MAX_EVENTS = 128;

	public SpanLimits {
		if (maxAttributes < 0) {
			throw new IllegalArgumentException("maxAttributes must not be negative: " + maxAttributes);
		}
		if (maxEvents < 0) {
			throw new IllegalArgumentException("maxEvents must not be negative: " + maxEvents);
		}
	}

	/**
	 * Returns the default limits.
	 * @return 128 attributes and 128 events
	 */
	public static SpanLimits getDefault() {
		return new SpanLimits(DEFAULT_MAX_ATTRIBUTES, DEFAULT_MAX_EVENTS);
	}

}

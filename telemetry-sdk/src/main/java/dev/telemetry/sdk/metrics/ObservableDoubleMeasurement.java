package dev.telemetry.sdk.metrics;

import dev.telemetry.sdk.common.Attributes;

/**
 * What an asynchronous instrument's callback records its observations into, during one
 * collection. Observations made after the collection gave up on the callback (see the
 * reader's timeout) are ignored.
 * <p>
 * Thread-safe; never throws.
 *
 * @since 0.1.0
 */
public interface ObservableDoubleMeasurement {

	/**
	 * Records an observation with no attributes.
	 * @param value the observed value (the current total, for counters)
	 */
	default void record(double value) {
		record(value, Attributes.empty());
	}

	/**
	 * Records an observation.
	 * @param value the observed value (the current total, for counters)
	 * @param attributes the attribute set
	 */
	void record(double value, Attributes attributes);

}

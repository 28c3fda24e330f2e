package dev.telemetry.sdk.metrics;

/**
 * The kinds of instrument, as the OpenTelemetry metrics API defines them.
 *
 * @since 0.1.0
 */
public enum InstrumentType {

	/** A synchronous, monotonic sum ({@link LongCounter}, {@link DoubleCounter}). */
	COUNTER,

	/** A synchronous sum that may go down ({@link LongUpDownCounter}). */
	UP_DOWN_COUNTER,

	/** A synchronous distribution of values ({@link LongHistogram}). */
	HISTOGRAM,

	/** A synchronous current value ({@link LongGauge}, {@link DoubleGauge}). */
	GAUGE,

	/** A monotonic sum observed by a callback at each collection. */
	OBSERVABLE_COUNTER,

	/** A sum that may go down, observed by a callback at each collection. */
	OBSERVABLE_UP_DOWN_COUNTER,

	/** A current value observed by a callback at each collection. */
	OBSERVABLE_GAUGE;

	/**
	 * Returns whether the instrument reports through a callback.
	 * @return whether asynchronous
	 */
	public boolean isAsynchronous() {
		return this == OBSERVABLE_COUNTER || this == OBSERVABLE_UP_DOWN_COUNTER || this == OBSERVABLE_GAUGE;
	}

	/**
	 * Returns whether the instrument's sum only grows.
	 * @return whether a monotonic counter
	 */
	public boolean isMonotonic() {
		return this == COUNTER || this == OBSERVABLE_COUNTER || this == HISTOGRAM;
	}

}

package dev.telemetry.sdk.metrics;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.context.Context;

/**
 * A synchronous instrument that records the current long value of something, set when it
 * changes.
 * <p>
 * Thread-safe. Recording never blocks, takes no lock (except into an exponential
 * histogram) and never throws; into an existing attribute set it allocates nothing when
 * given immutable {@link Attributes} (from {@link Attributes#of} or
 * {@link dev.telemetry.sdk.common.AttributesBuilder#build()}). Build attribute sets once
 * and reuse them.
 *
 * @since 0.1.0
 */
public interface LongGauge {

	/**
	 * Sets the current value. No attributes; the current context decides exemplars.
	 * @param value the value
	 */
	default void set(long value) {
		set(value, Attributes.empty());
	}

	/**
	 * Sets the current value. The current context decides exemplars.
	 * @param value the value
	 * @param attributes the attribute set
	 */
	void set(long value, Attributes attributes);

	/**
	 * Sets the current value.
	 * @param value the value
	 * @param attributes the attribute set
	 * @param context the context whose span an exemplar links to
	 */
	void set(long value, Attributes attributes, Context context);

}

package dev.telemetry.sdk.metrics;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.context.Context;

/**
 * A synchronous instrument that records a sum of double values that may go down.
 * <p>
 * Thread-safe. Recording never blocks, takes no lock (except into an exponential
 * histogram) and never throws; into an existing attribute set it allocates nothing when
 * given immutable {@link Attributes} (from {@link Attributes#of} or
 * {@link dev.telemetry.sdk.common.AttributesBuilder#build()}). Build attribute sets once
 * and reuse them.
 *
 * @since 0.1.0
 */
public interface DoubleUpDownCounter {

	/**
	 * Adds an increment, which may be negative; a non-finite one is ignored. No
	 * attributes; the current context decides exemplars.
	 * @param value the value
	 */
	default void add(double value) {
		add(value, Attributes.empty());
	}

	/**
	 * Adds an increment, which may be negative; a non-finite one is ignored. The current
	 * context decides exemplars.
	 * @param value the value
	 * @param attributes the attribute set
	 */
	void add(double value, Attributes attributes);

	/**
	 * Adds an increment, which may be negative; a non-finite one is ignored.
	 * @param value the value
	 * @param attributes the attribute set
	 * @param context the context whose span an exemplar links to
	 */
	void add(double value, Attributes attributes, Context context);

}

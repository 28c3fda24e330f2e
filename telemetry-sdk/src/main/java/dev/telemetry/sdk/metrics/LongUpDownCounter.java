package dev.telemetry.sdk.metrics;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.context.Context;

/**
 * A synchronous instrument that records a sum of long values that may go down.
 * <p>
 * Thread-safe. Recording never blocks, takes no lock (except into an exponential
 * histogram) and never throws; into an existing attribute set it allocates nothing when
 * given immutable {@link Attributes} (from {@link Attributes#of} or
 * {@link dev.telemetry.sdk.common.AttributesBuilder#build()}). Build attribute sets once
 * and reuse them.
 *
 * @since 0.1.0
 */
public interface LongUpDownCounter {

	/**
	 * Adds an increment, which may be negative. No attributes; the current context
	 * decides exemplars.
	 * @param value the value
	 */
	default void add(long value) {
		add(value, Attributes.empty());
	}

	/**
	 * Adds an increment, which may be negative. The current context decides exemplars.
	 * @param value the value
	 * @param attributes the attribute set
	 */
	void add(long value, Attributes attributes);

	/**
	 * Adds an increment, which may be negative.
	 * @param value the value
	 * @param attributes the attribute set
	 * @param context the context whose span an exemplar links to
	 */
	void add(long value, Attributes attributes, Context context);

}

package dev.telemetry.sdk.metrics;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.context.Context;

/**
 * A synchronous instrument that records a distribution of long values.
 * <p>
 * Thread-safe. Recording never blocks, takes no lock (except into an exponential
 * histogram) and never throws; into an existing attribute set it allocates nothing when
 * given immutable {@link Attributes} (from {@link Attributes#of} or
 * {@link dev.telemetry.sdk.common.AttributesBuilder#build()}). Build attribute sets once
 * and reuse them.
 *
 * @since 0.1.0
 */
public interface LongHistogram {

	/**
	 * Records a non-negative value; a negative one is ignored. No attributes; the current
	 * context decides exemplars.
	 * @param value the value
	 */
	default void record(long value) {
		record(value, Attributes.empty());
	}

	/**
	 * Records a non-negative value; a negative one is ignored. The current context
	 * decides exemplars.
	 * @param value the value
	 * @param attributes the attribute set
	 */
	void record(long value, Attributes attributes);

	/**
	 * Records a non-negative value; a negative one is ignored.
	 * @param value the value
	 * @param attributes the attribute set
	 * @param context the context whose span an exemplar links to
	 */
	void record(long value, Attributes attributes, Context context);

}

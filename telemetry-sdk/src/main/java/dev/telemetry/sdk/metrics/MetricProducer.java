package dev.telemetry.sdk.metrics;

import java.time.Duration;
import java.util.Collection;

import dev.telemetry.sdk.metrics.data.MetricData;

/**
 * What a {@link MetricReader} collects from: the streams of one meter provider, with this
 * reader's temporality and state.
 * <p>
 * Thread-safe; collections for one reader run one at a time. A collection runs the
 * asynchronous instruments' callbacks on separate threads and waits for them at most the
 * given timeout, so a callback that hangs delays a collection by that much and no more;
 * recording threads are never blocked by a collection.
 *
 * @since 0.1.0
 */
public interface MetricProducer {

	/**
	 * Collects every stream of this reader. Delta streams with no new measurement, and
	 * streams with no attribute set at all, are left out.
	 * @param callbackTimeout how long to wait for the asynchronous instruments' callbacks
	 * @return the collected metrics, one per stream; empty after the provider shut down
	 */
	Collection<MetricData> collectAllMetrics(Duration callbackTimeout);

}

package dev.telemetry.sdk.metrics;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;

/**
 * Reads the metrics of one {@link MeterProvider}: the provider registers itself with the
 * reader once, as a {@link MetricProducer} the reader collects from when it chooses
 * (periodically, on a scrape, at shutdown).
 * <p>
 * Each reader has its own temporality and its own state per stream and attribute set, so
 * a cumulative pull reader and a delta push reader can read the same instruments. See
 * {@code dev.telemetry.sdk.metrics.export} for the readers this SDK provides.
 * Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
public interface MetricReader {

	/**
	 * Called once by {@link MeterProviderBuilder#build()} with what to collect from.
	 * @param producer collects the provider's metrics for this reader
	 * @throws IllegalStateException when the reader is already registered with a provider
	 */
	void register(MetricProducer producer);

	/**
	 * Returns the temporality this reader wants for an instrument kind. Asked once per
	 * stream, when the instrument is registered.
	 * @param instrumentType the instrument kind
	 * @return the temporality; cumulative unless overridden
	 */
	default AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
		return AggregationTemporality.CUMULATIVE;
	}

	/**
	 * Returns the aggregation this reader wants for an instrument kind when no view
	 * chooses one, for example a base-2 exponential histogram for histograms. Asked once
	 * per stream, when the instrument is registered.
	 * @param instrumentType the instrument kind
	 * @return the aggregation; {@link Aggregation#defaultAggregation()} unless overridden
	 */
	default Aggregation getDefaultAggregation(InstrumentType instrumentType) {
		return Aggregation.defaultAggregation();
	}

	/**
	 * Collects and delivers what the reader holds now, if it pushes anywhere.
	 * @return completes when done; never {@code null}
	 */
	CompletableResult forceFlush();

	/**
	 * Delivers a last collection and releases the reader's resources. Idempotent.
	 * @return completes when done; never {@code null}
	 */
	CompletableResult shutdown();

}

package dev.telemetry.sdk.metrics.export;

import java.util.Collection;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.metrics.Aggregation;
import dev.telemetry.sdk.metrics.InstrumentType;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;
import dev.telemetry.sdk.metrics.data.MetricData;

/**
 * Sends collected metrics somewhere, for a {@link PeriodicMetricReader}.
 * <p>
 * The reader calls {@link #export} from one thread at a time and waits for its result at
 * most its timeout. Implementations must not throw and should not block in
 * {@code export}: they return a result that completes when the export has.
 *
 * @since 0.1.0
 */
public interface MetricExporter {

	/**
	 * Exports one collection.
	 * @param metrics the metrics, never empty
	 * @return completes when the export succeeded or failed
	 */
	CompletableResult export(Collection<MetricData> metrics);

	/**
	 * Completes when everything handed to the exporter so far has been sent.
	 * @return completes when done
	 */
	CompletableResult flush();

	/**
	 * Releases the exporter's resources; later exports fail. Idempotent.
	 * @return completes when done
	 */
	CompletableResult shutdown();

	/**
	 * Returns the temporality the back end wants for an instrument kind, for example from
	 * a {@link TemporalityPreference}.
	 * @param instrumentType the instrument kind
	 * @return the temporality; cumulative unless overridden
	 */
	default AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
		return AggregationTemporality.CUMULATIVE;
	}

	/**
	 * Returns the aggregation the back end wants for an instrument kind when no view
	 * chooses one, for example a base-2 exponential histogram for histograms.
	 * @param instrumentType the instrument kind
	 * @return the aggregation; {@link Aggregation#defaultAggregation()} unless overridden
	 */
	default Aggregation getDefaultAggregation(InstrumentType instrumentType) {
		return Aggregation.defaultAggregation();
	}

}

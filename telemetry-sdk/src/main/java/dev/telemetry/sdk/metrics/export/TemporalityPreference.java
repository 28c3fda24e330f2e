package dev.telemetry.sdk.metrics.export;

import dev.telemetry.sdk.metrics.InstrumentType;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;

/**
 * The temporality a back end prefers, per instrument kind, as the OpenTelemetry
 * specification defines {@code OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE}.
 *
 * @since 0.1.0
 */
public enum TemporalityPreference {

	/** Cumulative for every kind: for Prometheus-style back ends. */
	CUMULATIVE,

	/**
	 * Delta for counters, asynchronous counters and histograms; cumulative for up-down
	 * counters (synchronous or not), whose deltas would mean little.
	 */
	DELTA,

	/**
	 * Delta for synchronous counters and histograms, cumulative for everything else: the
	 * SDK keeps no cumulative state for the instruments with the most attribute sets, and
	 * asynchronous counters need no subtraction.
	 */
	LOW_MEMORY;

	/**
	 * Returns the temporality for an instrument kind.
	 * @param type the instrument kind
	 * @return the temporality
	 */
	public AggregationTemporality temporalityFor(InstrumentType type) {
		return switch (this) {
			case CUMULATIVE -> AggregationTemporality.CUMULATIVE;
			case DELTA -> switch (type) {
				case COUNTER, OBSERVABLE_COUNTER, HISTOGRAM -> AggregationTemporality.DELTA;
				default -> AggregationTemporality.CUMULATIVE;
			};
			case LOW_MEMORY -> switch (type) {
				case COUNTER, HISTOGRAM -> AggregationTemporality.DELTA;
				default -> AggregationTemporality.CUMULATIVE;
			};
		};
	}

}

package dev.telemetry.sdk.metrics;

/**
 * Which measurements may become exemplars ({@code OTEL_METRICS_EXEMPLAR_FILTER}).
 *
 * @since 0.1.0
 */
public enum ExemplarFilter {

	/** Only measurements made while a sampled span is current (the default). */
	TRACE_BASED,

	/** Every measurement. */
	ALWAYS_ON,

	/** No measurement: exemplars are off and cost nothing. */
	ALWAYS_OFF

}

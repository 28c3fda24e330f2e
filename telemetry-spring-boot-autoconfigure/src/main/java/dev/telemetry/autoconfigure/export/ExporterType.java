package dev.telemetry.autoconfigure.export;

/**
 * Where spans go.
 *
 * @since 0.1.0
 */
public enum ExporterType {

	/** OTLP, to a Collector or an OTLP-speaking backend. */
	OTLP,

	/** Nowhere: spans are recorded (for correlation) but discarded. */
	NONE

}

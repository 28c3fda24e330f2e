package dev.telemetry.autoconfigure.propagation;

/**
 * The propagation formats {@code telemetry.propagation.type} can name, spelled as in
 * {@code OTEL_PROPAGATORS}.
 *
 * @since 0.1.0
 */
public enum PropagationType {

	/** W3C Trace Context: {@code traceparent} and {@code tracestate}. */
	TRACECONTEXT,

	/** W3C Baggage: {@code baggage}. */
	BAGGAGE,

	/** No propagation. */
	NONE

}

package dev.telemetry.sdk.trace.span;

/**
 * The role of a span in a trace, as in OpenTelemetry.
 *
 * @since 0.1.0
 */
public enum SpanKind {

	/** Work inside one process. */
	INTERNAL,

	/** Handling of a synchronous request from a remote client. */
	SERVER,

	/** A synchronous request to a remote server. */
	CLIENT,

	/** Sending a message for later processing. */
	PRODUCER,

	/** Processing a message sent by a producer. */
	CONSUMER

}

package dev.telemetry.sdk.trace.span;

/**
 * The status of a span's operation, as in OpenTelemetry.
 *
 * @since 0.1.0
 */
public enum StatusCode {

	/** No status was set; the default. */
	UNSET,

	/** The operation was explicitly marked successful. */
	OK,

	/** The operation failed. */
	ERROR

}

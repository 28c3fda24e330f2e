package dev.telemetry.sdk.export.otlp;

import org.jspecify.annotations.Nullable;

/**
 * What one attempt to send a request came to, as the transport understood it: accepted
 * (perhaps partly), or failed with a kind, a retry decision and a hint for the log.
 * Immutable.
 *
 * @param accepted whether the collector accepted the request
 * @param rejectedItems for an accepted request, how many items (spans, data points) the
 * collector refused (partial success); otherwise 0
 * @param serverMessage the collector's partial-success message, or for a failure the
 * status and whatever the collector said; may contain text from the server, so it is
 * redacted before logging
 * @param kind a short, stable name of the failure such as {@code UNAVAILABLE} or
 * {@code HTTP 503}; empty when accepted
 * @param retryable whether the failure may pass, so that the request is worth sending
 * again
 * @param serverDelayNanos the wait the collector asked for before a retry, or -1 when it
 * did not ask
 * @param hint the most likely cause, phrased as advice; empty when accepted
 * @param cause the exception the attempt failed with, if any
 */
record AttemptOutcome(boolean accepted, long rejectedItems, String serverMessage, String kind, boolean retryable,
		long serverDelayNanos, String hint, @Nullable Throwable cause) {

	/** The {@link #kind()} of an attempt cut short because the exporter shut down. */
	static final String SHUTDOWN = "SHUTDOWN";

	static AttemptOutcome accepted(long rejectedItems, String message) {
		return new AttemptOutcome(true, rejectedItems, message, "", false, -1, "", null);
	}

	static AttemptOutcome failed(String kind, String status, boolean retryable, long serverDelayNanos, String hint,
			@Nullable Throwable cause) {
		return new AttemptOutcome(false, 0, status, kind, retryable, serverDelayNanos, hint, cause);
	}

}

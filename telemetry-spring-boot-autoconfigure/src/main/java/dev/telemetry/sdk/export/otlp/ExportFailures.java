package dev.telemetry.sdk.export.otlp;

import java.net.ConnectException;
import java.time.Duration;

import javax.net.ssl.SSLException;

import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * Turns a failed export into one log line that names the endpoint, the gRPC status and
 * the most likely cause, so that the usual misconfigurations can be fixed from the log
 * alone. Stateless.
 */
final class ExportFailures {

	/** The configuration property that holds the exporter's headers. */
	static final String HEADERS_PROPERTY = "telemetry.exporter.otlp.headers";

	private ExportFailures() {
	}

	/**
	 * Describes a failed export call. The message never contains header values: it is
	 * built from the endpoint, the status and its cause only.
	 * @param endpoint the endpoint URL
	 * @param spanCount how many spans were lost
	 * @param failure what the call failed with
	 * @param timeout the per-call timeout
	 * @param shuttingDown whether the exporter had been shut down when the call failed
	 * @return the log message
	 */
	static String describe(String endpoint, int spanCount, Throwable failure, Duration timeout, boolean shuttingDown) {
		Status status = Status.fromThrowable(failure);
		StringBuilder message = new StringBuilder(160);
		message.append("Failed to export ").append(spanCount).append((spanCount == 1) ? " span" : " spans");
		message.append(" to ").append(endpoint).append(": ").append(status.getCode());
		String description = status.getDescription();
		if (description != null && !description.isEmpty()) {
			message.append(" (").append(description).append(')');
		}
		Throwable cause = status.getCause();
		if (cause != null && cause.getMessage() != null) {
			message.append(" caused by ").append(cause.getClass().getSimpleName()).append(": ");
			message.append(cause.getMessage());
		}
		// Shutting down cancels calls in flight; blaming the collector for that would
		// send people looking in the wrong place.
		message.append("; ")
			.append(shuttingDown ? "the exporter was shut down before the collector answered"
					: hint(endpoint, status, timeout));
		return message.toString();
	}

	/**
	 * Returns the most likely cause of a failure, phrased as advice.
	 * @param endpoint the endpoint URL
	 * @param status the status the call ended with
	 * @param timeout the per-call timeout
	 * @return the hint
	 */
	static String hint(String endpoint, Status status, Duration timeout) {
		return switch (status.getCode()) {
			case UNAVAILABLE -> unavailableHint(endpoint, status.getCause());
			case UNIMPLEMENTED -> "the endpoint does not speak OTLP/gRPC (is it the OTLP/HTTP port 4318?)";
			case UNAUTHENTICATED -> "the collector refused the credentials; check " + HEADERS_PROPERTY;
			case PERMISSION_DENIED -> "the credentials lack permission to export traces; check " + HEADERS_PROPERTY;
			case DEADLINE_EXCEEDED ->
				"no answer within " + timeout + "; is the collector overloaded or is a firewall dropping packets?";
			case RESOURCE_EXHAUSTED ->
				"the collector is shedding load or the batch is larger than its maximum message size";
			case INTERNAL, UNKNOWN ->
				"the endpoint answered in an unexpected way; is it an OTLP/gRPC receiver (usually port 4317)?";
			case CANCELLED -> "the call was cancelled, usually because the exporter is shutting down";
			default -> "the collector rejected the batch";
		};
	}

	private static String unavailableHint(String endpoint, @Nullable Throwable cause) {
		if (isCausedBy(cause, ConnectException.class)) {
			return "is a collector listening on " + endpoint + "?";
		}
		if (isCausedBy(cause, SSLException.class)) {
			return "the TLS handshake failed; use https:// only for a TLS endpoint and http:// for plaintext,"
					+ " and make sure the JVM trust store trusts the collector's certificate";
		}
		return "the collector at " + endpoint + " is unreachable or temporarily unavailable";
	}

	private static boolean isCausedBy(@Nullable Throwable failure, Class<? extends Throwable> type) {
		// Bounded, in case of a cause cycle.
		for (int depth = 0; failure != null && depth < 10; depth++) {
			if (type.isInstance(failure)) {
				return true;
			}
			failure = failure.getCause();
		}
		return false;
	}

}

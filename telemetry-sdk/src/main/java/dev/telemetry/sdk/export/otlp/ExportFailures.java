package dev.telemetry.sdk.export.otlp;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;

/**
 * Turns a failed attempt into words users can act on: a short kind for statistics, the
 * most likely cause phrased as advice, so that the usual misconfigurations can be fixed
 * from the log alone, and the exporter's log lines themselves, worded for the signal. The
 * gRPC status codes are handled in {@link GrpcTransport}; this class holds what both
 * transports share and the OTLP/HTTP cases, and does not touch gRPC classes, so the HTTP
 * transport works without them. Stateless.
 */
final class ExportFailures {

	/** The configuration property that holds the exporter's headers. */
	static final String HEADERS_PROPERTY = "telemetry.exporter.otlp.headers";

	/** The configuration property that names the exporter's SSL bundle. */
	static final String SSL_BUNDLE_PROPERTY = "telemetry.exporter.otlp.ssl.bundle";

	/** The configuration property that selects the protocol. */
	static final String PROTOCOL_PROPERTY = "telemetry.exporter.otlp.protocol";

	/** The hint for attempts cut short by the exporter's own shutdown. */
	static final String SHUTDOWN_HINT = "the exporter was shut down before the collector answered";

	/** The usual OTLP/gRPC port. */
	static final int GRPC_PORT = 4317;

	/** The usual OTLP/HTTP port. */
	static final int HTTP_PORT = 4318;

	/** Kind of an attempt whose connection was refused. */
	static final String CONNECTION_REFUSED = "CONNECTION_REFUSED";

	/** Kind of an attempt that could not connect in time. */
	static final String CONNECT_TIMEOUT = "CONNECT_TIMEOUT";

	/** Kind of an attempt that got no answer in time. */
	static final String TIMEOUT = "TIMEOUT";

	/** Kind of an attempt whose TLS handshake failed. */
	static final String TLS_HANDSHAKE = "TLS_HANDSHAKE";

	/** Kind of an attempt that failed with another I/O error. */
	static final String IO_ERROR = "IO_ERROR";

	/** Kind of an export whose spans could not be encoded. */
	static final String ENCODING = "ENCODING";

	private ExportFailures() {
	}

	/**
	 * Advice for a refused connection.
	 * @param endpoint the endpoint URL
	 * @return the hint
	 */
	static String connectionRefused(String endpoint) {
		return "is a collector listening on " + endpoint + "?";
	}

	/**
	 * Advice for a failed TLS handshake.
	 * @return the hint
	 */
	static String tlsHandshake() {
		return "the TLS handshake failed; use https:// only for a TLS endpoint and http:// for plaintext, make sure"
				+ " the trust material (" + SSL_BUNDLE_PROPERTY + ", else the JVM trust store) trusts the collector's"
				+ " certificate, and that the bundle has a client key if the collector requires one";
	}

	/**
	 * Advice for rejected credentials.
	 * @return the hint
	 */
	static String unauthenticated() {
		return "the collector refused the credentials; check " + HEADERS_PROPERTY;
	}

	/**
	 * Advice for credentials without permission.
	 * @param signal what was exported
	 * @return the hint
	 */
	static String permissionDenied(OtlpSignal signal) {
		return "the credentials lack permission to export " + signal.name() + "; check " + HEADERS_PROPERTY;
	}

	/**
	 * Advice for an attempt that got no answer in time.
	 * @param timeout the per-attempt timeout
	 * @return the hint
	 */
	static String noAnswer(Duration timeout) {
		return "no answer within " + timeout + "; is the collector overloaded or is a firewall dropping packets?";
	}

	/**
	 * Advice for an OTLP/HTTP answer other than 2xx.
	 * @param signal what was exported
	 * @param status the HTTP status code
	 * @param url the URL the request went to
	 * @return the hint
	 */
	static String httpStatusHint(OtlpSignal signal, int status, String url) {
		return switch (status) {
			case 400 -> "the collector could not read the request; is " + url + " an OTLP/HTTP receiver?";
			case 401 -> unauthenticated();
			case 403 -> permissionDenied(signal);
			case 404 -> "nothing receives " + signal.name() + " at " + url
					+ "; check the path of telemetry.exporter.otlp.endpoint ('" + signal.httpPath()
					+ "' is appended to it)";
			case 405 -> url + " does not accept POST; is it an OTLP/HTTP receiver?";
			case 408 -> "the collector timed out reading the request";
			case 413 -> "the batch is larger than the collector accepts; " + signal.batchSizeAdvice();
			case 415 -> url + " does not accept application/x-protobuf; is it an OTLP/HTTP receiver?";
			case 429 -> "the collector is limiting the request rate";
			case 502, 503, 504 -> "the collector, or a proxy in front of it, is unavailable or overloaded";
			default ->
				(status >= 500) ? "the collector failed to process the batch" : "the collector rejected the batch";
		};
	}

	/**
	 * Classifies a failure of the OTLP/HTTP transport that produced no HTTP answer.
	 * @param failure what the request failed with
	 * @return the kind
	 */
	static String httpFailureKind(Throwable failure) {
		if (isCausedBy(failure, CancellationException.class)) {
			return AttemptOutcome.SHUTDOWN;
		}
		if (isCausedBy(failure, ConnectException.class)) {
			return CONNECTION_REFUSED;
		}
		if (isCausedBy(failure, HttpConnectTimeoutException.class)) {
			return CONNECT_TIMEOUT;
		}
		if (isCausedBy(failure, HttpTimeoutException.class)) {
			return TIMEOUT;
		}
		if (isCausedBy(failure, SSLException.class)) {
			return TLS_HANDSHAKE;
		}
		if (isCausedBy(failure, IOException.class)) {
			return IO_ERROR;
		}
		return "UNKNOWN";
	}

	/**
	 * Advice for a failure of the OTLP/HTTP transport that produced no HTTP answer.
	 * @param kind the kind from {@link #httpFailureKind(Throwable)}
	 * @param endpoint the endpoint
	 * @param timeout the per-attempt timeout
	 * @return the hint
	 */
	static String httpFailureHint(String kind, OtlpEndpoint endpoint, Duration timeout) {
		return switch (kind) {
			case AttemptOutcome.SHUTDOWN -> SHUTDOWN_HINT;
			case CONNECTION_REFUSED -> connectionRefused(endpoint.url());
			case CONNECT_TIMEOUT -> "could not connect to " + endpoint.url() + " within " + timeout
					+ "; is the host reachable, or is a firewall dropping packets?";
			case TIMEOUT -> noAnswer(timeout);
			case TLS_HANDSHAKE -> tlsHandshake();
			case IO_ERROR -> (endpoint.port() == GRPC_PORT)
					? "the connection closed without an HTTP answer; port 4317 is usually OTLP/gRPC: set "
							+ PROTOCOL_PROPERTY + "=grpc or use the OTLP/HTTP port 4318"
					: "the connection failed before the collector answered; is " + endpoint.url()
							+ " an OTLP/HTTP receiver?";
			default -> "the request failed unexpectedly";
		};
	}

	/**
	 * Describes an exception briefly: its type and message, and those of its root cause
	 * when different.
	 * @param failure the exception
	 * @return text such as {@code ConnectException: Connection refused}
	 */
	static String describe(Throwable failure) {
		StringBuilder text = new StringBuilder(failure.getClass().getSimpleName());
		if (failure.getMessage() != null) {
			text.append(": ").append(failure.getMessage());
		}
		Throwable root = rootCause(failure);
		if (root != failure) {
			text.append(" caused by ").append(root.getClass().getSimpleName());
			if (root.getMessage() != null) {
				text.append(": ").append(root.getMessage());
			}
		}
		return text.toString();
	}

	/**
	 * The line for an attempt that failed, or an export that ended without one: what
	 * failed, what the collector said, the hint, and what happens next.
	 * @param signal what was exported
	 * @param count how many items the export held
	 * @param endpoint the endpoint, as shown
	 * @param status the attempt's status and the collector's words, already redacted, or
	 * {@code null} when no attempt answered
	 * @param hint the likely cause
	 * @param next what happens next: a sentence from {@link #dropped(OtlpSignal)},
	 * {@link #retrying(long, boolean, int, int)} and the like
	 * @return the line
	 */
	static String exportFailed(OtlpSignal signal, int count, String endpoint, @Nullable String status, String hint,
			String next) {
		StringBuilder line = new StringBuilder(200).append("Failed to export ")
			.append(signal.count(count))
			.append(" to ")
			.append(endpoint)
			.append(": ");
		if (status != null) {
			line.append(status).append("; ");
		}
		line.append(hint);
		// A hint that ends in a question mark has ended its sentence already.
		char last = line.charAt(line.length() - 1);
		line.append((last == '?' || last == '.') ? " " : ". ");
		return line.append(next).toString();
	}

	static String dropped(OtlpSignal signal) {
		return "The " + signal.items() + " are dropped";
	}

	static String notRetried(OtlpSignal signal) {
		return dropped(signal) + "; this error is not retried";
	}

	static String retriesDisabled(OtlpSignal signal) {
		return dropped(signal) + "; retries are disabled";
	}

	static String droppedAfter(OtlpSignal signal, int attempts) {
		return dropped(signal) + " after " + attempts + " attempts";
	}

	static String noTimeForRetry(OtlpSignal signal, int attempts, long delayNanos, boolean serverAsked,
			Duration budget) {
		return dropped(signal) + " after " + attempts + ((attempts == 1) ? " attempt" : " attempts") + ": waiting "
				+ seconds(delayNanos) + (serverAsked ? ", as the collector asked," : "")
				+ " for another would leave no time for it within the export budget of " + budget;
	}

	static String retrying(long delayNanos, boolean serverAsked, int attempt, int maxAttempts) {
		return "Retrying in " + seconds(delayNanos) + (serverAsked ? " as the collector asked" : "") + " (attempt "
				+ attempt + " of " + maxAttempts + ")";
	}

	static String encodingFailed(OtlpSignal signal, int count, String endpoint) {
		return "Failed to encode " + signal.count(count) + " for " + endpoint + "; the batch was dropped";
	}

	static String partialSuccess(OtlpSignal signal, String endpoint, long rejected, int count, String message) {
		return "The collector at " + endpoint + " rejected " + rejected + " of " + signal.count(count) + ": " + message;
	}

	static String recovered(OtlpSignal signal, String endpoint, long failedAttempts) {
		return "Exporting " + signal.items() + " to " + endpoint + " works again after " + failedAttempts + " failed "
				+ ((failedAttempts == 1) ? "attempt" : "attempts");
	}

	static String droppedWhileShutDown(OtlpSignal signal, int count, String endpoint) {
		return "Dropped " + signal.count(count) + ": the exporter to " + endpoint + " is shut down";
	}

	static String droppedWaitingForRetry(OtlpSignal signal, int count, String endpoint) {
		return "Dropped " + signal.count(count) + " waiting for a retry: the exporter to " + endpoint
				+ " is shutting down";
	}

	/**
	 * Formats a wait in seconds with milliseconds.
	 * @param nanos the wait
	 * @return text such as {@code 1.250s}
	 */
	static String seconds(long nanos) {
		long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
		long fraction = millis % 1000;
		return (millis / 1000) + "." + ((fraction < 10) ? "00" : (fraction < 100) ? "0" : "") + fraction + "s";
	}

	static boolean isCausedBy(@Nullable Throwable failure, Class<? extends Throwable> type) {
		// Bounded, in case of a cause cycle.
		for (int depth = 0; failure != null && depth < 10; depth++) {
			if (type.isInstance(failure)) {
				return true;
			}
			failure = failure.getCause();
		}
		return false;
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable root = failure;
		for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 10; depth++) {
			root = root.getCause();
		}
		return root;
	}

}

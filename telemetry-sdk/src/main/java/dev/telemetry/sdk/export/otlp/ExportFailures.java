package dev.telemetry.sdk.export.otlp;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;

/**
 * Turns a failed attempt into words users can act on: a short kind for statistics, and
 * the most likely cause phrased as advice, so that the usual misconfigurations can be
 * fixed from the log alone. The gRPC status codes are handled in {@link GrpcTransport};
 * this class holds what both transports share and the OTLP/HTTP cases, and does not touch
 * gRPC classes, so the HTTP transport works without them. Stateless.
 */
final class ExportFailures {

	/** The configuration property that holds the exporter's headers. */
	static final String HEADERS_PROPERTY = "telemetry.exporter.otlp.headers";

	/** The configuration property that names the exporter's SSL bundle. */
	static final String SSL_BUNDLE_PROPERTY = "telemetry.exporter.otlp.ssl.bundle";

	/** The configuration property that selects the protocol. */
	static final String PROTOCOL_PROPERTY = "telemetry.exporter.otlp.protocol";

	/** The configuration property that limits the size of a batch. */
	static final String BATCH_SIZE_PROPERTY = "telemetry.tracing.batch.max-export-batch-size";

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
	 * @return the hint
	 */
	static String permissionDenied() {
		return "the credentials lack permission to export traces; check " + HEADERS_PROPERTY;
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
	 * @param status the HTTP status code
	 * @param tracesUrl the URL the request went to
	 * @return the hint
	 */
	static String httpStatusHint(int status, String tracesUrl) {
		return switch (status) {
			case 400 -> "the collector could not read the request; is " + tracesUrl + " an OTLP/HTTP receiver?";
			case 401 -> unauthenticated();
			case 403 -> permissionDenied();
			case 404 -> "nothing receives traces at " + tracesUrl
					+ "; check the path of telemetry.exporter.otlp.endpoint ('/v1/traces' is appended to it)";
			case 405 -> tracesUrl + " does not accept POST; is it an OTLP/HTTP receiver?";
			case 408 -> "the collector timed out reading the request";
			case 413 -> "the batch is larger than the collector accepts; lower " + BATCH_SIZE_PROPERTY;
			case 415 -> tracesUrl + " does not accept application/x-protobuf; is it an OTLP/HTTP receiver?";
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

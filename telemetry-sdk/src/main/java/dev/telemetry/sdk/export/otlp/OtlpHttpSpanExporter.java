package dev.telemetry.sdk.export.otlp;

import java.net.http.HttpClient;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

/**
 * Sends spans to an OpenTelemetry collector (or any OTLP receiver) over OTLP/HTTP with
 * protobuf bodies: {@code POST <endpoint>/v1/traces} with
 * {@code Content-Type: application/x-protobuf}, through the JDK's {@link HttpClient}
 * (HTTP/1.1 with keep-alive; no dependency beyond protobuf).
 * <p>
 * Each {@link #export export} serializes (and, if configured, gzips) the batch once and
 * sends it asynchronously with the configured timeout; the returned result completes from
 * the client's callback. A failure that may pass (HTTP 429, 502, 503, 504, a timeout, a
 * failed connection) is retried by the {@link RetryPolicy} with exponential backoff and
 * jitter, or after the {@code Retry-After} the server asks for; the waits and the
 * client's callbacks run on one daemon thread named {@value #SCHEDULER_THREAD_NAME},
 * never on the caller's. Every export ends within the retry budget, however many attempts
 * it takes.
 * <p>
 * The first failure of each kind is logged at once with the endpoint, the status and the
 * likely cause, repeats at most once a minute, and one line is logged when exports
 * succeed again. Header values are never logged nor shown by {@link #toString()}.
 * {@link #getStatistics()} tells what the exporter has done.
 * <p>
 * Thread-safe. No method throws for export problems or blocks on the network, but an
 * export on a batch processor's worker, which sends there (see {@link OtlpExporter}); the
 * shared behaviour is described on {@link OtlpSpanExporter}.
 *
 * @since 0.1.0
 */
public final class OtlpHttpSpanExporter extends OtlpSpanExporter {

	/** The name of the thread that runs retries and the shutdown. */
	public static final String SCHEDULER_THREAD_NAME = "telemetry-otlp-http-exporter";

	private static final Logger logger = Logger.getLogger(OtlpHttpSpanExporter.class.getName());

	OtlpHttpSpanExporter(ExporterSettings settings, HttpTransport transport, ScheduledExecutorService scheduler) {
		super(logger, settings, transport, scheduler);
	}

	/**
	 * Returns a builder with the defaults: {@code http://localhost:4318}, no headers, no
	 * compression, a 10 second timeout per attempt, the default retry policy and a 30
	 * second budget per export.
	 * @return a new builder
	 */
	public static OtlpHttpSpanExporterBuilder builder() {
		return new OtlpHttpSpanExporterBuilder();
	}

	/**
	 * Returns where requests go: the endpoint with {@code /v1/traces} appended.
	 * @return the URL requests are posted to
	 */
	public String getTracesUrl() {
		return endpoint().uri(OtlpSignal.TRACES.httpPath()).toString();
	}

}

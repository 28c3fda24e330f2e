package dev.telemetry.sdk.export.otlp;

import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

/**
 * Sends spans to an OpenTelemetry collector (or any OTLP receiver) over OTLP/gRPC.
 * <p>
 * Each {@link #export export} encodes the batch once into one request and sends it
 * asynchronously with a deadline of the configured timeout; the returned result completes
 * on gRPC's callback. A failure that may pass ({@code UNAVAILABLE},
 * {@code DEADLINE_EXCEEDED}, {@code RESOURCE_EXHAUSTED} with {@code RetryInfo}, ...) is
 * retried by the {@link RetryPolicy} with exponential backoff and jitter, or after the
 * delay the server asks for; the waits run on one daemon scheduler thread named
 * {@value #SCHEDULER_THREAD_NAME}, never on the caller's. Every export ends within the
 * retry budget, however many attempts it takes.
 * <p>
 * The first failure of each kind is logged at once with the endpoint, the status and the
 * likely cause, repeats at most once a minute, and one line is logged when exports
 * succeed again. Header values are never logged nor shown by {@link #toString()}.
 * {@link #getStatistics()} tells what the exporter has done.
 * <p>
 * Thread-safe. No method blocks on the network or throws for export problems; the shared
 * behaviour is described on {@link OtlpSpanExporter}.
 *
 * @since 0.1.0
 */
public final class OtlpGrpcSpanExporter extends OtlpSpanExporter {

	/** The name of the thread that runs retries and the shutdown. */
	public static final String SCHEDULER_THREAD_NAME = "telemetry-otlp-grpc-exporter";

	private static final Logger logger = Logger.getLogger(OtlpGrpcSpanExporter.class.getName());

	OtlpGrpcSpanExporter(ExporterSettings settings, GrpcTransport transport, ScheduledExecutorService scheduler) {
		super(logger, settings, transport, scheduler);
	}

	/**
	 * Returns a builder with the defaults: {@code http://localhost:4317}, no headers, no
	 * compression, a 10 second timeout per attempt, the default retry policy and a 30
	 * second budget per export.
	 * @return a new builder
	 */
	public static OtlpGrpcSpanExporterBuilder builder() {
		return new OtlpGrpcSpanExporterBuilder();
	}

}

package dev.telemetry.sdk.export.otlp;

import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

import dev.telemetry.sdk.metrics.Aggregation;
import dev.telemetry.sdk.metrics.export.TemporalityPreference;

/**
 * Sends metrics to an OpenTelemetry collector (or any OTLP receiver) over OTLP/gRPC: one
 * unary {@code opentelemetry.proto.collector.metrics.v1.MetricsService/Export} call per
 * collection, with the transport, TLS, headers, compression, retries (including the
 * server's {@code RetryInfo}), failure log lines and statistics of
 * {@link OtlpGrpcSpanExporter}; the waits run on one daemon scheduler thread named
 * {@value #SCHEDULER_THREAD_NAME}.
 * <p>
 * Thread-safe. No method blocks on the network or throws for export problems; the shared
 * behaviour is described on {@link OtlpMetricExporter}.
 *
 * @since 0.1.0
 */
public final class OtlpGrpcMetricExporter extends OtlpMetricExporter {

	/** The name of the thread that runs retries and the shutdown. */
	public static final String SCHEDULER_THREAD_NAME = "telemetry-otlp-grpc-metric-exporter";

	private static final Logger logger = Logger.getLogger(OtlpGrpcMetricExporter.class.getName());

	OtlpGrpcMetricExporter(ExporterSettings settings, TemporalityPreference temporality,
			Aggregation histogramAggregation, GrpcTransport transport, ScheduledExecutorService scheduler) {
		super(logger, settings, temporality, histogramAggregation, transport, scheduler);
	}

	/**
	 * Returns a builder with the defaults: {@code http://localhost:4317}, no headers, no
	 * compression, a 10 second timeout per attempt, the default retry policy, a 30 second
	 * budget per export, cumulative temporality and explicit-bucket histograms.
	 * @return a new builder
	 */
	public static OtlpGrpcMetricExporterBuilder builder() {
		return new OtlpGrpcMetricExporterBuilder();
	}

}

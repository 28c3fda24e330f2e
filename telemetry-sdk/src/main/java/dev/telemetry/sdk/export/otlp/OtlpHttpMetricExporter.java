package dev.telemetry.sdk.export.otlp;

import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

import dev.telemetry.sdk.metrics.Aggregation;
import dev.telemetry.sdk.metrics.export.TemporalityPreference;

/**
 * Sends metrics to an OpenTelemetry collector (or any OTLP receiver) over OTLP/HTTP with
 * protobuf bodies: {@code POST <endpoint>/v1/metrics} per collection through the JDK's
 * HTTP client, with the TLS, headers, compression, retries (including
 * {@code Retry-After}), failure log lines and statistics of {@link OtlpHttpSpanExporter};
 * the waits run on one daemon scheduler thread named {@value #SCHEDULER_THREAD_NAME}.
 * <p>
 * Thread-safe. No method throws for export problems; none blocks on the network but as
 * {@link OtlpExporter} describes; the shared behaviour is described on
 * {@link OtlpMetricExporter}.
 *
 * @since 0.1.0
 */
public final class OtlpHttpMetricExporter extends OtlpMetricExporter {

	/** The name of the thread that runs retries and the shutdown. */
	public static final String SCHEDULER_THREAD_NAME = "telemetry-otlp-http-metric-exporter";

	private static final Logger logger = Logger.getLogger(OtlpHttpMetricExporter.class.getName());

	OtlpHttpMetricExporter(ExporterSettings settings, TemporalityPreference temporality,
			Aggregation histogramAggregation, HttpTransport transport, ScheduledExecutorService scheduler) {
		super(logger, settings, temporality, histogramAggregation, transport, scheduler);
	}

	/**
	 * Returns a builder with the defaults: {@code http://localhost:4318}, no headers, no
	 * compression, a 10 second timeout per attempt, the default retry policy, a 30 second
	 * budget per export, cumulative temporality and explicit-bucket histograms.
	 * @return a new builder
	 */
	public static OtlpHttpMetricExporterBuilder builder() {
		return new OtlpHttpMetricExporterBuilder();
	}

	/**
	 * Returns where requests go: the endpoint with {@code /v1/metrics} appended, unless
	 * its path already ends with it.
	 * @return the URL requests are posted to
	 */
	public String getMetricsUrl() {
		return endpoint().uri(OtlpSignal.METRICS.httpPath()).toString();
	}

}

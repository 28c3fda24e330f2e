package dev.telemetry.sdk.export.otlp;

/**
 * Configures an {@link OtlpHttpMetricExporter}. Obtain one from
 * {@link OtlpHttpMetricExporter#builder()}. The endpoint, header and timeout rules are
 * those of {@link OtlpHttpSpanExporterBuilder}, except that {@code /v1/metrics} is
 * appended to the endpoint's path (unless it already ends with it). Not thread-safe;
 * configure on one thread, then call {@link #build()}.
 *
 * @since 0.1.0
 */
public final class OtlpHttpMetricExporterBuilder
		extends OtlpMetricExporterBuilder<OtlpHttpMetricExporterBuilder, OtlpHttpMetricExporter> {

	/** The endpoint used unless {@link #setEndpoint(String)} is called. */
	public static final String DEFAULT_ENDPOINT = OtlpHttpSpanExporterBuilder.DEFAULT_ENDPOINT;

	OtlpHttpMetricExporterBuilder() {
		super(DEFAULT_ENDPOINT, HttpTransport::validateHeaderName);
	}

	/**
	 * Creates the exporter, its HTTP client and its scheduler thread. Nothing connects
	 * until the first export.
	 * @return a new exporter; each call creates another with its own client
	 * @throws IllegalArgumentException when the TLS material cannot be used
	 */
	@Override
	public OtlpHttpMetricExporter build() {
		return ExporterSettings.withNewScheduler(OtlpHttpMetricExporter.SCHEDULER_THREAD_NAME,
				(scheduler) -> new OtlpHttpMetricExporter(this.settings, this.temporality, this.histogramAggregation,
						HttpTransport.create(OtlpSignal.METRICS, this.settings, scheduler), scheduler));
	}

}

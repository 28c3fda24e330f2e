package dev.telemetry.sdk.export.otlp;

/**
 * Configures an {@link OtlpGrpcMetricExporter}. Obtain one from
 * {@link OtlpGrpcMetricExporter#builder()}. The endpoint, header and timeout rules are
 * those of {@link OtlpGrpcSpanExporterBuilder}. Not thread-safe; configure on one thread,
 * then call {@link #build()}.
 *
 * @since 0.1.0
 */
public final class OtlpGrpcMetricExporterBuilder
		extends OtlpMetricExporterBuilder<OtlpGrpcMetricExporterBuilder, OtlpGrpcMetricExporter> {

	/** The endpoint used unless {@link #setEndpoint(String)} is called. */
	public static final String DEFAULT_ENDPOINT = OtlpGrpcSpanExporterBuilder.DEFAULT_ENDPOINT;

	OtlpGrpcMetricExporterBuilder() {
		super(DEFAULT_ENDPOINT, GrpcTransport::validateHeaderName);
	}

	/**
	 * Creates the exporter, its channel and its scheduler thread. The channel connects
	 * lazily, so this neither blocks on the network nor fails when no collector is
	 * running yet.
	 * @return a new exporter; each call creates another with its own channel
	 * @throws IllegalArgumentException when the TLS material cannot be used
	 */
	@Override
	public OtlpGrpcMetricExporter build() {
		return ExporterSettings.withNewScheduler(OtlpGrpcMetricExporter.SCHEDULER_THREAD_NAME,
				(scheduler) -> new OtlpGrpcMetricExporter(this.settings, this.temporality, this.histogramAggregation,
						GrpcTransport.create(OtlpSignal.METRICS, this.settings, scheduler), scheduler));
	}

}

package dev.telemetry.sdk.export.otlp;

import java.time.Duration;

import javax.net.ssl.TrustManagerFactory;

/**
 * Configures an {@link OtlpGrpcSpanExporter}. Obtain one from
 * {@link OtlpGrpcSpanExporter#builder()}.
 * <p>
 * The settings it shares with the OTLP/HTTP exporter, and how every setter validates, are
 * described on {@link OtlpSpanExporterBuilder}. Not thread-safe; configure on one thread,
 * then call {@link #build()}.
 *
 * @since 0.1.0
 */
public final class OtlpGrpcSpanExporterBuilder
		extends OtlpSpanExporterBuilder<OtlpGrpcSpanExporterBuilder, OtlpGrpcSpanExporter> {

	/** The endpoint used unless {@link #setEndpoint(String)} is called. */
	public static final String DEFAULT_ENDPOINT = "http://localhost:4317";

	OtlpGrpcSpanExporterBuilder() {
		super(DEFAULT_ENDPOINT, GrpcTransport::validateHeaderName);
	}

	/**
	 * Sets where spans go: {@code http://host:port} for plaintext,
	 * {@code https://host:port} for TLS, verified against the JVM trust store unless
	 * {@link #setTrustManagerFactory(TrustManagerFactory)} is called. Without a port, 80
	 * or 443 applies as for any URL; a path is ignored.
	 * @param endpoint the collector's OTLP/gRPC URL
	 * @return this builder
	 * @throws IllegalArgumentException when the URL is malformed, has another scheme, has
	 * no host, or carries credentials or a query string
	 * @throws NullPointerException when {@code endpoint} is {@code null}
	 */
	@Override
	public OtlpGrpcSpanExporterBuilder setEndpoint(String endpoint) {
		this.settings.setEndpoint(endpoint);
		return this;
	}

	/**
	 * Adds a header sent with every call, replacing an earlier value of the same name.
	 * Names are case-insensitive and sent in lower case.
	 * @param name the header name, such as {@code authorization}
	 * @param value the value, printable ASCII; never logged
	 * @return this builder
	 * @throws IllegalArgumentException when the name is not a valid gRPC ASCII header
	 * name or the value contains other than printable ASCII
	 * @throws NullPointerException when {@code name} or {@code value} is {@code null}
	 */
	@Override
	public OtlpGrpcSpanExporterBuilder addHeader(String name, String value) {
		this.settings.addHeader(name, value);
		return this;
	}

	/**
	 * Sets how long one attempt may take before it fails with {@code DEADLINE_EXCEEDED};
	 * an attempt near the end of the retry budget gets less.
	 * @param timeout a positive duration
	 * @return this builder
	 * @throws IllegalArgumentException when the timeout is zero or negative
	 * @throws NullPointerException when {@code timeout} is {@code null}
	 */
	@Override
	public OtlpGrpcSpanExporterBuilder setTimeout(Duration timeout) {
		this.settings.setTimeout(timeout);
		return this;
	}

	/**
	 * Creates the exporter, its channel and its scheduler thread. The channel connects
	 * lazily, so this neither blocks on the network nor fails when no collector is
	 * running yet.
	 * @return a new exporter; each call creates another with its own channel
	 * @throws IllegalArgumentException when the TLS material cannot be used
	 */
	@Override
	public OtlpGrpcSpanExporter build() {
		return ExporterSettings.withNewScheduler(OtlpGrpcSpanExporter.SCHEDULER_THREAD_NAME,
				(scheduler) -> new OtlpGrpcSpanExporter(this.settings,
						GrpcTransport.create(OtlpSignal.TRACES, this.settings, scheduler), scheduler));
	}

}

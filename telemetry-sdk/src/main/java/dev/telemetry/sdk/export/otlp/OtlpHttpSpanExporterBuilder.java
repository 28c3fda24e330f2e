package dev.telemetry.sdk.export.otlp;

import java.time.Duration;

import javax.net.ssl.TrustManagerFactory;

/**
 * Configures an {@link OtlpHttpSpanExporter}. Obtain one from
 * {@link OtlpHttpSpanExporter#builder()}.
 * <p>
 * The settings it shares with the OTLP/gRPC exporter, and how every setter validates, are
 * described on {@link OtlpSpanExporterBuilder}. Not thread-safe; configure on one thread,
 * then call {@link #build()}.
 *
 * @since 0.1.0
 */
public final class OtlpHttpSpanExporterBuilder
		extends OtlpSpanExporterBuilder<OtlpHttpSpanExporterBuilder, OtlpHttpSpanExporter> {

	/** The endpoint used unless {@link #setEndpoint(String)} is called. */
	public static final String DEFAULT_ENDPOINT = "http://localhost:4318";

	OtlpHttpSpanExporterBuilder() {
		super(DEFAULT_ENDPOINT, HttpTransport::validateHeaderName);
	}

	/**
	 * Sets where spans go: {@code http://host:port} for plaintext,
	 * {@code https://host:port} for TLS, verified against the JVM trust store unless
	 * {@link #setTrustManagerFactory(TrustManagerFactory)} is called. Without a port, 80
	 * or 443 applies as for any URL. Requests are posted to the endpoint's path with
	 * {@code /v1/traces} appended, unless the path already ends with it.
	 * @param endpoint the collector's OTLP/HTTP base URL
	 * @return this builder
	 * @throws IllegalArgumentException when the URL is malformed, has another scheme, has
	 * no host, or carries credentials or a query string
	 * @throws NullPointerException when {@code endpoint} is {@code null}
	 */
	@Override
	public OtlpHttpSpanExporterBuilder setEndpoint(String endpoint) {
		this.settings.setEndpoint(endpoint);
		return this;
	}

	/**
	 * Adds a header sent with every call, replacing an earlier value of the same name.
	 * Names are case-insensitive and sent in lower case.
	 * @param name the header name, such as {@code authorization}
	 * @param value the value, printable ASCII; never logged
	 * @return this builder
	 * @throws IllegalArgumentException when the name is not an HTTP token, is one the
	 * client sets itself ({@code host}, {@code content-length}, {@code content-type},
	 * {@code content-encoding}, {@code connection}, {@code expect}, {@code upgrade}), or
	 * the value contains other than printable ASCII
	 * @throws NullPointerException when {@code name} or {@code value} is {@code null}
	 */
	@Override
	public OtlpHttpSpanExporterBuilder addHeader(String name, String value) {
		this.settings.addHeader(name, value);
		return this;
	}

	/**
	 * Sets how long one attempt may take, from sending until the whole answer has arrived
	 * (a body that stalls after the headers does not hold it longer), and how long
	 * connecting may take; an attempt near the end of the retry budget gets less.
	 * @param timeout a positive duration
	 * @return this builder
	 * @throws IllegalArgumentException when the timeout is zero or negative
	 * @throws NullPointerException when {@code timeout} is {@code null}
	 */
	@Override
	public OtlpHttpSpanExporterBuilder setTimeout(Duration timeout) {
		this.settings.setTimeout(timeout);
		return this;
	}

	/**
	 * Creates the exporter, its HTTP client and its scheduler thread. Nothing connects
	 * until the first export, so this neither blocks on the network nor fails when no
	 * collector is running yet.
	 * @return a new exporter; each call creates another with its own client
	 * @throws IllegalArgumentException when the TLS material cannot be used
	 */
	@Override
	public OtlpHttpSpanExporter build() {
		return ExporterSettings.withNewScheduler(OtlpHttpSpanExporter.SCHEDULER_THREAD_NAME,
				(scheduler) -> new OtlpHttpSpanExporter(this.settings,
						HttpTransport.create(OtlpSignal.TRACES, this.settings, scheduler), scheduler));
	}

}

package dev.telemetry.sdk.export.otlp;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import dev.telemetry.sdk.internal.HttpGrammar;

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

	// The JDK client refuses to send these, or the exporter sets them itself.
	private static final Set<String> RESERVED_HEADERS = Set.of("connection", "content-length", "expect", "host",
			"upgrade", "content-type", "content-encoding");

	OtlpHttpSpanExporterBuilder() {
		super(DEFAULT_ENDPOINT, OtlpHttpSpanExporterBuilder::validateHeaderName);
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
	 * Sets how long one attempt may take until the answer's headers arrive, and how long
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
		OtlpEndpoint endpoint = this.settings.endpoint();
		ScheduledExecutorService scheduler = ExporterSettings.newScheduler(OtlpHttpSpanExporter.SCHEDULER_THREAD_NAME);
		HttpClient.Builder client = HttpClient.newBuilder()
			// One export at a time needs no multiplexing; HTTP/1.1 also avoids an h2c
			// upgrade attempt that some proxies mishandle.
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(this.settings.timeout())
			// The client's callbacks are short; running them on the exporter's one
			// thread keeps the thread count fixed.
			.executor(scheduler);
		if (endpoint.tls() && this.settings.hasCustomTls()) {
			try {
				client.sslContext(sslContext());
			}
			catch (RuntimeException ex) {
				scheduler.shutdown();
				throw ex;
			}
			if (!this.settings.tlsProtocols().isEmpty() || !this.settings.tlsCipherSuites().isEmpty()) {
				SSLParameters parameters = new SSLParameters();
				if (!this.settings.tlsProtocols().isEmpty()) {
					parameters.setProtocols(this.settings.tlsProtocols().toArray(new String[0]));
				}
				if (!this.settings.tlsCipherSuites().isEmpty()) {
					parameters.setCipherSuites(this.settings.tlsCipherSuites().toArray(new String[0]));
				}
				client.sslParameters(parameters);
			}
		}
		HttpTransport transport = new HttpTransport(endpoint, client.build(), this.settings.headers(),
				this.settings.gzip(), this.settings.timeout(), this.settings.clock());
		return new OtlpHttpSpanExporter(this.settings, transport, scheduler);
	}

	private SSLContext sslContext() {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			KeyManagerFactory keys = this.settings.keyManagerFactory();
			TrustManagerFactory trust = this.settings.trustManagerFactory();
			context.init((keys != null) ? keys.getKeyManagers() : null,
					(trust != null) ? trust.getTrustManagers() : null, null);
			return context;
		}
		catch (GeneralSecurityException | IllegalStateException ex) {
			throw new IllegalArgumentException("Invalid TLS settings for the OTLP exporter: " + ex.getMessage(), ex);
		}
	}

	private static String validateHeaderName(String key) {
		for (int i = 0; i < key.length(); i++) {
			// The name is already in lower case.
			char ch = key.charAt(i);
			if (!HttpGrammar.isTokenChar(ch)) {
				throw new IllegalArgumentException("Invalid OTLP header name '" + key + "': only letters, digits and "
						+ HttpGrammar.TOKEN_SYMBOLS + " are allowed, found '" + ch + "' at index " + i);
			}
		}
		if (RESERVED_HEADERS.contains(key)) {
			throw new IllegalArgumentException(
					"Invalid OTLP header name '" + key + "': the exporter's HTTP client sets this header itself");
		}
		return key;
	}

}

package dev.telemetry.sdk.export.otlp;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import dev.telemetry.sdk.common.Clock;

/**
 * Configures an {@link OtlpHttpSpanExporter}. Obtain one from
 * {@link OtlpHttpSpanExporter#builder()}.
 * <p>
 * Every setter validates its argument at once and throws {@link IllegalArgumentException}
 * naming the bad value (never a header value, which is usually a secret), so
 * misconfiguration surfaces where it is made rather than at the first export. Not
 * thread-safe; configure on one thread, then call {@link #build()}.
 *
 * @since 0.1.0
 */
public final class OtlpHttpSpanExporterBuilder {

	/** The endpoint used unless {@link #setEndpoint(String)} is called. */
	public static final String DEFAULT_ENDPOINT = "http://localhost:4318";

	/** The per-attempt timeout used unless {@link #setTimeout(Duration)} is called. */
	public static final Duration DEFAULT_TIMEOUT = ExporterSettings.DEFAULT_TIMEOUT;

	/**
	 * The budget of one export used unless {@link #setRetryBudget(Duration)} is called:
	 * the batch processor's default export timeout.
	 */
	public static final Duration DEFAULT_RETRY_BUDGET = ExporterSettings.DEFAULT_RETRY_BUDGET;

	/** The compression value that gzips every request. */
	public static final String COMPRESSION_GZIP = ExporterSettings.COMPRESSION_GZIP;

	/** The compression value that sends requests uncompressed. */
	public static final String COMPRESSION_NONE = ExporterSettings.COMPRESSION_NONE;

	/** The compression used unless {@link #setCompression(String)} is called. */
	public static final String DEFAULT_COMPRESSION = COMPRESSION_NONE;

	// The JDK client refuses to send these, or the exporter sets them itself.
	private static final Set<String> RESERVED_HEADERS = Set.of("connection", "content-length", "expect", "host",
			"upgrade", "content-type", "content-encoding");

	// The characters RFC 9110 allows in a token besides letters and digits.
	private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

	private final ExporterSettings settings = new ExporterSettings(DEFAULT_ENDPOINT,
			OtlpHttpSpanExporterBuilder::validateHeaderName);

	OtlpHttpSpanExporterBuilder() {
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
	public OtlpHttpSpanExporterBuilder addHeader(String name, String value) {
		this.settings.addHeader(name, value);
		return this;
	}

	/**
	 * Replaces all headers. Either every header is valid and all are applied, or none is.
	 * @param headers header names and values, as for {@link #addHeader(String, String)}
	 * @return this builder
	 * @throws IllegalArgumentException when a name or value is invalid
	 * @throws NullPointerException when the map, a name or a value is {@code null}
	 */
	public OtlpHttpSpanExporterBuilder setHeaders(Map<String, String> headers) {
		this.settings.setHeaders(headers);
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
	public OtlpHttpSpanExporterBuilder setTimeout(Duration timeout) {
		this.settings.setTimeout(timeout);
		return this;
	}

	/**
	 * Sets the request compression.
	 * @param compression {@value #COMPRESSION_GZIP} or {@value #COMPRESSION_NONE}, in any
	 * case
	 * @return this builder
	 * @throws IllegalArgumentException for any other value
	 * @throws NullPointerException when {@code compression} is {@code null}
	 */
	public OtlpHttpSpanExporterBuilder setCompression(String compression) {
		this.settings.setCompression(compression);
		return this;
	}

	/**
	 * Sets how failed exports are retried; {@link RetryPolicy#disabled()} sends each
	 * batch once.
	 * @param retryPolicy the policy
	 * @return this builder
	 * @throws NullPointerException when {@code retryPolicy} is {@code null}
	 */
	public OtlpHttpSpanExporterBuilder setRetryPolicy(RetryPolicy retryPolicy) {
		this.settings.setRetryPolicy(retryPolicy);
		return this;
	}

	/**
	 * Sets the longest time one export may take, all attempts and waits included. Set it
	 * to how long the caller waits for an export, such as the batch processor's export
	 * timeout: the exporter keeps a small reserve (a twentieth, at most 500 ms) so that
	 * its outcome arrives before the caller stops waiting.
	 * @param retryBudget a positive duration
	 * @return this builder
	 * @throws IllegalArgumentException when the budget is zero or negative
	 * @throws NullPointerException when {@code retryBudget} is {@code null}
	 */
	public OtlpHttpSpanExporterBuilder setRetryBudget(Duration retryBudget) {
		this.settings.setRetryBudget(retryBudget);
		return this;
	}

	/**
	 * Sets the trust material that verifies the collector's certificate for an
	 * {@code https://} endpoint, instead of the JVM's trust store. Ignored for
	 * {@code http://}.
	 * @param trustManagerFactory an initialized factory
	 * @return this builder
	 * @throws NullPointerException when {@code trustManagerFactory} is {@code null}
	 */
	public OtlpHttpSpanExporterBuilder setTrustManagerFactory(TrustManagerFactory trustManagerFactory) {
		this.settings.setTrustManagerFactory(trustManagerFactory);
		return this;
	}

	/**
	 * Sets the client key and certificate presented to a collector that requires mutual
	 * TLS. Ignored for {@code http://}.
	 * @param keyManagerFactory an initialized factory
	 * @return this builder
	 * @throws NullPointerException when {@code keyManagerFactory} is {@code null}
	 */
	public OtlpHttpSpanExporterBuilder setKeyManagerFactory(KeyManagerFactory keyManagerFactory) {
		this.settings.setKeyManagerFactory(keyManagerFactory);
		return this;
	}

	/**
	 * Restricts the TLS protocol versions, such as {@code TLSv1.3}.
	 * @param protocols the protocol names; empty for the defaults
	 * @return this builder
	 * @throws IllegalArgumentException when a name is blank
	 * @throws NullPointerException when {@code protocols} or a name is {@code null}
	 */
	public OtlpHttpSpanExporterBuilder setTlsProtocols(Collection<String> protocols) {
		this.settings.setTlsProtocols(protocols);
		return this;
	}

	/**
	 * Restricts the TLS cipher suites.
	 * @param cipherSuites the suite names; empty for the defaults
	 * @return this builder
	 * @throws IllegalArgumentException when a name is blank
	 * @throws NullPointerException when {@code cipherSuites} or a name is {@code null}
	 */
	public OtlpHttpSpanExporterBuilder setTlsCipherSuites(Collection<String> cipherSuites) {
		this.settings.setTlsCipherSuites(cipherSuites);
		return this;
	}

	/**
	 * Sets the clock that paces failure logging and measures budgets and latency; tests
	 * pass a manual one.
	 * @param clock the clock
	 * @return this builder
	 * @throws NullPointerException when {@code clock} is {@code null}
	 */
	public OtlpHttpSpanExporterBuilder setClock(Clock clock) {
		this.settings.setClock(clock);
		return this;
	}

	/**
	 * Creates the exporter, its HTTP client and its scheduler thread. Nothing connects
	 * until the first export, so this neither blocks on the network nor fails when no
	 * collector is running yet.
	 * @return a new exporter; each call creates another with its own client
	 * @throws IllegalArgumentException when the TLS material cannot be used
	 */
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
			char ch = key.charAt(i);
			boolean letterOrDigit = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
			if (!letterOrDigit && TOKEN_SYMBOLS.indexOf(ch) < 0) {
				throw new IllegalArgumentException("Invalid OTLP header name '" + key + "': only letters, digits and "
						+ TOKEN_SYMBOLS + " are allowed, found '" + ch + "' at index " + i);
			}
		}
		if (RESERVED_HEADERS.contains(key)) {
			throw new IllegalArgumentException(
					"Invalid OTLP header name '" + key + "': the exporter's HTTP client sets this header itself");
		}
		return key;
	}

}

package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.resource.Resource;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;

/**
 * Configures an {@link OtlpGrpcSpanExporter}. Obtain one from
 * {@link OtlpGrpcSpanExporter#builder()}.
 * <p>
 * Every setter validates its argument at once and throws {@link IllegalArgumentException}
 * naming the bad value (never a header value, which is usually a secret), so
 * misconfiguration surfaces where it is made rather than at the first export. Not
 * thread-safe; configure on one thread, then call {@link #build()}.
 *
 * @since 0.1.0
 */
public final class OtlpGrpcSpanExporterBuilder {

	/** The endpoint used unless {@link #setEndpoint(String)} is called. */
	public static final String DEFAULT_ENDPOINT = "http://localhost:4317";

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

	private final ExporterSettings settings = new ExporterSettings(DEFAULT_ENDPOINT,
			OtlpGrpcSpanExporterBuilder::validateHeaderName);

	OtlpGrpcSpanExporterBuilder() {
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
	public OtlpGrpcSpanExporterBuilder addHeader(String name, String value) {
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
	public OtlpGrpcSpanExporterBuilder setHeaders(Map<String, String> headers) {
		this.settings.setHeaders(headers);
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
	public OtlpGrpcSpanExporterBuilder setTimeout(Duration timeout) {
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
	public OtlpGrpcSpanExporterBuilder setCompression(String compression) {
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
	public OtlpGrpcSpanExporterBuilder setRetryPolicy(RetryPolicy retryPolicy) {
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
	public OtlpGrpcSpanExporterBuilder setRetryBudget(Duration retryBudget) {
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
	public OtlpGrpcSpanExporterBuilder setTrustManagerFactory(TrustManagerFactory trustManagerFactory) {
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
	public OtlpGrpcSpanExporterBuilder setKeyManagerFactory(KeyManagerFactory keyManagerFactory) {
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
	public OtlpGrpcSpanExporterBuilder setTlsProtocols(Collection<String> protocols) {
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
	public OtlpGrpcSpanExporterBuilder setTlsCipherSuites(Collection<String> cipherSuites) {
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
	public OtlpGrpcSpanExporterBuilder setClock(Clock clock) {
		this.settings.setClock(clock);
		return this;
	}

	/**
	 * Creates the exporter, its channel and its scheduler thread. The channel connects
	 * lazily, so this neither blocks on the network nor fails when no collector is
	 * running yet.
	 * @return a new exporter; each call creates another with its own channel
	 * @throws IllegalArgumentException when the TLS material cannot be used
	 */
	public OtlpGrpcSpanExporter build() {
		OtlpEndpoint endpoint = this.settings.endpoint();
		ManagedChannel channel = newChannel(endpoint);
		ScheduledExecutorService scheduler = ExporterSettings.newScheduler(OtlpGrpcSpanExporter.SCHEDULER_THREAD_NAME);
		GrpcTransport transport = new GrpcTransport(endpoint, channel, this.settings.headers(), this.settings.gzip(),
				this.settings.timeout(), scheduler);
		return new OtlpGrpcSpanExporter(this.settings, transport, scheduler);
	}

	private ManagedChannel newChannel(OtlpEndpoint endpoint) {
		NettyChannelBuilder channel = NettyChannelBuilder.forAddress(endpoint.host(), endpoint.port())
			.userAgent(Resource.SDK_NAME)
			// The exporter retries by its own policy; gRPC's retries would buffer every
			// request a second time.
			.disableRetry();
		if (!endpoint.tls()) {
			channel.usePlaintext();
		}
		else if (this.settings.hasCustomTls()) {
			channel.sslContext(sslContext());
		}
		else {
			// Netty's default TLS setup verifies against the JVM's default trust store.
			channel.useTransportSecurity();
		}
		return channel.build();
	}

	private io.grpc.netty.shaded.io.netty.handler.ssl.SslContext sslContext() {
		SslContextBuilder tls = GrpcSslContexts.forClient();
		if (this.settings.trustManagerFactory() != null) {
			tls.trustManager(this.settings.trustManagerFactory());
		}
		if (this.settings.keyManagerFactory() != null) {
			tls.keyManager(this.settings.keyManagerFactory());
		}
		if (!this.settings.tlsProtocols().isEmpty()) {
			tls.protocols(this.settings.tlsProtocols());
		}
		if (!this.settings.tlsCipherSuites().isEmpty()) {
			tls.ciphers(this.settings.tlsCipherSuites());
		}
		try {
			return tls.build();
		}
		catch (SSLException | RuntimeException ex) {
			throw new IllegalArgumentException("Invalid TLS settings for the OTLP exporter: " + ex.getMessage(), ex);
		}
	}

	private static String validateHeaderName(String key) {
		try {
			// Applies gRPC's own rules (allowed characters, no "-bin" suffix for text
			// values), so a bad name fails here instead of on every call.
			Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid OTLP header name '" + key + "': " + ex.getMessage(), ex);
		}
		return key;
	}

}

package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

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
		super(DEFAULT_ENDPOINT, OtlpGrpcSpanExporterBuilder::validateHeaderName);
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

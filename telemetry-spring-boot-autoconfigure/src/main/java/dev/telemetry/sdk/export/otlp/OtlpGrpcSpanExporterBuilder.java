package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.resource.Resource;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

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

	/** The per-call timeout used unless {@link #setTimeout(Duration)} is called. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	/** The compression value that gzips every request. */
	public static final String COMPRESSION_GZIP = "gzip";

	/** The compression value that sends requests uncompressed. */
	public static final String COMPRESSION_NONE = "none";

	/** The compression used unless {@link #setCompression(String)} is called. */
	public static final String DEFAULT_COMPRESSION = COMPRESSION_NONE;

	private OtlpEndpoint endpoint = OtlpEndpoint.parse(DEFAULT_ENDPOINT);

	private final Map<String, String> headers = new LinkedHashMap<>();

	private Duration timeout = DEFAULT_TIMEOUT;

	private String compression = DEFAULT_COMPRESSION;

	private Clock clock = Clock.system();

	OtlpGrpcSpanExporterBuilder() {
	}

	/**
	 * Sets where spans go: {@code http://host:port} for plaintext,
	 * {@code https://host:port} for TLS verified against the JVM trust store. Without a
	 * port, 80 or 443 applies as for any URL; a path is ignored.
	 * @param endpoint the collector's OTLP/gRPC URL
	 * @return this builder
	 * @throws IllegalArgumentException when the URL is malformed, has another scheme, has
	 * no host or carries credentials
	 * @throws NullPointerException when {@code endpoint} is {@code null}
	 */
	public OtlpGrpcSpanExporterBuilder setEndpoint(String endpoint) {
		this.endpoint = OtlpEndpoint.parse(endpoint);
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
		String key = validateHeaderName(name);
		validateHeaderValue(key, value);
		this.headers.put(key, value);
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
		Objects.requireNonNull(headers, "headers");
		Map<String, String> validated = new LinkedHashMap<>();
		headers.forEach((name, value) -> {
			String key = validateHeaderName(name);
			validateHeaderValue(key, value);
			validated.put(key, value);
		});
		this.headers.clear();
		this.headers.putAll(validated);
		return this;
	}

	/**
	 * Sets how long one export call may take before it fails with
	 * {@code DEADLINE_EXCEEDED}.
	 * @param timeout a positive duration
	 * @return this builder
	 * @throws IllegalArgumentException when the timeout is zero or negative
	 * @throws NullPointerException when {@code timeout} is {@code null}
	 */
	public OtlpGrpcSpanExporterBuilder setTimeout(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout");
		if (timeout.isZero() || timeout.isNegative()) {
			throw new IllegalArgumentException("OTLP exporter timeout must be positive but was " + timeout);
		}
		this.timeout = timeout;
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
		Objects.requireNonNull(compression, "compression");
		String normalized = compression.trim().toLowerCase(Locale.ROOT);
		if (!COMPRESSION_GZIP.equals(normalized) && !COMPRESSION_NONE.equals(normalized)) {
			throw new IllegalArgumentException("Unsupported OTLP compression '" + compression + "': expected '"
					+ COMPRESSION_GZIP + "' or '" + COMPRESSION_NONE + "'");
		}
		this.compression = normalized;
		return this;
	}

	/**
	 * Sets the clock that paces failure logging; tests pass a manual one.
	 * @param clock the clock
	 * @return this builder
	 * @throws NullPointerException when {@code clock} is {@code null}
	 */
	public OtlpGrpcSpanExporterBuilder setClock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
		return this;
	}

	/**
	 * Creates the exporter and its channel. The channel connects lazily, so this neither
	 * blocks on the network nor fails when no collector is running yet.
	 * @return a new exporter; each call creates another with its own channel
	 */
	public OtlpGrpcSpanExporter build() {
		return new OtlpGrpcSpanExporter(this.endpoint, newChannel(this.endpoint),
				Collections.unmodifiableMap(new LinkedHashMap<>(this.headers)), this.compression, this.timeout,
				this.clock);
	}

	private static ManagedChannel newChannel(OtlpEndpoint endpoint) {
		NettyChannelBuilder channel = NettyChannelBuilder.forAddress(endpoint.host(), endpoint.port())
			.userAgent(Resource.SDK_NAME);
		if (endpoint.tls()) {
			// Netty's default TLS setup verifies against the JVM's default trust store.
			channel.useTransportSecurity();
		}
		else {
			channel.usePlaintext();
		}
		return channel.build();
	}

	private static String validateHeaderName(String name) {
		Objects.requireNonNull(name, "header name");
		String key = name.trim().toLowerCase(Locale.ROOT);
		if (key.isEmpty()) {
			throw new IllegalArgumentException("OTLP header name must not be empty");
		}
		try {
			// Applies gRPC's own rules (allowed characters, no "-bin" suffix for text
			// values), so a bad name fails here instead of on every call.
			Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid OTLP header name '" + name + "': " + ex.getMessage(), ex);
		}
		return key;
	}

	private static void validateHeaderValue(String name, String value) {
		Objects.requireNonNull(value, () -> "value of header '" + name + "'");
		for (int i = 0, n = value.length(); i < n; i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7E) {
				// The value is likely a secret, so report where, not what.
				throw new IllegalArgumentException("Invalid value for OTLP header '" + name
						+ "': only printable ASCII is allowed, found a control or non-ASCII character at index " + i);
			}
		}
	}

}

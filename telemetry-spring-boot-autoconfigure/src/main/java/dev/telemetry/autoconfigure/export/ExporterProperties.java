package dev.telemetry.autoconfigure.export;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Exporter settings.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("telemetry.exporter")
public class ExporterProperties {

	/**
	 * Exporter that spans are sent through.
	 */
	private ExporterType type = ExporterType.OTLP;

	private final Otlp otlp = new Otlp();

	public ExporterType getType() {
		return this.type;
	}

	public void setType(ExporterType type) {
		this.type = type;
	}

	public Otlp getOtlp() {
		return this.otlp;
	}

	/**
	 * OTLP exporter settings.
	 */
	public static class Otlp {

		// The specification's default (and Spring Boot's), and the cheaper transport
		// here: see docs/benchmarks.md, runs H3 and V. The exporters' conditions read it
		// too, so the property and the beans cannot disagree.
		static final OtlpProtocol DEFAULT_PROTOCOL = OtlpProtocol.HTTP_PROTOBUF;

		/**
		 * Transport to the OTLP receiver: 'http/protobuf' to POST protobuf to
		 * '<endpoint>/v1/traces', or 'grpc'.
		 */
		private OtlpProtocol protocol = DEFAULT_PROTOCOL;

		/**
		 * URL of the OTLP receiver, usually a local OpenTelemetry Collector. 'https://'
		 * uses TLS, verified with the JVM's trust store unless an SSL bundle is set.
		 * Defaults to http://localhost:4317 for grpc and http://localhost:4318 for
		 * http/protobuf.
		 */
		private @Nullable String endpoint;

		/**
		 * Headers sent with every export request, such as 'authorization'. Values are
		 * never logged.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		/**
		 * Compression of export requests.
		 */
		private Compression compression = Compression.NONE;

		/**
		 * Longest time one export request may take. Retries of a batch together never
		 * take longer than 'telemetry.tracing.batch.export-timeout'.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		private final Retry retry = new Retry();

		private final Ssl ssl = new Ssl();

		private final SignalOverrides metrics = new SignalOverrides();

		public OtlpProtocol getProtocol() {
			return this.protocol;
		}

		public void setProtocol(OtlpProtocol protocol) {
			this.protocol = protocol;
		}

		/**
		 * Returns the configured endpoint, or the protocol's default when none is set.
		 * @return the endpoint URL
		 */
		public String getEndpoint() {
			return (this.endpoint != null) ? this.endpoint : this.protocol.getDefaultEndpoint();
		}

		public void setEndpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
		}

		/**
		 * Returns the endpoint as configured, without the protocol's default.
		 * @return the endpoint, or {@code null} when none is set
		 */
		@Nullable String configuredEndpoint() {
			return this.endpoint;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public Compression getCompression() {
			return this.compression;
		}

		public void setCompression(Compression compression) {
			this.compression = compression;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Retry getRetry() {
			return this.retry;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		public SignalOverrides getMetrics() {
			return this.metrics;
		}

	}

	/**
	 * Settings of one signal's OTLP export that differ from the shared ones; each unset
	 * value falls back to its 'telemetry.exporter.otlp' counterpart.
	 */
	public static class SignalOverrides {

		/**
		 * Transport to the OTLP receiver for this signal: 'grpc', or 'http/protobuf'.
		 */
		private @Nullable OtlpProtocol protocol;

		/**
		 * URL of the OTLP receiver for this signal. Defaults to the shared endpoint when
		 * the protocol is the same, else to the protocol's default endpoint.
		 */
		private @Nullable String endpoint;

		/**
		 * Headers sent with this signal's export requests, instead of the shared ones.
		 * Values are never logged.
		 */
		private @Nullable Map<String, String> headers;

		/**
		 * Compression of this signal's export requests.
		 */
		private @Nullable Compression compression;

		/**
		 * Longest time one export request of this signal may take.
		 */
		private @Nullable Duration timeout;

		public @Nullable OtlpProtocol getProtocol() {
			return this.protocol;
		}

		public void setProtocol(@Nullable OtlpProtocol protocol) {
			this.protocol = protocol;
		}

		public @Nullable String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
		}

		public @Nullable Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(@Nullable Map<String, String> headers) {
			this.headers = headers;
		}

		public @Nullable Compression getCompression() {
			return this.compression;
		}

		public void setCompression(@Nullable Compression compression) {
			this.compression = compression;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Retries of failed exports, with exponential backoff and jitter.
	 */
	public static class Retry {

		/**
		 * Whether to retry exports that failed for a reason that may pass, such as an
		 * unavailable or overloaded collector.
		 */
		private boolean enabled = true;

		/**
		 * Total number of attempts per batch, the first one included.
		 */
		private int maxAttempts = 5;

		/**
		 * Wait before the first retry; it grows by the multiplier after each failed
		 * attempt and varies by up to 20% either way.
		 */
		private Duration initialBackoff = Duration.ofSeconds(1);

		/**
		 * Longest wait between two attempts.
		 */
		private Duration maxBackoff = Duration.ofSeconds(5);

		/**
		 * Factor by which the wait grows after each failed attempt.
		 */
		private double multiplier = 1.5;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

	}

	/**
	 * TLS settings for 'https://' endpoints.
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) whose trust material verifies the
		 * collector's certificate and whose key, if any, is the client certificate for
		 * mutual TLS.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * Compression of export requests.
	 */
	public enum Compression {

		/** No compression. */
		NONE,

		/** gzip. */
		GZIP

	}

}

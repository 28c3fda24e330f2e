package dev.telemetry.autoconfigure.export;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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

		/**
		 * URI of the OTLP/gRPC receiver, usually a local OpenTelemetry Collector.
		 * 'https://' uses TLS with the JVM's trust store.
		 */
		private String endpoint = "http://localhost:4317";

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
		 * Longest time one export request may take.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		public String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(String endpoint) {
			this.endpoint = endpoint;
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

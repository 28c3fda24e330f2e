package dev.telemetry.autoconfigure.instrumentation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Switches for each boundary the starter instruments: inbound HTTP requests, outbound
 * HTTP calls, JDBC, hand-offs to task executors, scheduled tasks and log correlation.
 * Read once at start-up.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("telemetry.instrumentation")
public class InstrumentationProperties {

	/**
	 * Prefix of these properties.
	 */
	public static final String PREFIX = "telemetry.instrumentation";

	private final HttpServer httpServer = new HttpServer();

	private final HttpClient httpClient = new HttpClient();

	private final Jdbc jdbc = new Jdbc();

	private final Async async = new Async();

	private final Scheduled scheduled = new Scheduled();

	private final Logging logging = new Logging();

	/**
	 * Returns the Spring MVC server request settings.
	 * @return the settings
	 */
	public HttpServer getHttpServer() {
		return this.httpServer;
	}

	/**
	 * Returns the RestClient, RestTemplate and WebClient settings.
	 * @return the settings
	 */
	public HttpClient getHttpClient() {
		return this.httpClient;
	}

	/**
	 * Returns the JDBC settings.
	 * @return the settings
	 */
	public Jdbc getJdbc() {
		return this.jdbc;
	}

	/**
	 * Returns the settings for work handed to task executors.
	 * @return the settings
	 */
	public Async getAsync() {
		return this.async;
	}

	/**
	 * Returns the settings for scheduled tasks.
	 * @return the settings
	 */
	public Scheduled getScheduled() {
		return this.scheduled;
	}

	/**
	 * Returns the log correlation settings.
	 * @return the settings
	 */
	public Logging getLogging() {
		return this.logging;
	}

	/**
	 * Spring MVC server request settings.
	 */
	public static class HttpServer {

		/**
		 * Whether Spring MVC requests become SERVER spans that continue the caller's
		 * trace.
		 */
		private boolean enabled = true;

		/**
		 * Whether Spring MVC requests are measured: http.server.request.duration and
		 * http.server.active_requests. Independent of the spans.
		 */
		private boolean metrics = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isMetrics() {
			return this.metrics;
		}

		public void setMetrics(boolean metrics) {
			this.metrics = metrics;
		}

	}

	/**
	 * RestClient, RestTemplate and WebClient settings.
	 */
	public static class HttpClient {

		/**
		 * Whether calls made with RestClient, RestTemplate and WebClient built from
		 * Spring Boot's builders become CLIENT spans and carry the trace context to the
		 * server.
		 */
		private boolean enabled = true;

		/**
		 * Whether calls made with RestClient, RestTemplate and WebClient are measured:
		 * http.client.request.duration. Independent of the spans.
		 */
		private boolean metrics = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isMetrics() {
			return this.metrics;
		}

		public void setMetrics(boolean metrics) {
			this.metrics = metrics;
		}

	}

	/**
	 * Settings for work handed to task executors.
	 */
	public static class Async {

		/**
		 * Whether work handed to task executors that Spring Boot builds, @Async methods
		 * included, stays in the trace of the code that submitted it.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Settings for scheduled tasks.
	 */
	public static class Scheduled {

		/**
		 * Whether each run of a @Scheduled method becomes the root span of its own trace.
		 */
		private boolean enabled = true;

		/**
		 * Whether runs of @Scheduled methods are measured: a tasks.scheduled.execution
		 * histogram. Independent of the spans.
		 */
		private boolean metrics = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isMetrics() {
			return this.metrics;
		}

		public void setMetrics(boolean metrics) {
			this.metrics = metrics;
		}

	}

	/**
	 * Log correlation settings.
	 */
	public static class Logging {

		/**
		 * Whether the SLF4J MDC holds the current trace_id, span_id and trace_flags, and
		 * Spring Boot's log pattern shows them.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * JDBC instrumentation settings.
	 */
	public static class Jdbc {

		/**
		 * Whether statements run through DataSource beans become spans.
		 */
		private boolean enabled = true;

		/**
		 * Whether acquiring a connection from a DataSource is a span of its own.
		 */
		private boolean connectionSpans = false;

		/**
		 * Whether reading a result set, from the query's return until the last row or
		 * close, is a span of its own.
		 */
		private boolean resultSetSpans = false;

		/**
		 * Whether statements are measured: db.client.operation.duration. Independent of
		 * the spans.
		 */
		private boolean metrics = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isMetrics() {
			return this.metrics;
		}

		public void setMetrics(boolean metrics) {
			this.metrics = metrics;
		}

		public boolean isConnectionSpans() {
			return this.connectionSpans;
		}

		public void setConnectionSpans(boolean connectionSpans) {
			this.connectionSpans = connectionSpans;
		}

		public boolean isResultSetSpans() {
			return this.resultSetSpans;
		}

		public void setResultSetSpans(boolean resultSetSpans) {
			this.resultSetSpans = resultSetSpans;
		}

	}

}

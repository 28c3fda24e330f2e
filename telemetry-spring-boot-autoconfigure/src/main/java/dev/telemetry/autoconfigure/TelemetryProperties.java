package dev.telemetry.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings shared by all telemetry signals: on/off, service identity, resource and
 * shutdown.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("telemetry")
public class TelemetryProperties {

	/**
	 * Whether telemetry is enabled. When false, no telemetry bean is created at all.
	 */
	private boolean enabled = true;

	private final Service service = new Service();

	private final ResourceSettings resource = new ResourceSettings();

	private final Shutdown shutdown = new Shutdown();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Service getService() {
		return this.service;
	}

	public ResourceSettings getResource() {
		return this.resource;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	/**
	 * Service identity.
	 */
	public static class Service {

		/**
		 * Service name reported as 'service.name'. Defaults to 'spring.application.name',
		 * else 'unknown_service:java'.
		 */
		private @Nullable String name;

		/**
		 * Service version reported as 'service.version'.
		 */
		private @Nullable String version;

		/**
		 * Deployment environment reported as 'deployment.environment.name', such as
		 * 'production'.
		 */
		private @Nullable String environment;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getVersion() {
			return this.version;
		}

		public void setVersion(@Nullable String version) {
			this.version = version;
		}

		public @Nullable String getEnvironment() {
			return this.environment;
		}

		public void setEnvironment(@Nullable String environment) {
			this.environment = environment;
		}

	}

	/**
	 * Resource settings.
	 */
	public static class ResourceSettings {

		/**
		 * Additional resource attributes, such as 'service.namespace' or 'k8s.pod.name'.
		 */
		private Map<String, String> attributes = new LinkedHashMap<>();

		public Map<String, String> getAttributes() {
			return this.attributes;
		}

		public void setAttributes(Map<String, String> attributes) {
			this.attributes = attributes;
		}

	}

	/**
	 * Shutdown settings.
	 */
	public static class Shutdown {

		/**
		 * Longest time the application's shutdown waits, in all, for the last spans and
		 * metrics to be exported: the flush when the context stops and the shutdown that
		 * follows share it.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}

package dev.telemetry.autoconfigure.runtime;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the JVM runtime metrics.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(RuntimeMetricsProperties.PREFIX)
public class RuntimeMetricsProperties {

	/**
	 * Prefix of these properties.
	 */
	public static final String PREFIX = "telemetry.metrics.runtime";

	/**
	 * Whether the JVM's memory, garbage collection, thread, class and CPU metrics are
	 * recorded, named by the OpenTelemetry semantic conventions (jvm.*). While on,
	 * Micrometer's own JVM meters are not bridged.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}

package dev.telemetry.autoconfigure.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the telemetry console page.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("telemetry.console")
public class TelemetryConsoleProperties {

	/**
	 * Whether to serve the telemetry console page (the telemetryconsole actuator
	 * endpoint). It reads the telemetry endpoint, which must be exposed too.
	 */
	private boolean enabled;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}

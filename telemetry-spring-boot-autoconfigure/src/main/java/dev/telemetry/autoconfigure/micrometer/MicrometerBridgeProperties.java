package dev.telemetry.autoconfigure.micrometer;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Micrometer bridge, which feeds Micrometer meters into this starter's
 * metrics pipeline.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(MicrometerBridgeProperties.PREFIX)
public class MicrometerBridgeProperties {

	/**
	 * Prefix of these properties.
	 */
	public static final String PREFIX = "telemetry.metrics.micrometer";

	/**
	 * Whether Micrometer meters (the application's, and Spring Boot's such as Tomcat's,
	 * HikariCP's and the executors') are exported with this starter's metrics. Needs
	 * Spring Boot's actuator.
	 */
	private boolean enabled = true;

	/**
	 * Whether the timers Spring's meter observation handler makes for observations this
	 * starter already measures by the semantic conventions (http.server.requests,
	 * http.client.requests, db.client.operation, tasks.scheduled.execution, ... and their
	 * .active long task timers) are exported too, for dashboards built on Micrometer's
	 * names. Off, they are measured once: Spring's handler does not time JDBC statements
	 * at all, nor HTTP requests where no other meter registry and no metrics endpoint
	 * would read its timers.
	 */
	private boolean observationMeters = false;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isObservationMeters() {
		return this.observationMeters;
	}

	public void setObservationMeters(boolean observationMeters) {
		this.observationMeters = observationMeters;
	}

}

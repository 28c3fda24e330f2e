package dev.telemetry.autoconfigure.prometheus;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Prometheus pull ({@code telemetry.metrics.prometheus.*}).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("telemetry.metrics.prometheus")
public class TelemetryPrometheusProperties {

	/**
	 * Whether to serve the metrics for Prometheus to scrape at the 'telemetryprometheus'
	 * actuator endpoint. The endpoint must also be exposed
	 * (management.endpoints.web.exposure.include).
	 */
	private boolean enabled;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}

package dev.telemetry.autoconfigure.actuate;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code telemetry} health indicator, beside Spring Boot's own
 * {@code management.health.telemetry.enabled}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("management.health.telemetry")
public class TelemetryHealthProperties {

	/** The default {@code failure-threshold}. */
	public static final Duration DEFAULT_FAILURE_THRESHOLD = Duration.ofMinutes(1);

	/**
	 * How long an exporter must have been failing before the health details show the
	 * failure (and, with down-when-failing, before the status turns DOWN).
	 */
	private Duration failureThreshold = DEFAULT_FAILURE_THRESHOLD;

	/**
	 * Whether the indicator reports DOWN once an exporter has been failing for longer
	 * than the threshold. Off by default: an outage of the tracing back end should not
	 * take the application out of service.
	 */
	private boolean downWhenFailing;

	public Duration getFailureThreshold() {
		return this.failureThreshold;
	}

	public void setFailureThreshold(Duration failureThreshold) {
		this.failureThreshold = failureThreshold;
	}

	public boolean isDownWhenFailing() {
		return this.downWhenFailing;
	}

	public void setDownWhenFailing(boolean downWhenFailing) {
		this.downWhenFailing = downWhenFailing;
	}

}

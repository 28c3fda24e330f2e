package dev.telemetry.autoconfigure.console;

import dev.telemetry.autoconfigure.actuate.TelemetryEndpoint;
import dev.telemetry.autoconfigure.actuate.TelemetryEndpointAutoConfiguration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for the telemetry console page, with
 * {@code telemetry.console.enabled=true}, in a web application where the
 * {@code telemetry} endpoint (its data) and the {@code telemetryconsole} endpoint are
 * both available. It adds one bean holding the page; the data it shows is what the
 * {@code telemetry} endpoint keeps anyway.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = TelemetryEndpointAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty("telemetry.console.enabled")
@ConditionalOnBean(TelemetryEndpoint.class)
@ConditionalOnAvailableEndpoint(TelemetryConsoleEndpoint.class)
@EnableConfigurationProperties(TelemetryConsoleProperties.class)
public final class TelemetryConsoleAutoConfiguration {

	TelemetryConsoleAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	TelemetryConsoleEndpoint telemetryConsoleEndpoint() {
		return new TelemetryConsoleEndpoint();
	}

}

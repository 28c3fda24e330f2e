package dev.telemetry.autoconfigure.console;

import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.actuate.TelemetryEndpoint;
import dev.telemetry.autoconfigure.actuate.TelemetryEndpointAutoConfiguration;
import dev.telemetry.autoconfigure.export.OtlpExportAutoConfiguration;
import dev.telemetry.autoconfigure.resource.TelemetryResourceAutoConfiguration;
import dev.telemetry.autoconfigure.trace.TracingAutoConfiguration;
import dev.telemetry.sdk.trace.recent.RecentSpansProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TelemetryConsoleAutoConfiguration}: the console costs nothing unless
 * it is enabled and both endpoints are available, and then it is one bean beside what the
 * {@code telemetry} endpoint keeps anyway.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TelemetryConsoleAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(
			TelemetryResourceAutoConfiguration.class, OtlpExportAutoConfiguration.class, TracingAutoConfiguration.class,
			TelemetryEndpointAutoConfiguration.class, TelemetryConsoleAutoConfiguration.class);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withPropertyValues("telemetry.exporter.type=none");

	@Test
	void disabledByDefaultAddsNoBeanAndNoRing() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(TelemetryConsoleEndpoint.class)
			.doesNotHaveBean(TelemetryConsoleProperties.class)
			.doesNotHaveBean(RecentSpansProcessor.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=telemetry,telemetryconsole")
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetryConsoleEndpoint.class)
				.doesNotHaveBean(TelemetryConsoleProperties.class)
				.hasSingleBean(TelemetryEndpoint.class)
				.hasSingleBean(RecentSpansProcessor.class));
	}

	@Test
	void enabledAndExposedAddsOnlyThePage() {
		this.runner
			.withPropertyValues("telemetry.console.enabled=true",
					"management.endpoints.web.exposure.include=telemetry,telemetryconsole")
			.run((context) -> {
				assertThat(context).hasSingleBean(TelemetryConsoleEndpoint.class)
					.hasSingleBean(TelemetryEndpoint.class)
					.hasSingleBean(RecentSpansProcessor.class);
				assertThat(context.getBean(TelemetryConsoleEndpoint.class).page()).startsWith("<!DOCTYPE html>");
			});
	}

	@Test
	void enabledButNotExposedAddsNothing() {
		this.runner.withPropertyValues("telemetry.console.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetryConsoleEndpoint.class)
				.doesNotHaveBean(RecentSpansProcessor.class));
		this.runner
			.withPropertyValues("telemetry.console.enabled=true",
					"management.endpoints.web.exposure.include=telemetryconsole")
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetryConsoleEndpoint.class));
		this.runner
			.withPropertyValues("telemetry.console.enabled=true",
					"management.endpoints.web.exposure.include=telemetry,telemetryconsole",
					"management.endpoint.telemetryconsole.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetryConsoleEndpoint.class)
				.hasSingleBean(TelemetryEndpoint.class));
	}

	@Test
	void notInANonWebApplication() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("telemetry.exporter.type=none", "telemetry.console.enabled=true",
					"management.endpoints.jmx.exposure.include=*", "spring.jmx.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetryConsoleEndpoint.class));
	}

	@Test
	void pageLoadsNothingFromAnywhere() {
		String page = new TelemetryConsoleEndpoint().page();
		// Styles and script are inline; the only requests are fetch() calls to the
		// telemetry endpoint on the page's own origin.
		assertThat(page).doesNotContain("http:", "https:", "src=", "@import", "url(", "//cdn");
		// One link: an empty icon, so that the browser does not ask for /favicon.ico.
		assertThat(page.split("href=", -1)).hasSize(2);
		assertThat(page).contains("<link rel=\"icon\" href=\"data:,\">", "fetch(base + path");
	}

}

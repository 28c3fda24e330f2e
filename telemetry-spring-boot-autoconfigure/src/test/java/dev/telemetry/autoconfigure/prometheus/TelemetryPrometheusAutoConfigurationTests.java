package dev.telemetry.autoconfigure.prometheus;

import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.export.OtlpExportAutoConfiguration;
import dev.telemetry.autoconfigure.export.OtlpMetricExportAutoConfiguration;
import dev.telemetry.autoconfigure.metrics.MetricsAutoConfiguration;
import dev.telemetry.autoconfigure.propagation.PropagationAutoConfiguration;
import dev.telemetry.autoconfigure.resource.TelemetryResourceAutoConfiguration;
import dev.telemetry.autoconfigure.trace.TracingAutoConfiguration;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.export.PeriodicMetricReader;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TelemetryPrometheusAutoConfiguration}: which beans exist in each case,
 * and that the pull reader sees what the application records next to the OTLP push
 * reader.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TelemetryPrometheusAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetryResourceAutoConfiguration.class,
				PropagationAutoConfiguration.class, OtlpExportAutoConfiguration.class, TracingAutoConfiguration.class,
				OtlpMetricExportAutoConfiguration.class, MetricsAutoConfiguration.class,
				EndpointAutoConfiguration.class, TelemetryPrometheusAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders");

	@Test
	void offByDefault() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=telemetryprometheus")
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetryPrometheusEndpoint.class)
				.doesNotHaveBean(PullMetricReader.class));
	}

	@Test
	void absentWhenEnabledButNotExposed() {
		this.contextRunner.withPropertyValues("telemetry.metrics.prometheus.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetryPrometheusEndpoint.class)
				.doesNotHaveBean(PullMetricReader.class));
	}

	@Test
	void absentWithoutMetrics() {
		this.contextRunner
			.withPropertyValues("telemetry.metrics.prometheus.enabled=true", "telemetry.metrics.enabled=false",
					"management.endpoints.web.exposure.include=telemetryprometheus")
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetryPrometheusEndpoint.class));
	}

	@Test
	void absentWithoutActuator() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TelemetryResourceAutoConfiguration.class,
					OtlpMetricExportAutoConfiguration.class, MetricsAutoConfiguration.class,
					TelemetryPrometheusAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues("telemetry.metrics.prometheus.enabled=true",
					"management.endpoints.web.exposure.include=telemetryprometheus")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TelemetryPrometheusEndpoint.class));
	}

	@Test
	void pullAndPushReadTheSameInstruments() {
		this.contextRunner
			.withPropertyValues("telemetry.metrics.prometheus.enabled=true", "telemetry.metrics.temporality=delta",
					"management.endpoints.web.exposure.include=telemetryprometheus")
			.run((context) -> {
				assertThat(context).hasSingleBean(TelemetryPrometheusEndpoint.class)
					.hasSingleBean(PeriodicMetricReader.class)
					.hasBean("telemetryPrometheusMetricReader");
				context.getBean(MeterProvider.class)
					.get("test")
					.counterBuilder("jobs.processed")
					.build()
					.add(3, Attributes.of("job", "report"));
				TelemetryPrometheusEndpoint endpoint = context.getBean(TelemetryPrometheusEndpoint.class);
				String first = endpoint.scrape(PrometheusScrapeFormat.TEXT).getBody();
				String second = endpoint.scrape(PrometheusScrapeFormat.TEXT).getBody();
				// Cumulative for Prometheus although OTLP push is delta: the second
				// scrape still has the total.
				assertThat(first).contains("jobs_processed_total{job=\"report\",otel_scope_name=\"test\"} 3\n")
					.contains("target_info{")
					.contains("service_name=\"orders\"");
				assertThat(second).contains("jobs_processed_total{job=\"report\",otel_scope_name=\"test\"} 3\n");
				assertThat(endpoint.scrape(PrometheusScrapeFormat.OPENMETRICS).getBody()).endsWith("# EOF\n");
			});
	}

	@Test
	void scrapeAfterShutdownAnswersWithTheResourceAlone() {
		this.contextRunner
			.withPropertyValues("telemetry.metrics.prometheus.enabled=true",
					"management.endpoints.web.exposure.include=telemetryprometheus")
			.run((context) -> {
				MeterProvider provider = context.getBean(MeterProvider.class);
				provider.get("test").counterBuilder("late").build().add(1, Attributes.empty());
				provider.shutdown().join(5, TimeUnit.SECONDS);
				String text = context.getBean(TelemetryPrometheusEndpoint.class)
					.scrape(PrometheusScrapeFormat.TEXT)
					.getBody();
				assertThat(text).contains("target_info").doesNotContain("late_total");
			});
	}

}

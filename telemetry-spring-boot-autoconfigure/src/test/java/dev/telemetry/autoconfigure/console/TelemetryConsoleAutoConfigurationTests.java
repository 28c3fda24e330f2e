package dev.telemetry.autoconfigure.console;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.actuate.TelemetryEndpoint;
import dev.telemetry.autoconfigure.actuate.TelemetryEndpointAutoConfiguration;
import dev.telemetry.autoconfigure.console.ConsoleMetricsDescriptor.SeriesDescriptor;
import dev.telemetry.autoconfigure.console.ConsoleMetricsDescriptor.StreamDescriptor;
import dev.telemetry.autoconfigure.export.OtlpExportAutoConfiguration;
import dev.telemetry.autoconfigure.export.OtlpMetricExportAutoConfiguration;
import dev.telemetry.autoconfigure.metrics.MetricsAutoConfiguration;
import dev.telemetry.autoconfigure.prometheus.TelemetryPrometheusAutoConfiguration;
import dev.telemetry.autoconfigure.prometheus.TelemetryPrometheusEndpoint;
import dev.telemetry.autoconfigure.resource.TelemetryResourceAutoConfiguration;
import dev.telemetry.autoconfigure.trace.TracingAutoConfiguration;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.export.PeriodicMetricReader;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import dev.telemetry.sdk.trace.recent.RecentSpansProcessor;
import dev.telemetry.testing.OtlpTestReceiver;
import io.opentelemetry.proto.metrics.v1.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TelemetryConsoleAutoConfiguration}: the console costs nothing unless
 * it is enabled and both endpoints are available, and then it is the page and a
 * cumulative metric reader (Prometheus's, when there is one) beside what the
 * {@code telemetry} endpoint keeps anyway; OTLP push goes on as before.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TelemetryConsoleAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(
			TelemetryResourceAutoConfiguration.class, OtlpExportAutoConfiguration.class, TracingAutoConfiguration.class,
			TelemetryEndpointAutoConfiguration.class, OtlpMetricExportAutoConfiguration.class,
			MetricsAutoConfiguration.class, TelemetryPrometheusAutoConfiguration.class,
			TelemetryConsoleAutoConfiguration.class);

	private static final String EXPOSED = "management.endpoints.web.exposure.include=telemetry,telemetryconsole";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withPropertyValues("telemetry.exporter.type=none");

	@Test
	void disabledByDefaultAddsNoBeanAndNoRing() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(TelemetryConsoleEndpoint.class)
			.doesNotHaveBean(TelemetryConsoleProperties.class)
			.doesNotHaveBean(RecentSpansProcessor.class)
			.doesNotHaveBean(PullMetricReader.class)
			.doesNotHaveBean(MetricDescriptions.class)
			.hasSingleBean(MeterProvider.class));
		this.runner.withPropertyValues(EXPOSED)
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetryConsoleEndpoint.class)
				.doesNotHaveBean(TelemetryConsoleProperties.class)
				.doesNotHaveBean(PullMetricReader.class)
				.doesNotHaveBean(MetricDescriptions.class)
				.hasSingleBean(TelemetryEndpoint.class)
				.hasSingleBean(RecentSpansProcessor.class));
	}

	@Test
	void enabledAndExposedAddsThePageAndACumulativeMetricReader() {
		this.runner.withPropertyValues("telemetry.console.enabled=true", EXPOSED).run((context) -> {
			assertThat(context).hasSingleBean(TelemetryConsoleEndpoint.class)
				.hasSingleBean(TelemetryEndpoint.class)
				.hasSingleBean(RecentSpansProcessor.class)
				.hasSingleBean(PullMetricReader.class)
				.hasBean(TelemetryConsoleAutoConfiguration.METRIC_READER);
			TelemetryConsoleEndpoint endpoint = context.getBean(TelemetryConsoleEndpoint.class);
			assertThat(endpoint.page()).startsWith("<!DOCTYPE html>");
			context.getBean(MeterProvider.class)
				.get("test")
				.counterBuilder("jobs.processed")
				.build()
				.add(3, Attributes.of("job", "report"));
			// Registered with the meter provider, and cumulative: a second read still has
			// the total.
			assertThat(jobsProcessed(endpoint)).isEqualTo(3L);
			assertThat(jobsProcessed(endpoint)).isEqualTo(3L);
		});
	}

	@Test
	void withPrometheusTheConsoleSharesItsReader() {
		this.runner
			.withPropertyValues("telemetry.console.enabled=true", "telemetry.metrics.prometheus.enabled=true",
					"management.endpoints.web.exposure.include=telemetry,telemetryconsole,telemetryprometheus")
			.run((context) -> {
				assertThat(context).hasSingleBean(TelemetryPrometheusEndpoint.class)
					.hasSingleBean(PullMetricReader.class)
					.hasBean(TelemetryConsoleAutoConfiguration.PROMETHEUS_METRIC_READER)
					.doesNotHaveBean(TelemetryConsoleAutoConfiguration.METRIC_READER);
				context.getBean(MeterProvider.class)
					.get("test")
					.counterBuilder("jobs.processed")
					.build()
					.add(3, Attributes.of("job", "report"));
				assertThat(jobsProcessed(context.getBean(TelemetryConsoleEndpoint.class))).isEqualTo(3L);
			});
	}

	@Test
	void aPartOtherThanMetricsIsNotFound() {
		this.runner.withPropertyValues("telemetry.console.enabled=true", EXPOSED).run((context) -> {
			TelemetryConsoleEndpoint endpoint = context.getBean(TelemetryConsoleEndpoint.class);
			assertThat(endpoint.part(SecurityContext.NONE, "traces")).isNull();
			assertThat(endpoint.part(SecurityContext.NONE, "metrics")).isNotNull();
		});
	}

	@Test
	void withMetricsOffThePageSaysSoAndNoReaderExists() {
		this.runner.withPropertyValues("telemetry.console.enabled=true", "telemetry.metrics.enabled=false", EXPOSED)
			.run((context) -> {
				assertThat(context).hasSingleBean(TelemetryConsoleEndpoint.class)
					.doesNotHaveBean(MeterProvider.class)
					.doesNotHaveBean(PullMetricReader.class);
				ConsoleMetricsDescriptor metrics = context.getBean(TelemetryConsoleEndpoint.class)
					.part(SecurityContext.NONE, "metrics");
				assertThat(metrics).isNotNull();
				assertThat(metrics.collected()).isFalse();
				assertThat(metrics.streams()).isEmpty();
			});
	}

	@Test
	void otlpPushStillExportsWithTheConsoleEnabled() {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start()) {
			new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
				.withPropertyValues("telemetry.exporter.otlp.endpoint=" + receiver.endpoint(),
						"telemetry.exporter.otlp.protocol=grpc", "telemetry.metrics.temporality=delta",
						"telemetry.console.enabled=true", EXPOSED)
				.run((context) -> {
					assertThat(context).hasSingleBean(PeriodicMetricReader.class)
						.hasBean(TelemetryConsoleAutoConfiguration.METRIC_READER);
					MeterProvider provider = context.getBean(MeterProvider.class);
					provider.get("test")
						.counterBuilder("jobs.processed")
						.build()
						.add(3, Attributes.of("job", "report"));
					assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
					List<Metric> metrics = receiver.awaitMetrics(
							(all) -> all.stream().anyMatch((metric) -> metric.getName().equals("jobs.processed")),
							Duration.ofSeconds(20));
					assertThat(metrics).filteredOn((metric) -> metric.getName().equals("jobs.processed"))
						.first()
						.satisfies((metric) -> assertThat(metric.getSum().getDataPoints(0).getAsInt()).isEqualTo(3));
					// Delta push took its share; the console's reader keeps the total.
					assertThat(jobsProcessed(context.getBean(TelemetryConsoleEndpoint.class))).isEqualTo(3L);
				});
		}
	}

	@Test
	void enabledButNotExposedAddsNothing() {
		this.runner.withPropertyValues("telemetry.console.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetryConsoleEndpoint.class)
				.doesNotHaveBean(RecentSpansProcessor.class)
				.doesNotHaveBean(PullMetricReader.class));
		this.runner
			.withPropertyValues("telemetry.console.enabled=true",
					"management.endpoints.web.exposure.include=telemetryconsole")
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetryConsoleEndpoint.class));
		this.runner
			.withPropertyValues("telemetry.console.enabled=true", EXPOSED,
					"management.endpoint.telemetryconsole.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetryConsoleEndpoint.class)
				.doesNotHaveBean(PullMetricReader.class)
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
		String page = new TelemetryConsoleEndpoint(null).page();
		// Styles and script are inline; the only requests are fetch() calls to the
		// telemetry endpoint and this one's metrics, on the page's own origin.
		assertThat(page).doesNotContain("http:", "https:", "src=", "@import", "url(", "//cdn");
		// One link: an empty icon, so that the browser does not ask for /favicon.ico.
		assertThat(page.split("href=", -1)).hasSize(2);
		assertThat(page).contains("<link rel=\"icon\" href=\"data:,\">", "fetch(url");
	}

	private static Object jobsProcessed(TelemetryConsoleEndpoint endpoint) {
		ConsoleMetricsDescriptor metrics = endpoint.part(SecurityContext.NONE, "metrics");
		assertThat(metrics).isNotNull();
		StreamDescriptor stream = metrics.streams()
			.stream()
			.filter((candidate) -> candidate.name().equals("jobs.processed"))
			.findFirst()
			.orElseThrow();
		assertThat(stream.kind()).isEqualTo("counter");
		SeriesDescriptor series = stream.series().get(0);
		// show-values is never by default: the key, not the value
		assertThat(series.attributes()).containsEntry("job", "******");
		return series.value();
	}

}

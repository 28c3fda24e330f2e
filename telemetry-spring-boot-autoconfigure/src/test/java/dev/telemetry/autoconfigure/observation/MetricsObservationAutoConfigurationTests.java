package dev.telemetry.autoconfigure.observation;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.instrumentation.UnmeasuredMetricConvention;
import dev.telemetry.autoconfigure.jdbc.JdbcMetricConvention;
import dev.telemetry.autoconfigure.jdbc.JdbcMetricsAutoConfiguration;
import dev.telemetry.autoconfigure.task.ScheduledTaskMetricsAutoConfiguration;
import dev.telemetry.autoconfigure.web.HttpClientMetricConvention;
import dev.telemetry.autoconfigure.web.HttpMetricConventionsAutoConfiguration;
import dev.telemetry.autoconfigure.web.HttpServerMetricConvention;
import dev.telemetry.autoconfigure.web.WebClientMetricConvention;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MetricsObservationAutoConfiguration} and the metric conventions'
 * auto-configurations: the per-boundary metrics switches, independent of the spans.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsObservationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				MetricsObservationAutoConfiguration.class, HttpMetricConventionsAutoConfiguration.class,
				JdbcMetricsAutoConfiguration.class, ScheduledTaskMetricsAutoConfiguration.class))
		.withBean(MeterProvider.class, () -> MeterProvider.builder().registerMetricReader(this.reader).build());

	private final PullMetricReader reader = PullMetricReader.create();

	@Test
	void measuresEveryBoundaryByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MetricsObservationHandler.class)
				.hasSingleBean(HttpServerMetricConvention.class)
				.hasSingleBean(HttpClientMetricConvention.class)
				.hasSingleBean(WebClientMetricConvention.class)
				.hasSingleBean(JdbcMetricConvention.class)
				.doesNotHaveBean(UnmeasuredMetricConvention.class);
			// Boot registers ObservationHandler beans with its registry.
			Observation.createNotStarted("custom.work", context.getBean(ObservationRegistry.class)).start().stop();
			assertThat(this.reader.collect())
				.anySatisfy((metric) -> assertThat(metric.name()).isEqualTo("custom.work"));
		});
	}

	@Test
	void eachBoundarysMetricsSwitchOffOnTheirOwn() {
		this.contextRunner
			.withPropertyValues("telemetry.instrumentation.http-server.metrics=false",
					"telemetry.instrumentation.http-client.metrics=false",
					"telemetry.instrumentation.jdbc.metrics=false", "telemetry.instrumentation.scheduled.metrics=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(MetricsObservationHandler.class)
					.doesNotHaveBean(HttpServerMetricConvention.class)
					.doesNotHaveBean(HttpClientMetricConvention.class)
					.doesNotHaveBean(WebClientMetricConvention.class)
					.doesNotHaveBean(JdbcMetricConvention.class);
				List<UnmeasuredMetricConvention> unmeasured = context.getBeansOfType(UnmeasuredMetricConvention.class)
					.values()
					.stream()
					.toList();
				assertThat(unmeasured).hasSize(5);
				assertThat(unmeasured)
					.anySatisfy((convention) -> assertThat(convention.supports(new ServerRequestObservationContext(
							new MockHttpServletRequest(), new MockHttpServletResponse())))
						.isTrue());
			});
	}

	@Test
	void tracingSwitchesLeaveTheMetricsAlone() {
		this.contextRunner
			.withPropertyValues("telemetry.instrumentation.http-server.enabled=false",
					"telemetry.tracing.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(HttpServerMetricConvention.class)
				.hasSingleBean(MetricsObservationHandler.class));
	}

	@Test
	void backsOffWithoutAMeterProvider() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					MetricsObservationAutoConfiguration.class, HttpMetricConventionsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MetricsObservationHandler.class)
				.doesNotHaveBean(HttpServerMetricConvention.class));
	}

	@Test
	void backsOffWhenTelemetryIsOff() {
		this.contextRunner.withPropertyValues("telemetry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MetricsObservationHandler.class));
	}

	@Test
	void backsOffForTheApplicationsHandler() {
		this.contextRunner
			.withBean("custom", MetricsObservationHandler.class,
					() -> new MetricsObservationHandler(List.of(), new UnmeasuredMetricConvention(List.of())))
			.run((context) -> assertThat(context).hasSingleBean(MetricsObservationHandler.class).hasBean("custom"));
	}

	@Test
	void withoutServletOrWebFluxOnlyTheGenericMetricsRemain() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("org.springframework.http.server.observation",
					"org.springframework.web.reactive", "org.springframework.http.client.observation"))
			.run((context) -> assertThat(context).hasSingleBean(MetricsObservationHandler.class)
				.doesNotHaveBean(HttpServerMetricConvention.class)
				.doesNotHaveBean(WebClientMetricConvention.class)
				.doesNotHaveBean(HttpClientMetricConvention.class));
	}

}

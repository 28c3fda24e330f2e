package dev.telemetry.autoconfigure.actuate;

import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.export.OtlpExportAutoConfiguration;
import dev.telemetry.autoconfigure.export.OtlpMetricExportAutoConfiguration;
import dev.telemetry.autoconfigure.metrics.MetricsAutoConfiguration;
import dev.telemetry.autoconfigure.resource.TelemetryResourceAutoConfiguration;
import dev.telemetry.autoconfigure.trace.TracingAutoConfiguration;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.InstrumentType;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.recent.RecentSpansProcessor;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the actuator auto-configurations: which beans exist when, and that they back
 * off.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TelemetryActuatorAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TelemetryResourceAutoConfiguration.class, OtlpExportAutoConfiguration.class,
						TracingAutoConfiguration.class, TelemetryEndpointAutoConfiguration.class,
						TelemetryHealthAutoConfiguration.class, TelemetrySelfMetricsAutoConfiguration.class))
		.withPropertyValues("telemetry.exporter.type=none");

	@Test
	void endpointAndItsRecentSpansExistOnlyWhenExposed() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(TelemetryEndpoint.class)
				.doesNotHaveBean(RecentSpansProcessor.class)
				.doesNotHaveBean(SamplerSteering.class);
			assertThat(context).hasSingleBean(TelemetryHealthIndicator.class).hasSingleBean(TelemetryMeterBinder.class);
		});
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=telemetry").run((context) -> {
			assertThat(context).hasSingleBean(TelemetryEndpoint.class)
				.hasSingleBean(RecentSpansProcessor.class)
				.hasSingleBean(SamplerSteering.class);
			RecentSpansProcessor recent = context.getBean(RecentSpansProcessor.class);
			context.getBean(TracerProvider.class).get("test", null).spanBuilder("kept").startSpan().end();
			assertThat(recent.getSpanCount()).isOne();
			assertThat(recent.getMaxSpans()).isEqualTo(RecentSpansProcessor.DEFAULT_MAX_SPANS);
		});
	}

	@Test
	void recentSpansBudgetComesFromProperties() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=telemetry",
					"management.endpoint.telemetry.recent-spans.max-spans=64",
					"management.endpoint.telemetry.recent-spans.max-span-names=4",
					"management.endpoint.telemetry.recent-spans.samples-per-bucket=1")
			.run((context) -> {
				RecentSpansProcessor recent = context.getBean(RecentSpansProcessor.class);
				assertThat(recent.getMaxSpans()).isEqualTo(64);
				assertThat(recent.getMaxSpanNames()).isEqualTo(4);
				assertThat(recent.getSamplesPerBucket()).isOne();
			});
	}

	@Test
	void invalidBudgetNamesTheProperty() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=telemetry",
					"management.endpoint.telemetry.recent-spans.max-spans=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("management.endpoint.telemetry.recent-spans.max-spans"));
	}

	@Test
	void healthIndicatorCanBeSwitchedOff() {
		this.runner.withPropertyValues("management.health.telemetry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetryHealthIndicator.class));
	}

	@Test
	void backsOffFromTheApplicationsOwnBeans() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=telemetry")
			.withUserConfiguration(OwnBeans.class)
			.run((context) -> {
				assertThat(context).getBean(RecentSpansProcessor.class).isSameAs(context.getBean("ownRecentSpans"));
				assertThat(context.getBean(RecentSpansProcessor.class).getMaxSpans()).isEqualTo(16);
				assertThat(context).getBean("telemetryHealthIndicator").isNotInstanceOf(TelemetryHealthIndicator.class);
			});
	}

	@Test
	void withoutActuatorOrMicrometerNothingIsAdded() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class, HealthIndicator.class, MeterBinder.class))
			.withPropertyValues("management.endpoints.web.exposure.include=telemetry")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(TracerProvider.class);
				assertThat(context).doesNotHaveBean(TelemetryEndpoint.class)
					.doesNotHaveBean(TelemetryHealthIndicator.class)
					.doesNotHaveBean(TelemetryMeterBinder.class)
					.doesNotHaveBean(RecentSpansProcessor.class);
			});
	}

	@Test
	void selfMetricsAreInstrumentsOfTheMeterProviderWhenMetricsAreOn() {
		this.runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withPropertyValues("telemetry.metrics.export.enabled=false")
			.withBean(PullMetricReader.class, PullMetricReader::create)
			.run((context) -> {
				assertThat(context).hasSingleBean(TelemetrySelfInstruments.class)
					.hasSingleBean(TelemetryMeterBinder.class);
				context.getBean(TracerProvider.class).get("test", null).spanBuilder("counted").startSpan().end();
				assertThat(context.getBean(PullMetricReader.class).collect())
					.filteredOn((metric) -> metric.scope().name().equals(TelemetrySelfInstruments.SCOPE))
					.extracting(MetricData::name)
					.contains("otel.sdk.span.started", "otel.sdk.span.live", "otel.sdk.processor.span.queue.size",
							"otel.sdk.processor.span.queue.capacity", "otel.sdk.processor.span.processed");
				assertThat(context.getBean(MeterProvider.class).getDiagnostics().streams())
					.filteredOn((stream) -> stream.instrumentName().equals("otel.sdk.span.started"))
					.singleElement()
					.satisfies((stream) -> assertThat(stream.instrumentType())
						.isEqualTo(InstrumentType.OBSERVABLE_COUNTER));
			});
		this.runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withPropertyValues("telemetry.metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetrySelfInstruments.class)
				.hasSingleBean(TelemetryMeterBinder.class));
		this.runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withPropertyValues("telemetry.metrics.export.enabled=false")
			.withUserConfiguration(OwnSelfMetrics.class)
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetrySelfInstruments.class)
				.doesNotHaveBean(TelemetryMeterBinder.class));
	}

	@Test
	void metricsPartIsThereOnlyWithAMeterProvider() {
		WebApplicationContextRunner exposed = this.runner
			.withConfiguration(
					AutoConfigurations.of(OtlpMetricExportAutoConfiguration.class, MetricsAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=telemetry",
					"telemetry.exporter.otlp.endpoint=http://127.0.0.1:1");
		exposed.run((context) -> {
			TelemetryEndpoint endpoint = context.getBean(TelemetryEndpoint.class);
			TelemetryDescriptor.MetricsDescriptor metrics = endpoint.telemetry().metrics();
			assertThat(metrics).isNotNull();
			assertThat(metrics.readers()).singleElement().satisfies((reader) -> {
				assertThat(reader.name()).isEqualTo("periodic_metric_reader/0");
				assertThat(reader.collections()).isZero();
				assertThat(reader.lastCollection()).isNull();
			});
			assertThat(metrics.exporters()).singleElement().satisfies((exporter) -> {
				assertThat(exporter.name()).isEqualTo("otlp_http_metric_exporter/0");
				assertThat(exporter.endpoint()).isEqualTo("http://127.0.0.1:1");
			});
			assertThat(endpoint.part(SecurityContext.NONE, "metrics", null)).isEqualTo(metrics);
		});
		exposed.withPropertyValues("telemetry.metrics.enabled=false").run((context) -> {
			TelemetryEndpoint endpoint = context.getBean(TelemetryEndpoint.class);
			assertThat(endpoint.telemetry().metrics()).isNull();
			assertThat(endpoint.part(SecurityContext.NONE, "metrics", null)).isNull();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnSelfMetrics {

		@Bean
		Object telemetrySelfInstruments() {
			return "off";
		}

		@Bean
		Object telemetrySelfMetrics() {
			return "off";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		@Bean
		RecentSpansProcessor ownRecentSpans() {
			return RecentSpansProcessor.builder().setMaxSpans(16).build();
		}

		@Bean
		HealthIndicator telemetryHealthIndicator() {
			return () -> org.springframework.boot.health.contributor.Health.up().build();
		}

	}

}

package dev.telemetry.autoconfigure.micrometer;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.observation.MetricsObservationAutoConfiguration;
import dev.telemetry.autoconfigure.runtime.RuntimeMetricsAutoConfiguration;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MicrometerBridgeAutoConfiguration} with Spring Boot's actuator metrics
 * auto-configuration.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MicrometerBridgeAutoConfigurationTests {

	private final PullMetricReader reader = PullMetricReader.create();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				MetricsObservationAutoConfiguration.class, RuntimeMetricsAutoConfiguration.class,
				MicrometerBridgeAutoConfiguration.class))
		.withBean(MeterProvider.class, () -> MeterProvider.builder().registerMetricReader(this.reader).build());

	@Test
	void micrometerMetersLeaveThroughThePipeline() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(TelemetryMeterRegistry.class);
			// Like Boot's export registries, the bridge replaces the fallback simple one.
			assertThat(context).doesNotHaveBean(SimpleMeterRegistry.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Counter.builder("orders.placed").register(registry).increment(4);
			assertThat(names()).contains("orders.placed");
		});
	}

	@Test
	void joinsBootsCompositeBesideAnotherRegistry() {
		this.contextRunner.withBean("other", SimpleMeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			MeterRegistry primary = context.getBean(MeterRegistry.class);
			assertThat(primary).isInstanceOf(CompositeMeterRegistry.class);
			Counter.builder("orders.placed").register(primary).increment();
			assertThat(names()).contains("orders.placed");
			assertThat(context.getBean("other", SimpleMeterRegistry.class).get("orders.placed").counter().count())
				.isEqualTo(1.0);
		});
	}

	@Test
	void observationTimersAreNotBridgedByDefault() {
		this.contextRunner.run((context) -> {
			ObservationRegistry observations = context.getBean(ObservationRegistry.class);
			Observation.createNotStarted("order.checkout", observations).start().stop();
			List<String> names = names();
			// Measured once, by the starter's handler; Boot's meter handler's timer stays
			// in Micrometer.
			assertThat(names).containsOnlyOnce("order.checkout");
			assertThat(context.getBean(MeterRegistry.class).get("order.checkout").timer().count()).isEqualTo(1);
			assertThat(this.reader.collect()).filteredOn((metric) -> metric.name().equals("order.checkout"))
				.singleElement()
				.satisfies((metric) -> assertThat(metric.scope().name()).isEqualTo("dev.telemetry.observation"));
		});
	}

	@Test
	void observationMetersPropertyBridgesThemToo() {
		this.contextRunner.withPropertyValues("telemetry.metrics.micrometer.observation-meters=true").run((context) -> {
			ObservationRegistry observations = context.getBean(ObservationRegistry.class);
			Observation.createNotStarted("order.checkout", observations).start().stop();
			assertThat(this.reader.collect()).filteredOn((metric) -> metric.name().equals("order.checkout"))
				.extracting((metric) -> metric.scope().name())
				.containsExactlyInAnyOrder("dev.telemetry.observation",
						MicrometerBridgeAutoConfiguration.INSTRUMENTATION_SCOPE);
		});
	}

	@Test
	void micrometerJvmMetersAreLeftOutWhileRuntimeMetricsAreOn() {
		this.contextRunner.run((context) -> {
			Gauge.builder("jvm.test.gauge", () -> 1.0).register(context.getBean(MeterRegistry.class));
			assertThat(names()).doesNotContain("jvm.test.gauge").contains("jvm.memory.used");
		});
	}

	@Test
	void micrometerJvmMetersAreBridgedWhenRuntimeMetricsAreOff() {
		this.contextRunner.withPropertyValues("telemetry.metrics.runtime.enabled=false").run((context) -> {
			Gauge.builder("jvm.test.gauge", () -> 1.0).register(context.getBean(MeterRegistry.class));
			assertThat(names()).contains("jvm.test.gauge").doesNotContain("jvm.memory.used");
		});
	}

	@Test
	void switchedOff() {
		this.contextRunner.withPropertyValues("telemetry.metrics.micrometer.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetryMeterRegistry.class)
				.hasSingleBean(SimpleMeterRegistry.class));
	}

	@Test
	void backsOffWithoutActuatorMetrics() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MicrometerBridgeAutoConfiguration.class))
			.withBean(MeterProvider.class, () -> MeterProvider.builder().registerMetricReader(this.reader).build())
			.withClassLoader(new FilteredClassLoader(MetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetryMeterRegistry.class));
	}

	private List<String> names() {
		return this.reader.collect().stream().map(MetricData::name).toList();
	}

}

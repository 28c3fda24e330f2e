package dev.telemetry.autoconfigure.instrumentation;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InstrumentationEnvironmentPostProcessor}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InstrumentationEnvironmentPostProcessorTests {

	private final InstrumentationEnvironmentPostProcessor postProcessor = new InstrumentationEnvironmentPostProcessor();

	@Test
	void givesTheCorrelationPatternAndReactorPropagationDefaults() {
		StandardEnvironment environment = postProcess(Map.of(), new SpringApplication());
		assertThat(environment.getProperty("logging.pattern.correlation"))
			.isEqualTo("%correlationId{trace_id(32),span_id(16),trace_flags(2)}");
		assertThat(environment.getProperty("spring.reactor.context-propagation")).isEqualTo("auto");
		assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow().getName())
			.isEqualTo(InstrumentationEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
	}

	@Test
	void applicationSettingsWin() {
		StandardEnvironment environment = postProcess(Map.of("logging.pattern.correlation", "[%X{trace_id}] ",
				"spring.reactor.context-propagation", "limited"), new SpringApplication());
		assertThat(environment.getProperty("logging.pattern.correlation")).isEqualTo("[%X{trace_id}] ");
		assertThat(environment.getProperty("spring.reactor.context-propagation")).isEqualTo("limited");
		assertThat(
				environment.getPropertySources().contains(InstrumentationEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

	@Test
	void eachDefaultFollowsItsSwitch() {
		StandardEnvironment withoutLogging = postProcess(Map.of("telemetry.instrumentation.logging.enabled", "false"),
				new SpringApplication());
		assertThat(withoutLogging.containsProperty("logging.pattern.correlation")).isFalse();
		assertThat(withoutLogging.getProperty("spring.reactor.context-propagation")).isEqualTo("auto");
		StandardEnvironment withoutClients = postProcess(
				Map.of("telemetry.instrumentation.http-client.enabled", "FALSE"), new SpringApplication());
		assertThat(withoutClients.containsProperty("spring.reactor.context-propagation")).isFalse();
		assertThat(withoutClients.containsProperty("logging.pattern.correlation")).isTrue();
	}

	@Test
	void nothingWhenTelemetryOrTracingIsOff() {
		assertThat(postProcess(Map.of("telemetry.enabled", "false"), new SpringApplication()).getPropertySources()
			.contains(InstrumentationEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
		assertThat(
				postProcess(Map.of("telemetry.tracing.enabled", "false"), new SpringApplication()).getPropertySources()
					.contains(InstrumentationEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

	@Test
	void noReactorDefaultWithoutReactor() {
		SpringApplication application = new SpringApplication();
		application.setResourceLoader(new DefaultResourceLoader(new FilteredClassLoader("reactor.core")));
		StandardEnvironment environment = postProcess(Map.of(), application);
		assertThat(environment.containsProperty("spring.reactor.context-propagation")).isFalse();
		assertThat(environment.containsProperty("logging.pattern.correlation")).isTrue();
	}

	@Test
	void runsAfterTheOtelVariablesAreMapped() {
		assertThat(this.postProcessor.getOrder())
			.isGreaterThan(dev.telemetry.autoconfigure.env.OtelEnvironmentVariablesPostProcessor.ORDER);
	}

	private StandardEnvironment postProcess(Map<String, Object> properties, SpringApplication application) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		this.postProcessor.postProcessEnvironment(environment, application);
		return environment;
	}

}

package dev.telemetry.autoconfigure.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.Banner;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.support.EnvironmentPostProcessorsFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OtelEnvironmentVariablesPostProcessor} registered through
 * {@code spring.factories} and run by a real {@link SpringApplication}.
 */
@ExtendWith(OutputCaptureExtension.class)
class OtelEnvironmentVariablesPostProcessorIntegrationTests {

	@Test
	void isRegisteredInSpringFactoriesAndOrderedAfterConfigData() {
		List<EnvironmentPostProcessor> postProcessors = EnvironmentPostProcessorsFactory
			.fromSpringFactories(getClass().getClassLoader())
			.getEnvironmentPostProcessors(Supplier::get, new DefaultBootstrapContext());
		assertThat(postProcessors).filteredOn(OtelEnvironmentVariablesPostProcessor.class::isInstance).hasSize(1);
		int configData = indexOf(postProcessors, ConfigDataEnvironmentPostProcessor.class);
		int ours = indexOf(postProcessors, OtelEnvironmentVariablesPostProcessor.class);
		assertThat(ours).isGreaterThan(configData);
	}

	@Test
	void variablesReachTheEnvironmentOfARunningApplication(CapturedOutput output) {
		StandardEnvironment environment = OtelEnvironmentVariablesPostProcessorTests.environment(
				"OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318", "OTEL_EXPORTER_OTLP_HEADERS",
				"x-api-key=top-secret-value,Bearer another-secret-value");
		isolateFromConfigFiles(environment, "optional:classpath:/no-such-directory/");
		try (ConfigurableApplicationContext context = application(environment).run()) {
			assertThat(context.getEnvironment().getProperty("telemetry.exporter.otlp.endpoint"))
				.isEqualTo("http://collector:4318");
			assertThat(context.getEnvironment().getProperty("telemetry.exporter.otlp.headers[x-api-key]"))
				.isEqualTo("top-secret-value");
		}
		// The deferred warning is replayed once logging is up, and still hides values.
		assertThat(output).contains("OTEL_EXPORTER_OTLP_HEADERS", "entry 2 has no '='")
			.doesNotContain("top-secret-value", "another-secret-value");
	}

	@Test
	void configFileWinsOverVariableAndVariableWinsOverDefaultProperties(@TempDir Path directory) throws IOException {
		Path file = directory.resolve("application.properties");
		Files.writeString(file, "telemetry.service.name=from-file\n");
		StandardEnvironment environment = OtelEnvironmentVariablesPostProcessorTests.environment("OTEL_SERVICE_NAME",
				"from-env", "OTEL_TRACES_SAMPLER", "always_off");
		isolateFromConfigFiles(environment, file.toUri().toString());
		SpringApplication application = application(environment);
		application.setDefaultProperties(
				Map.of("telemetry.tracing.sampler.type", "always_on", "telemetry.propagation.type", "b3"));
		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(context.getEnvironment().getProperty("telemetry.service.name")).isEqualTo("from-file");
			assertThat(context.getEnvironment().getProperty("telemetry.tracing.sampler.type")).isEqualTo("always_off");
			assertThat(context.getEnvironment().getProperty("telemetry.propagation.type")).isEqualTo("b3");
		}
	}

	private static SpringApplication application(StandardEnvironment environment) {
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		application.setEnvironment(environment);
		return application;
	}

	// Keeps any application.properties another test adds to the class path out of these
	// tests, which only want the files they name.
	private static void isolateFromConfigFiles(StandardEnvironment environment, String location) {
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("spring.config.location", location)));
	}

	private static int indexOf(List<EnvironmentPostProcessor> postProcessors, Class<?> type) {
		for (int i = 0; i < postProcessors.size(); i++) {
			if (type.isInstance(postProcessors.get(i))) {
				return i;
			}
		}
		throw new AssertionError(type.getName() + " is not registered");
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}

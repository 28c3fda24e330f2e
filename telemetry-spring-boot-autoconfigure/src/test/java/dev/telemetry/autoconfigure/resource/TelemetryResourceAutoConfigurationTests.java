package dev.telemetry.autoconfigure.resource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.telemetry.autoconfigure.env.OtelEnvironmentVariablesPostProcessor;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.resource.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TelemetryResourceAutoConfiguration}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TelemetryResourceAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetryResourceAutoConfiguration.class));

	@Test
	void serviceNameDefaultsToUnknownServiceJava() {
		this.contextRunner.run((context) -> assertThat(attributes(context)).containsEntry("service.name",
				Resource.UNKNOWN_SERVICE_NAME));
		assertThat(Resource.UNKNOWN_SERVICE_NAME).isEqualTo("unknown_service:java");
	}

	@Test
	void serviceNameComesFromSpringApplicationName() {
		this.contextRunner.withPropertyValues("spring.application.name=orders")
			.run((context) -> assertThat(attributes(context)).containsEntry("service.name", "orders"));
	}

	@Test
	void blankSpringApplicationNameIsIgnored() {
		this.contextRunner.withPropertyValues("spring.application.name= ")
			.run((context) -> assertThat(attributes(context)).containsEntry("service.name",
					Resource.UNKNOWN_SERVICE_NAME));
	}

	@Test
	void resourceAttributeServiceNameWinsOverSpringApplicationName() {
		this.contextRunner
			.withPropertyValues("spring.application.name=orders", "telemetry.resource.attributes[service.name]=billing")
			.run((context) -> assertThat(attributes(context)).containsEntry("service.name", "billing"));
	}

	@Test
	void telemetryServiceNameWinsOverSpringApplicationNameAndResourceAttributes() {
		this.contextRunner
			.withPropertyValues("spring.application.name=orders", "telemetry.resource.attributes[service.name]=billing",
					"telemetry.service.name=payments")
			.run((context) -> assertThat(attributes(context)).containsEntry("service.name", "payments"));
	}

	@Test
	void serviceVersionAndEnvironmentHaveTheirSemanticConventionKeys() {
		this.contextRunner
			.withPropertyValues("telemetry.service.version=1.2.3", "telemetry.service.environment=production")
			.run((context) -> assertThat(attributes(context)).containsEntry("service.version", "1.2.3")
				.containsEntry("deployment.environment.name", "production"));
	}

	@Test
	void serviceVersionAndEnvironmentWinOverResourceAttributes() {
		this.contextRunner
			.withPropertyValues("telemetry.resource.attributes[service.version]=0.0.1",
					"telemetry.resource.attributes[deployment.environment.name]=dev", "telemetry.service.version=2.0",
					"telemetry.service.environment=staging")
			.run((context) -> assertThat(attributes(context)).containsEntry("service.version", "2.0")
				.containsEntry("deployment.environment.name", "staging"));
	}

	@Test
	void serviceVersionAndEnvironmentAreAbsentUnlessConfigured() {
		this.contextRunner.run((context) -> assertThat(attributes(context)).doesNotContainKeys("service.version",
				"deployment.environment.name"));
	}

	@Test
	void arbitraryAttributesKeepTheirDots() {
		this.contextRunner
			.withPropertyValues("telemetry.resource.attributes[k8s.pod.name]=p",
					"telemetry.resource.attributes[service.namespace]=shop")
			.run((context) -> assertThat(attributes(context)).containsEntry("k8s.pod.name", "p")
				.containsEntry("service.namespace", "shop"));
	}

	@Test
	void attributesMayOverrideDetectedValues() {
		this.contextRunner.withPropertyValues("telemetry.resource.attributes[host.name]=pinned-host")
			.run((context) -> assertThat(attributes(context)).containsEntry("host.name", "pinned-host"));
	}

	@Test
	void sdkIdentityIsPresent() {
		this.contextRunner.run((context) -> {
			Map<String, Object> attributes = attributes(context);
			assertThat(attributes).containsEntry("telemetry.sdk.name", Resource.SDK_NAME)
				.containsEntry("telemetry.sdk.language", "java")
				.containsKey("telemetry.sdk.version")
				.containsEntry("process.pid", ProcessHandle.current().pid());
			assertThat((String) attributes.get("telemetry.sdk.version")).isNotBlank();
		});
	}

	@Test
	void userResourceWins() {
		Resource resource = Resource.create(Attributes.of("service.name", "mine"));
		this.contextRunner.withBean(Resource.class, () -> resource)
			.withPropertyValues("telemetry.service.name=ignored")
			.run((context) -> {
				assertThat(context).hasSingleBean(Resource.class);
				assertThat(context.getBean(Resource.class)).isSameAs(resource);
			});
	}

	@Test
	void instanceIdIsARandomVersion4UuidWhenNotConfigured() {
		this.contextRunner.run((context) -> {
			String instanceId = instanceId(context);
			UUID uuid = UUID.fromString(instanceId);
			assertThat(uuid.version()).isEqualTo(4);
			assertThat(uuid.variant()).isEqualTo(2);
			// The canonical form, as the conventions' examples show it.
			assertThat(uuid).hasToString(instanceId);
		});
	}

	@Test
	void instanceIdIsMadeOncePerContext() {
		AtomicReference<String> first = new AtomicReference<>();
		this.contextRunner.run((context) -> {
			first.set(instanceId(context));
			assertThat(context.getBean(Resource.class)).isSameAs(context.getBean(Resource.class));
			assertThat(instanceId(context)).isEqualTo(first.get());
		});
		this.contextRunner.run((context) -> assertThat(instanceId(context)).isNotEqualTo(first.get()));
	}

	@Test
	void instanceIdFromResourceAttributesWins() {
		this.contextRunner.withPropertyValues("telemetry.resource.attributes[service.instance.id]=orders-7f9c-x2")
			.run((context) -> assertThat(instanceId(context)).isEqualTo("orders-7f9c-x2"));
	}

	@Test
	void instanceIdFromOtelResourceAttributesWins() {
		this.contextRunner
			.withInitializer(otelVariables("OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=pod-3,k8s.pod.name=pod-3",
					"OTEL_SERVICE_NAME", "orders"))
			.run((context) -> assertThat(attributes(context)).containsEntry("service.instance.id", "pod-3")
				.containsEntry("service.name", "orders"));
	}

	@Test
	void blankInstanceIdIsReplacedByARandomOne() {
		this.contextRunner.withInitializer(otelVariables("OTEL_RESOURCE_ATTRIBUTES", "service.instance.id="))
			.run((context) -> assertThat(UUID.fromString(instanceId(context)).version()).isEqualTo(4));
	}

	@Test
	void instanceIdFromAnUnsetVariableWithAnEmptyDefaultIsReplacedByARandomOne() {
		// As docs/configuration.md recommends: the pod's name where there is one.
		this.contextRunner
			.withPropertyValues("telemetry.resource.attributes[service.instance.id]=${TELEMETRY_TEST_UNSET_VARIABLE:}")
			.run((context) -> assertThat(UUID.fromString(instanceId(context)).version()).isEqualTo(4));
	}

	@Test
	void disabledTelemetrySuppliesNoResource() {
		this.contextRunner.withPropertyValues("telemetry.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(Resource.class));
	}

	private static String instanceId(AssertableApplicationContext context) {
		Object instanceId = attributes(context).get("service.instance.id");
		assertThat(instanceId).isInstanceOf(String.class);
		return (String) instanceId;
	}

	// The process environment replaced by the given variables, run through the starter's
	// own mapping of OTEL_* variables as a real application does.
	private static ApplicationContextInitializer<ConfigurableApplicationContext> otelVariables(String... variables) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < variables.length; i += 2) {
			map.put(variables[i], variables[i + 1]);
		}
		return (context) -> {
			ConfigurableEnvironment environment = context.getEnvironment();
			environment.getPropertySources()
				.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								map));
			new OtelEnvironmentVariablesPostProcessor(Supplier::get).postProcessEnvironment(environment,
					new SpringApplication());
		};
	}

	private static Map<String, Object> attributes(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed().hasSingleBean(Resource.class);
		return context.getBean(Resource.class).getAttributes().asMap();
	}

}

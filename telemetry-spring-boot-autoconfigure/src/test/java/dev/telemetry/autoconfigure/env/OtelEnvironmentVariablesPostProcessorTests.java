package dev.telemetry.autoconfigure.env;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.invocation.Invocation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;

/**
 * Tests for {@link OtelEnvironmentVariablesPostProcessor}.
 */
class OtelEnvironmentVariablesPostProcessorTests {

	private static final Bindable<Map<String, String>> STRING_MAP = Bindable.mapOf(String.class, String.class);

	private final Log log = mock(Log.class);

	private final OtelEnvironmentVariablesPostProcessor postProcessor = new OtelEnvironmentVariablesPostProcessor(
			(logSupplier) -> this.log);

	@Test
	void sdkDisabledTrueInAnyCaseDisablesTelemetry() {
		assertThat(process("OTEL_SDK_DISABLED", "true").getProperty("telemetry.enabled")).isEqualTo("false");
		assertThat(process("OTEL_SDK_DISABLED", " TRUE ").getProperty("telemetry.enabled")).isEqualTo("false");
	}

	@Test
	void sdkDisabledWithAnyOtherValueSetsNothing() {
		for (String value : List.of("false", "yes", "1", "on")) {
			StandardEnvironment environment = process("OTEL_SDK_DISABLED", value);
			assertThat(environment.getProperty("telemetry.enabled")).as(value).isNull();
			assertThat(environment.getPropertySources()
				.contains(OtelEnvironmentVariablesPostProcessor.PROPERTY_SOURCE_NAME)).as(value).isFalse();
		}
	}

	@Test
	void serviceNameMapsToServiceNameProperty() {
		assertThat(process("OTEL_SERVICE_NAME", " checkout ").getProperty("telemetry.service.name"))
			.isEqualTo("checkout");
	}

	@Test
	void resourceAttributesBecomeMapEntriesWhoseKeysKeepTheirDots() {
		StandardEnvironment environment = process("OTEL_RESOURCE_ATTRIBUTES",
				"deployment.environment=prod, team = payments ,host.name=a");
		assertThat(environment.getProperty("telemetry.resource.attributes[deployment.environment]")).isEqualTo("prod");
		assertThat(bindMap(environment, "telemetry.resource.attributes")).containsExactly(
				Map.entry("deployment.environment", "prod"), Map.entry("team", "payments"),
				Map.entry("host.name", "a"));
	}

	@Test
	void resourceAttributeValuesArePercentDecodedButPlusSignsAreKept() {
		StandardEnvironment environment = process("OTEL_RESOURCE_ATTRIBUTES",
				"list=a%2Cb%3Dc,space=eu%20west,accent=caf%C3%A9,symbol=%E2%82%AC,plus=a+b,equals=x==");
		assertThat(bindMap(environment, "telemetry.resource.attributes")).containsOnly(Map.entry("list", "a,b=c"),
				Map.entry("space", "eu west"), Map.entry("accent", "caf\u00e9"), Map.entry("symbol", "\u20ac"),
				Map.entry("plus", "a+b"), Map.entry("equals", "x=="));
	}

	@Test
	void serviceNameInResourceAttributesIsJustAnAttribute() {
		StandardEnvironment environment = process("OTEL_RESOURCE_ATTRIBUTES", "service.name=orders");
		assertThat(environment.getProperty("telemetry.resource.attributes[service.name]")).isEqualTo("orders");
		assertThat(environment.getProperty("telemetry.service.name")).isNull();
	}

	@Test
	void samplerIsTrimmedAndLowerCased() {
		assertThat(process("OTEL_TRACES_SAMPLER", " ParentBased_TraceIdRatio ")
			.getProperty("telemetry.tracing.sampler.type")).isEqualTo("parentbased_traceidratio");
	}

	@Test
	void samplerArgMapsToRatio() {
		assertThat(process("OTEL_TRACES_SAMPLER_ARG", "0.25").getProperty("telemetry.tracing.sampler.ratio"))
			.isEqualTo("0.25");
	}

	@Test
	void propagatorListMembersAreTrimmed() {
		assertThat(
				process("OTEL_PROPAGATORS", " tracecontext , baggage,,b3 ").getProperty("telemetry.propagation.type"))
			.isEqualTo("tracecontext,baggage,b3");
	}

	@Test
	void batchProcessorMillisecondsGetAUnitAndSizesArePassedThrough() {
		StandardEnvironment environment = process("OTEL_BSP_SCHEDULE_DELAY", "5000", "OTEL_BSP_EXPORT_TIMEOUT", "30000",
				"OTEL_BSP_MAX_QUEUE_SIZE", "2048", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "512");
		assertThat(environment.getProperty("telemetry.tracing.batch.schedule-delay")).isEqualTo("5000ms");
		assertThat(environment.getProperty("telemetry.tracing.batch.export-timeout")).isEqualTo("30000ms");
		assertThat(environment.getProperty("telemetry.tracing.batch.max-queue-size")).isEqualTo("2048");
		assertThat(environment.getProperty("telemetry.tracing.batch.max-export-batch-size")).isEqualTo("512");
		assertThat(Binder.get(environment).bind("telemetry.tracing.batch.schedule-delay", Duration.class).get())
			.isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void spanLimitVariablesMapToLimitProperties() {
		StandardEnvironment environment = process("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "10",
				"OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "100", "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "200",
				"OTEL_SPAN_EVENT_COUNT_LIMIT", "20", "OTEL_SPAN_LINK_COUNT_LIMIT", "30",
				"OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", "4", "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", "5");
		assertThat(environment.getProperty("telemetry.tracing.limits.max-attributes")).isEqualTo("10");
		assertThat(environment.getProperty("telemetry.tracing.limits.max-attribute-value-length"))
			.as("the span-specific variable wins")
			.isEqualTo("100");
		assertThat(environment.getProperty("telemetry.tracing.limits.max-events")).isEqualTo("20");
		assertThat(environment.getProperty("telemetry.tracing.limits.max-links")).isEqualTo("30");
		assertThat(environment.getProperty("telemetry.tracing.limits.max-attributes-per-event")).isEqualTo("4");
		assertThat(environment.getProperty("telemetry.tracing.limits.max-attributes-per-link")).isEqualTo("5");
	}

	@Test
	void theGeneralValueLengthLimitAppliesToSpansWhenTheSpanOneIsUnset() {
		StandardEnvironment environment = process("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "200");
		assertThat(environment.getProperty("telemetry.tracing.limits.max-attribute-value-length")).isEqualTo("200");
	}

	@Test
	void exporterVariablesMapToOtlpProperties() {
		StandardEnvironment environment = process("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
				"OTEL_EXPORTER_OTLP_TIMEOUT", "10000", "OTEL_EXPORTER_OTLP_COMPRESSION", "gzip",
				"OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
		assertThat(environment.getProperty("telemetry.exporter.otlp.endpoint")).isEqualTo("http://collector:4318");
		assertThat(environment.getProperty("telemetry.exporter.otlp.protocol")).isEqualTo("http/protobuf");
		assertThat(environment.getProperty("telemetry.exporter.otlp.timeout")).isEqualTo("10000ms");
		assertThat(environment.getProperty("telemetry.exporter.otlp.compression")).isEqualTo("gzip");
	}

	@Test
	void invalidMillisecondsArePassedThroughSoBindingFailsNamingTheProperty() {
		StandardEnvironment environment = process("OTEL_BSP_SCHEDULE_DELAY", "1.5", "OTEL_EXPORTER_OTLP_TIMEOUT",
				"ten seconds");
		assertThat(environment.getProperty("telemetry.tracing.batch.schedule-delay")).isEqualTo("1.5");
		assertThat(environment.getProperty("telemetry.exporter.otlp.timeout")).isEqualTo("ten seconds");
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> Binder.get(environment).bind("telemetry.exporter.otlp.timeout", Duration.class))
			.withMessageContaining("telemetry.exporter.otlp.timeout");
		then(this.log).shouldHaveNoInteractions();
	}

	@Test
	void aValueThatFailsBindingIsTracedToItsVariable() {
		StandardEnvironment environment = process("OTEL_BSP_MAX_QUEUE_SIZE", "lots", "OTEL_RESOURCE_ATTRIBUTES", "a=1");

		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> Binder.get(environment).bind("telemetry.tracing.batch.max-queue-size", Integer.class))
			.satisfies((ex) -> {
				assertThat(ex.getProperty().getName()).hasToString("telemetry.tracing.batch.max-queue-size");
				assertThat(ex.getProperty().getOrigin())
					.hasToString("System Environment Property \"OTEL_BSP_MAX_QUEUE_SIZE\"");
			});
		assertThat(origin(environment, "telemetry.resource.attributes[a]"))
			.hasToString("System Environment Property \"OTEL_RESOURCE_ATTRIBUTES\"");
	}

	@Test
	void headersAreTrimmedPercentDecodedAndKeepTheCaseOfTheirNames() {
		StandardEnvironment environment = process("OTEL_EXPORTER_OTLP_HEADERS",
				" X-Api-Key = abc%2Bdef== , tenant=acme%20corp");
		assertThat(bindMap(environment, "telemetry.exporter.otlp.headers"))
			.containsExactly(Map.entry("X-Api-Key", "abc+def=="), Map.entry("tenant", "acme corp"));
		then(this.log).shouldHaveNoInteractions();
	}

	@Test
	void placeholderSyntaxInValuesStaysLiteral() {
		StandardEnvironment environment = process("OTEL_EXPORTER_OTLP_HEADERS", "token=a${user.home}b",
				"OTEL_SERVICE_NAME", "${missing}");
		assertThat(environment.getProperty("telemetry.exporter.otlp.headers[token]")).isEqualTo("a${user.home}b");
		assertThat(bindMap(environment, "telemetry.exporter.otlp.headers"))
			.containsExactly(Map.entry("token", "a${user.home}b"));
		assertThat(environment.getProperty("telemetry.service.name")).isEqualTo("${missing}");
	}

	@Test
	void malformedListMembersAreSkippedWithOneWarningPerVariable() {
		StandardEnvironment environment = process("OTEL_RESOURCE_ATTRIBUTES",
				"good=1,noequals,=empty,bad=%zz,truncated=%4,notutf8=%C3,odd[key]=x,also.good=2,",
				"OTEL_EXPORTER_OTLP_HEADERS", "x-ok=fine,bad header=x");
		assertThat(bindMap(environment, "telemetry.resource.attributes")).containsExactly(Map.entry("good", "1"),
				Map.entry("also.good", "2"));
		assertThat(bindMap(environment, "telemetry.exporter.otlp.headers")).containsExactly(Map.entry("x-ok", "fine"));
		List<String> warnings = warnings();
		assertThat(warnings).hasSize(2);
		assertThat(warnings.get(0)).contains("OTEL_RESOURCE_ATTRIBUTES")
			.contains("6 malformed entries")
			.contains("entry 2 has no '='")
			.contains("entry 3 has an empty key")
			.contains("key 'bad'", "key 'truncated'", "key 'notutf8'")
			.contains("entry 7 has '[' or ']'");
		assertThat(warnings.get(1)).contains("OTEL_EXPORTER_OTLP_HEADERS")
			.contains("1 malformed entry")
			.contains("entry 2 has an invalid header name");
	}

	@Test
	void headerValuesNeverAppearInAnythingLogged() {
		process("OTEL_EXPORTER_OTLP_HEADERS",
				"api-key=s3cr%ZZet,Authorization: Bearer t0ken==,justasecretvalue,=anothersecret,x-ok=fine");
		List<Object> logged = new ArrayList<>();
		for (Invocation invocation : mockingDetails(this.log).getInvocations()) {
			logged.addAll(List.of(invocation.getArguments()));
		}
		assertThat(logged).hasSize(1);
		String message = logged.get(0).toString();
		assertThat(message).contains("OTEL_EXPORTER_OTLP_HEADERS", "key 'api-key'", "entry 2", "entry 3", "entry 4");
		assertThat(message).doesNotContain("s3cr", "t0ken", "Bearer", "justasecretvalue", "anothersecret", "fine");
	}

	@Test
	void malformedEntriesMessageNamesVariableAndProblemsOnly() {
		String message = KeyValueList.malformedEntriesMessage("OTEL_EXPORTER_OTLP_HEADERS",
				List.of("entry 1 has no '='", "key 'x-token' has an invalid percent-encoded value"));
		assertThat(message).isEqualTo("Ignored 2 malformed entries of environment variable OTEL_EXPORTER_OTLP_HEADERS"
				+ " (entry 1 has no '='; key 'x-token' has an invalid percent-encoded value); values are not logged");
	}

	@Test
	void keysThatAreNotTokensAreReportedByPositionOnly() {
		List<String> problems = new ArrayList<>();
		KeyValueList.parse("a=1,my secret key=%G0", false, problems);
		assertThat(problems).containsExactly("entry 2 has an invalid percent-encoded value");
	}

	@Test
	void percentDecodingRejectsIncompleteAndInvalidEscapes() {
		assertThat(KeyValueList.percentDecode("100%25")).isEqualTo("100%");
		assertThat(KeyValueList.percentDecode("%e2%82%ac")).isEqualTo("\u20ac");
		assertThat(KeyValueList.percentDecode("%")).isNull();
		assertThat(KeyValueList.percentDecode("ab%2")).isNull();
		assertThat(KeyValueList.percentDecode("%g1")).isNull();
		assertThat(KeyValueList.percentDecode("%FF")).isNull();
		assertThat(KeyValueList.percentDecode("%\u0661\u0662")).isNull();
	}

	@Test
	void blankVariablesAreIgnored() {
		StandardEnvironment environment = process("OTEL_SERVICE_NAME", "   ", "OTEL_EXPORTER_OTLP_HEADERS", "",
				"OTEL_PROPAGATORS", " , ");
		assertThat(
				environment.getPropertySources().contains(OtelEnvironmentVariablesPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
		then(this.log).shouldHaveNoInteractions();
	}

	@Test
	void noPropertySourceIsAddedWhenNoVariableIsSet() {
		StandardEnvironment environment = process("PATH", "/usr/bin", "OTEL_UNKNOWN_THING", "x");
		assertThat(
				environment.getPropertySources().contains(OtelEnvironmentVariablesPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

	@Test
	void noPropertySourceIsAddedWithoutASystemEnvironmentSource() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(
				environment.getPropertySources().contains(OtelEnvironmentVariablesPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

	@Test
	void propertySourceIsAddedWithLowestPrecedence() {
		StandardEnvironment environment = process("OTEL_SERVICE_NAME", "checkout");
		PropertySource<?> last = environment.getPropertySources().stream().reduce((first, second) -> second).get();
		assertThat(last.getName()).isEqualTo(OtelEnvironmentVariablesPostProcessor.PROPERTY_SOURCE_NAME);
	}

	@Test
	void applicationPropertiesWinOverVariables() {
		StandardEnvironment environment = environment("OTEL_SERVICE_NAME", "from-env", "OTEL_EXPORTER_OTLP_ENDPOINT",
				"http://env:4318", "OTEL_RESOURCE_ATTRIBUTES", "team=env,region=eu");
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					Map.of("telemetry.service.name", "from-app", "telemetry.resource.attributes[team]", "app")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("telemetry.service.name")).isEqualTo("from-app");
		assertThat(environment.getProperty("telemetry.exporter.otlp.endpoint")).isEqualTo("http://env:4318");
		// Maps merge across sources; each key keeps the value of the higher source.
		assertThat(bindMap(environment, "telemetry.resource.attributes")).containsOnly(Map.entry("team", "app"),
				Map.entry("region", "eu"));
	}

	@Test
	void processingTwiceReplacesThePropertySource() {
		StandardEnvironment environment = process("OTEL_SERVICE_NAME", "checkout");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources()
			.stream()
			.filter((source) -> source.getName().equals(OtelEnvironmentVariablesPostProcessor.PROPERTY_SOURCE_NAME)))
			.hasSize(1);
		assertThat(environment.getProperty("telemetry.service.name")).isEqualTo("checkout");
	}

	@Test
	void runsAfterConfigDataProcessing() {
		assertThat(this.postProcessor.getOrder()).isGreaterThan(ConfigDataEnvironmentPostProcessor.ORDER);
	}

	private StandardEnvironment process(String... variables) {
		StandardEnvironment environment = environment(variables);
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

	static StandardEnvironment environment(String... variables) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < variables.length; i += 2) {
			map.put(variables[i], variables[i + 1]);
		}
		StandardEnvironment environment = new StandardEnvironment();
		// Replaces the real process environment so that the machine running the tests
		// cannot leak OTEL_* variables into them.
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, map));
		return environment;
	}

	private static Origin origin(StandardEnvironment environment, String property) {
		PropertySource<?> source = environment.getPropertySources()
			.get(OtelEnvironmentVariablesPostProcessor.PROPERTY_SOURCE_NAME);
		return ((OriginLookup<String>) source).getOrigin(property);
	}

	private static Map<String, String> bindMap(StandardEnvironment environment, String name) {
		return Binder.get(environment).bind(name, STRING_MAP).orElse(Map.of());
	}

	private List<String> warnings() {
		ArgumentCaptor<Object> messages = ArgumentCaptor.forClass(Object.class);
		then(this.log).should(atLeastOnce()).warn(messages.capture());
		return messages.getAllValues().stream().map(Object::toString).toList();
	}

}

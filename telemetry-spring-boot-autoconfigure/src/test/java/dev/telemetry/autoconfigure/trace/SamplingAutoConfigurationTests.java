package dev.telemetry.autoconfigure.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.telemetry.autoconfigure.resource.TelemetryResourceAutoConfiguration;
import dev.telemetry.autoconfigure.trace.TracingProperties.Sampler.Rule;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.samplers.SamplingDecision;
import dev.telemetry.sdk.trace.samplers.SamplingResult;
import dev.telemetry.sdk.trace.samplers.SwappableSampler;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for the sampler that {@link TracingAutoConfiguration} builds from
 * {@code telemetry.tracing.sampler.*}, and for {@link SamplerControl}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SamplingAutoConfigurationTests {

	private static final String PARENT_CASES = ",remoteParentSampled:AlwaysOnSampler,"
			+ "remoteParentNotSampled:AlwaysOffSampler,localParentSampled:AlwaysOnSampler,"
			+ "localParentNotSampled:AlwaysOffSampler}";

	private static final String ACTUATOR_RULE = "Rule{kind:SERVER,url.path:/actuator/**,applyTo:all}->drop";

	private static final long SAMPLED_LOW = (1L << 56) - 1;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TelemetryResourceAutoConfiguration.class, TracingAutoConfiguration.class));

	@Test
	void suppliesASwappableSamplerAndItsControl() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(Sampler.class).hasSingleBean(SamplerControl.class);
			Sampler sampler = context.getBean(Sampler.class);
			assertThat(sampler).isInstanceOf(SwappableSampler.class)
				.isSameAs(context.getBean(SamplerControl.class).getSampler())
				.isSameAs(context.getBean(TracerProvider.class).getSampler());
			assertThat(sampler.getDescription()).isEqualTo("RuleBasedSampler{rules:[" + ACTUATOR_RULE
					+ "],fallback:ParentBased{root:TraceIdRatioBased{1.000000}" + PARENT_CASES + "}");
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesASampler() {
		this.contextRunner.withBean(Sampler.class, Sampler::alwaysOff).run((context) -> {
			assertThat(context).hasSingleBean(Sampler.class).doesNotHaveBean(SamplerControl.class);
			assertThat(context.getBean(TracerProvider.class).getSampler()).isSameAs(Sampler.alwaysOff());
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("types")
	void typeSelectsTheSampler(String type, String description) {
		this.contextRunner
			.withPropertyValues("telemetry.tracing.sampler.exclude-actuator=false",
					"telemetry.tracing.sampler.type=" + type, "telemetry.tracing.sampler.ratio=0.25",
					"telemetry.tracing.sampler.max-traces-per-second=10")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription()).isEqualTo(description));
	}

	static Stream<Arguments> types() {
		return Stream.of(Arguments.of("always_on", "AlwaysOnSampler"), Arguments.of("always_off", "AlwaysOffSampler"),
				Arguments.of("traceidratio", "TraceIdRatioBased{0.250000}"),
				Arguments.of("probability", "ProbabilitySampler{0.250000,th:c}"),
				Arguments.of("parentbased_always_on", "ParentBased{root:AlwaysOnSampler" + PARENT_CASES),
				Arguments.of("parentbased_always_off", "ParentBased{root:AlwaysOffSampler" + PARENT_CASES),
				Arguments.of("parentbased_traceidratio", "ParentBased{root:TraceIdRatioBased{0.250000}" + PARENT_CASES),
				Arguments.of("parentbased_probability",
						"ParentBased{root:ProbabilitySampler{0.250000,th:c}" + PARENT_CASES),
				Arguments.of("rate_limited", "ParentBased{root:RateLimitedSampler{10.0/s}" + PARENT_CASES));
	}

	@Test
	void everyParentCaseIsConfigurable() {
		this.contextRunner
			.withPropertyValues("telemetry.tracing.sampler.exclude-actuator=false",
					"telemetry.tracing.sampler.type=parentbased_always_off",
					"telemetry.tracing.sampler.remote-parent-sampled.type=traceidratio",
					"telemetry.tracing.sampler.remote-parent-sampled.ratio=0.5",
					"telemetry.tracing.sampler.remote-parent-not-sampled.type=probability",
					"telemetry.tracing.sampler.remote-parent-not-sampled.ratio=0.01",
					"telemetry.tracing.sampler.local-parent-sampled.type=always_off",
					"telemetry.tracing.sampler.local-parent-not-sampled.type=rate_limited",
					"telemetry.tracing.sampler.local-parent-not-sampled.max-traces-per-second=2")
			.run((context) -> {
				Sampler sampler = context.getBean(Sampler.class);
				assertThat(sampler.getDescription())
					.isEqualTo("ParentBased{root:AlwaysOffSampler," + "remoteParentSampled:TraceIdRatioBased{0.500000},"
							+ "remoteParentNotSampled:ProbabilitySampler{0.010000,th:fd70a4},"
							+ "localParentSampled:AlwaysOffSampler,localParentNotSampled:RateLimitedSampler{2.0/s}}");
				SpanContext localSampled = SpanContext.create(1, 2, 3, TraceFlags.SAMPLED, TraceState.empty());
				assertThat(decide(sampler, localSampled, "x", SpanKind.INTERNAL, Attributes.empty(), SAMPLED_LOW))
					.isEqualTo(SamplingDecision.DROP);
			});
	}

	@Test
	void rulesFromPropertiesDecideInOrderWithTheFallback() {
		this.contextRunner
			.withPropertyValues("telemetry.tracing.sampler.type=rules",
					"telemetry.tracing.sampler.fallback.type=parentbased_traceidratio",
					"telemetry.tracing.sampler.fallback.ratio=0.0",
					"telemetry.tracing.sampler.rules[0].name=GET /internal/**",
					"telemetry.tracing.sampler.rules[0].action=drop",
					"telemetry.tracing.sampler.rules[1].route=/checkout/**",
					"telemetry.tracing.sampler.rules[1].ratio=1.0", "telemetry.tracing.sampler.rules[2].kind=server",
					"telemetry.tracing.sampler.rules[2].attributes.http.request.method=OPTIONS",
					"telemetry.tracing.sampler.rules[2].action=drop", "telemetry.tracing.sampler.rules[3].route=/**",
					"telemetry.tracing.sampler.rules[3].attribute-patterns[user_agent.original]=curl/.*",
					"telemetry.tracing.sampler.rules[3].action=sample")
			.run((context) -> {
				Sampler sampler = context.getBean(Sampler.class);
				SpanContext root = SpanContext.getInvalid();
				assertThat(decide(sampler, root, "GET", SpanKind.SERVER, server("GET", "/internal/x", "curl/8"),
						SAMPLED_LOW))
					.isEqualTo(SamplingDecision.DROP);
				SamplingResult checkout = sampler.shouldSample(root, 1, 1, "GET", SpanKind.SERVER,
						server("GET", "/checkout/cart", "browser"));
				assertThat(checkout.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
				assertThat(checkout.getUpdatedTraceState(TraceState.empty()).toHeader()).isEqualTo("ot=th:0");
				assertThat(decide(sampler, root, "OPTIONS", SpanKind.SERVER,
						server("OPTIONS", "/checkout/cart", "browser"), SAMPLED_LOW))
					.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
				assertThat(decide(sampler, root, "OPTIONS", SpanKind.SERVER, server("OPTIONS", "/x", "browser"),
						SAMPLED_LOW))
					.isEqualTo(SamplingDecision.DROP);
				assertThat(decide(sampler, root, "GET", SpanKind.SERVER, server("GET", "/x", "curl/8"), 1))
					.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
				// nothing matches: the fallback (ratio 0) drops
				assertThat(decide(sampler, root, "GET", SpanKind.SERVER, server("GET", "/x", "browser"), SAMPLED_LOW))
					.isEqualTo(SamplingDecision.DROP);
				// rules apply to roots: a child follows its parent through the fallback
				SpanContext sampledParent = SpanContext.createFromRemoteParent(1, 2, 3, TraceFlags.SAMPLED,
						TraceState.empty());
				assertThat(decide(sampler, sampledParent, "GET", SpanKind.SERVER,
						server("GET", "/internal/x", "curl/8"), 1))
					.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
				assertThat(sampler.getDescription()).startsWith(
						"RuleBasedSampler{rules:[" + ACTUATOR_RULE + ",Rule{name:GET /internal/**,applyTo:root}->drop,"
								+ "Rule{route:/checkout/**,applyTo:root}->ProbabilitySampler{1.000000,th:0},"
								+ "Rule{kind:SERVER,http.request.method=OPTIONS,applyTo:root}->drop,"
								+ "Rule{route:/**,user_agent.original~curl/.*,applyTo:root}->sample],"
								+ "fallback:ParentBased{root:TraceIdRatioBased{0.000000}");
			});
	}

	@Test
	void rateLimitedRuleAndFallback() {
		this.contextRunner
			.withPropertyValues("telemetry.tracing.sampler.type=rules",
					"telemetry.tracing.sampler.exclude-actuator=false",
					"telemetry.tracing.sampler.fallback.type=rate_limited",
					"telemetry.tracing.sampler.fallback.max-traces-per-second=1",
					"telemetry.tracing.sampler.rules[0].route=/search/**",
					"telemetry.tracing.sampler.rules[0].max-traces-per-second=2")
			.run((context) -> {
				Sampler sampler = context.getBean(Sampler.class);
				assertThat(sampler.getDescription()).isEqualTo(
						"RuleBasedSampler{rules:[" + "Rule{route:/search/**,applyTo:root}->RateLimitedSampler{2.0/s}],"
								+ "fallback:ParentBased{root:RateLimitedSampler{1.0/s}" + PARENT_CASES + "}");
				int searches = 0;
				int others = 0;
				for (int i = 0; i < 100; i++) {
					searches += sampled(sampler, server("GET", "/search/q", "x"));
					others += sampled(sampler, server("GET", "/hello", "x"));
				}
				assertThat(searches).isEqualTo(2);
				assertThat(others).isEqualTo(1);
			});
	}

	@Test
	void actuatorServerSpansAreDroppedByDefaultWhateverTheParent() {
		this.contextRunner.withPropertyValues("telemetry.tracing.sampler.type=always_on").run((context) -> {
			Sampler sampler = context.getBean(Sampler.class);
			SpanContext sampledParent = SpanContext.createFromRemoteParent(1, 2, 3, TraceFlags.SAMPLED,
					TraceState.empty());
			for (SpanContext parent : List.of(SpanContext.getInvalid(), sampledParent)) {
				assertThat(decideServer(sampler, parent, "/actuator/health")).isEqualTo(SamplingDecision.DROP);
				assertThat(decideServer(sampler, parent, "/actuator")).isEqualTo(SamplingDecision.DROP);
				assertThat(decideServer(sampler, parent, "/actuator/metrics/jvm.memory.used"))
					.isEqualTo(SamplingDecision.DROP);
				assertThat(decideServer(sampler, parent, "/actuators")).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
				assertThat(decideServer(sampler, parent, "/hello")).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
			}
			// only server spans: a client calling another service's actuator is traced
			assertThat(decide(sampler, SpanContext.getInvalid(), "GET", SpanKind.CLIENT,
					Attributes.of("url.path", "/actuator/health"), SAMPLED_LOW))
				.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		});
	}

	@Test
	void actuatorExclusionCanBeSwitchedOff() {
		this.contextRunner
			.withPropertyValues("telemetry.tracing.sampler.type=always_on",
					"telemetry.tracing.sampler.exclude-actuator=false")
			.run((context) -> assertThat(
					decideServer(context.getBean(Sampler.class), SpanContext.getInvalid(), "/actuator/health"))
				.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE));
	}

	@Test
	void actuatorExclusionFollowsTheActuatorBasePath() {
		this.contextRunner
			.withPropertyValues("telemetry.tracing.sampler.type=always_on",
					"management.endpoints.web.base-path=/manage/")
			.run((context) -> {
				Sampler sampler = context.getBean(Sampler.class);
				assertThat(decideServer(sampler, SpanContext.getInvalid(), "/manage/health"))
					.isEqualTo(SamplingDecision.DROP);
				assertThat(decideServer(sampler, SpanContext.getInvalid(), "/actuator/health"))
					.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
			});
	}

	@Test
	void actuatorPathsIncludeContextAndManagementBasePaths() {
		this.contextRunner
			.withPropertyValues("server.servlet.context-path=/app", "management.server.port=9090",
					"management.server.base-path=/ops", "management.endpoints.web.base-path=/actuator")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
				.contains("url.path:/app/actuator/**")
				.contains("url.path:/ops/actuator/**"));
		// an actuator at the root of its own port cannot be told apart by path: no rule
		this.contextRunner.withPropertyValues("management.server.port=9090", "management.endpoints.web.base-path=/")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription()).startsWith("ParentBased{"));
	}

	@ParameterizedTest(name = "{1}")
	@MethodSource("invalidSettings")
	void invalidSettingsFailStartUpNamingTheExactProperty(List<String> properties, String property) {
		this.contextRunner.withPropertyValues(properties.toArray(String[]::new)).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo(property));
		});
	}

	static Stream<Arguments> invalidSettings() {
		String p = "telemetry.tracing.sampler.";
		List<String> rules = List.of(p + "type=rules", p + "fallback.type=always_on");
		return Stream.of(invalid(List.of(p + "ratio=1.5"), p + "ratio"),
				invalid(List.of(p + "type=probability", p + "ratio=1e-20"), p + "ratio"),
				invalid(List.of(p + "type=rules"), p + "fallback.type"),
				invalid(List.of(p + "type=rules", p + "fallback.type=rules"), p + "fallback.type"),
				invalid(List.of(p + "type=rules", p + "fallback.type=traceidratio"), p + "fallback.ratio"),
				invalid(List.of(p + "type=rules", p + "fallback.type=probability", p + "fallback.ratio=2"),
						p + "fallback.ratio"),
				invalid(List.of(p + "type=rules", p + "fallback.type=rate_limited"),
						p + "fallback.max-traces-per-second"),
				invalid(List.of(p + "rules[0].route=/x", p + "rules[0].action=drop"), p + "rules"),
				invalid(List.of(p + "fallback.type=always_on"), p + "fallback.type"),
				invalid(List.of(p + "type=rate_limited"), p + "max-traces-per-second"),
				invalid(List.of(p + "type=rate_limited", p + "max-traces-per-second=0"), p + "max-traces-per-second"),
				invalid(List.of(p + "remote-parent-sampled.type=parentbased_always_on"),
						p + "remote-parent-sampled.type"),
				invalid(List.of(p + "type=traceidratio", p + "local-parent-sampled.type=always_on"),
						p + "local-parent-sampled.type"),
				invalid(List.of(p + "remote-parent-not-sampled.type=traceidratio"),
						p + "remote-parent-not-sampled.ratio"),
				invalid(List.of(p + "local-parent-not-sampled.type=probability",
						p + "local-parent-not-sampled.ratio=-1"), p + "local-parent-not-sampled.ratio"),
				invalid(with(rules, p + "rules[0].route=/x", p + "rules[0].action=drop", p + "rules[1].route=/y",
						p + "rules[1].action=sample", p + "rules[2].route=/z", p + "rules[2].ratio=1.5"),
						p + "rules[2].ratio"),
				invalid(with(rules, p + "rules[0].route=/x", p + "rules[0].action=ratio"), p + "rules[0].ratio"),
				invalid(with(rules, p + "rules[0].route=/x", p + "rules[0].action=drop",
						p + "rules[0].ratio=0.5"), p + "rules[0].ratio"),
				invalid(with(rules, p + "rules[0].route=/x"), p + "rules[0].action"),
				invalid(with(rules, p + "rules[0].route=/x", p + "rules[0].ratio=0.5",
						p + "rules[0].max-traces-per-second=3"), p + "rules[0].action"),
				invalid(with(rules, p + "rules[0].route=/x", p + "rules[0].max-traces-per-second=-3"),
						p + "rules[0].max-traces-per-second"),
				invalid(with(rules, p + "rules[0].route=/x", p + "rules[0].action=sample",
						p + "rules[0].max-traces-per-second=3"), p + "rules[0].max-traces-per-second"),
				invalid(with(rules, p + "rules[0].action=drop"), p + "rules[0]"),
				invalid(with(rules, p + "rules[0].route=/orders/{id", p + "rules[0].action=drop"),
						p + "rules[0].route"),
				invalid(with(rules, p + "rules[0].name=", p + "rules[0].action=drop"), p + "rules[0].name"),
				invalid(with(rules, p + "rules[0].name=GET /x", p + "rules[0].action=drop",
						p + "rules[1].attribute-patterns[user_agent.original]=kube-probe/(",
						p + "rules[1].action=drop"), p + "rules[1].attribute-patterns[user_agent.original]"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unbindableSettings")
	void unknownKindsActionsAndScopesFailStartUpNamingTheProperty(String assignment, String property) {
		this.contextRunner
			.withPropertyValues("telemetry.tracing.sampler.type=rules",
					"telemetry.tracing.sampler.fallback.type=always_on", "telemetry.tracing.sampler.rules[0].route=/x",
					assignment)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(messages(context)).contains(property);
			});
	}

	static Stream<Arguments> unbindableSettings() {
		String p = "telemetry.tracing.sampler.rules[0].";
		return Stream.of(Arguments.of(p + "kind=serverr", p + "kind"), Arguments.of(p + "action=explode", p + "action"),
				Arguments.of(p + "apply-to=children", p + "apply-to"),
				Arguments.of("telemetry.tracing.sampler.fallback.type=sometimes",
						"telemetry.tracing.sampler.fallback.type"));
	}

	@Test
	void controlChangesTheRatioForNewRootsAtOnce() {
		this.contextRunner.withPropertyValues("telemetry.tracing.sampler.ratio=0").run((context) -> {
			SamplerControl control = context.getBean(SamplerControl.class);
			Sampler sampler = context.getBean(Sampler.class);
			assertThat(control.getRatio()).isEqualTo(0.0);
			assertThat(sampled(sampler, server("GET", "/hello", "x"))).isZero();
			control.setRatio(1.0);
			assertThat(control.getRatio()).isEqualTo(1.0);
			assertThat(sampled(sampler, server("GET", "/hello", "x"))).isOne();
			assertThat(sampler.getDescription()).contains("TraceIdRatioBased{1.000000}");
			// the actuator exclusion stays
			assertThat(decideServer(sampler, SpanContext.getInvalid(), "/actuator/health"))
				.isEqualTo(SamplingDecision.DROP);
			control.reset();
			assertThat(control.getRatio()).isEqualTo(0.0);
			assertThat(sampled(sampler, server("GET", "/hello", "x"))).isZero();
		});
	}

	@Test
	void controlRejectsInvalidChangesAndKeepsTheSampler() {
		this.contextRunner.run((context) -> {
			SamplerControl control = context.getBean(SamplerControl.class);
			String before = control.getDescription();
			assertThatIllegalArgumentException().isThrownBy(() -> control.setRatio(1.5))
				.withMessageContaining("telemetry.tracing.sampler.ratio");
			Rule bad = new Rule();
			bad.setRoute("/x");
			bad.setRatio(7.0);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> control.setRules(List.of(new Rule().toSettings(), bad.toSettings())))
				.withMessageContaining("telemetry.tracing.sampler.rules[0]");
			assertThatIllegalArgumentException().isThrownBy(() -> control.setRules(List.of(bad.toSettings())))
				.withMessageContaining("telemetry.tracing.sampler.rules[0].ratio");
			assertThat(control.getDescription()).isEqualTo(before);
			assertThat(control.getRules()).isEmpty();
		});
		this.contextRunner.withPropertyValues("telemetry.tracing.sampler.type=always_on").run((context) -> {
			SamplerControl control = context.getBean(SamplerControl.class);
			assertThat(control.getRatio()).isNull();
			assertThatIllegalStateException().isThrownBy(() -> control.setRatio(0.5));
		});
	}

	@Test
	void controlReplacesRulesAndTheCurrentSamplerBecomesTheFallback() {
		this.contextRunner
			.withPropertyValues("telemetry.tracing.sampler.type=parentbased_probability",
					"telemetry.tracing.sampler.ratio=0.0")
			.run((context) -> {
				SamplerControl control = context.getBean(SamplerControl.class);
				Sampler sampler = context.getBean(Sampler.class);
				Rule checkout = new Rule();
				checkout.setRoute("/checkout/**");
				checkout.setAction(Rule.Action.SAMPLE);
				List<SamplerSettings.Rule> rules = new ArrayList<>(List.of(checkout.toSettings()));
				control.setRules(rules);
				rules.clear();
				checkout.setRoute("/changed-after-the-fact");
				assertThat(control.getType()).isEqualTo(SamplerType.RULES);
				assertThat(control.getRules()).singleElement()
					.satisfies((rule) -> assertThat(rule.route()).isEqualTo("/checkout/**"));
				assertThat(sampled(sampler, server("GET", "/checkout/pay", "x"))).isOne();
				assertThat(sampled(sampler, server("GET", "/hello", "x"))).isZero();
				assertThat(sampler.getDescription()).contains("fallback:ParentBased{root:ProbabilitySampler{0.000000}");
				// the ratio is now the fallback's
				control.setRatio(1.0);
				assertThat(control.getRatio()).isEqualTo(1.0);
				assertThat(sampled(sampler, server("GET", "/hello", "x"))).isOne();
				control.setRules(List.of());
				assertThat(sampled(sampler, server("GET", "/hello", "x"))).isOne();
				control.reset();
				assertThat(control.getType()).isEqualTo(SamplerType.PARENTBASED_PROBABILITY);
				assertThat(sampled(sampler, server("GET", "/checkout/pay", "x"))).isZero();
			});
	}

	private static List<String> with(List<String> base, String... more) {
		List<String> all = new ArrayList<>(base);
		all.addAll(List.of(more));
		return all;
	}

	private static Arguments invalid(List<String> properties, String property) {
		return Arguments.of(properties, property);
	}

	private static String messages(AssertableApplicationContext context) {
		StringBuilder messages = new StringBuilder();
		for (Throwable ex = context.getStartupFailure(); ex != null; ex = ex.getCause()) {
			messages.append(ex.getMessage()).append('\n');
		}
		return messages.toString();
	}

	private static Attributes server(String method, String path, String userAgent) {
		return new AttributesBuilder(128).put("http.request.method", method)
			.put("url.path", path)
			.put("url.scheme", "http")
			.put("server.port", 8080L)
			.put("user_agent.original", userAgent);
	}

	private static int sampled(Sampler sampler, Attributes attributes) {
		return (decide(sampler, SpanContext.getInvalid(), "GET", SpanKind.SERVER, attributes,
				SAMPLED_LOW) == SamplingDecision.RECORD_AND_SAMPLE) ? 1 : 0;
	}

	private static SamplingDecision decideServer(Sampler sampler, SpanContext parent, String path) {
		return decide(sampler, parent, "GET", SpanKind.SERVER, server("GET", path, "x"), SAMPLED_LOW);
	}

	private static SamplingDecision decide(Sampler sampler, SpanContext parent, String name, SpanKind kind,
			Attributes attributes, long traceIdLow) {
		return sampler.shouldSample(parent, 1, traceIdLow, name, kind, attributes).getDecision();
	}

}

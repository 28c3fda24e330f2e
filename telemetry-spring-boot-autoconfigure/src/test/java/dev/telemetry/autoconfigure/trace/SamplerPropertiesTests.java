package dev.telemetry.autoconfigure.trace;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.trace.TracingProperties.Sampler.Rule;
import dev.telemetry.sdk.trace.samplers.SamplingRule;
import dev.telemetry.sdk.trace.span.SpanKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for the defaults and binding of {@code telemetry.tracing.sampler.*}: rules,
 * fallback and parent cases, written in YAML as users write them.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SamplerPropertiesTests {

	@Test
	void defaultsAreOpenTelemetrysWithActuatorExcluded() {
		TracingProperties.Sampler sampler = new TracingProperties().getSampler();
		assertThat(sampler.getType()).isEqualTo(SamplerType.PARENTBASED_TRACEIDRATIO);
		assertThat(sampler.getRatio()).isEqualTo(1.0);
		assertThat(sampler.isExcludeActuator()).isTrue();
		assertThat(sampler.getMaxTracesPerSecond()).isNull();
		assertThat(sampler.getRules()).isEmpty();
		assertThat(sampler.getFallback().getType()).isNull();
		// unset parent cases follow the parent, as OpenTelemetry's defaults do
		for (TracingProperties.Sampler.Delegate parentCase : List.of(sampler.getRemoteParentSampled(),
				sampler.getRemoteParentNotSampled(), sampler.getLocalParentSampled(),
				sampler.getLocalParentNotSampled())) {
			assertThat(parentCase.getType()).isNull();
			assertThat(parentCase.getRatio()).isNull();
		}
	}

	@Test
	void ruleDefaultsAreTheSdkRuleDefaults() {
		Rule rule = new Rule();
		assertThat(rule.getApplyTo()).isEqualTo(SamplingRule.builder().setNameGlob("x").drop().getApplyTo())
			.isEqualTo(SamplingRule.ApplyTo.ROOT);
		assertThat(rule.getKind()).isEmpty();
		assertThat(rule.getAttributes()).isEmpty();
		assertThat(rule.getAttributePatterns()).isEmpty();
		assertThat(rule.getAction()).isNull();
	}

	@Test
	void bindsTheRulesExampleFromYaml() throws Exception {
		TracingProperties.Sampler sampler = bindYaml("""
				telemetry.tracing.sampler:
				  type: rules
				  fallback: { type: parentbased_traceidratio, ratio: 0.05 }
				  rules:
				    - { name: "GET /actuator/**", action: drop }
				    - { route: "/checkout/**", ratio: 1.0 }
				    - { kind: server, attributes: { http.request.method: OPTIONS }, action: drop }
				    - kind: [ server, consumer ]
				      attribute-patterns:
				        user_agent.original: "kube-probe/.*"
				      apply-to: all
				      action: rate_limited
				      max-traces-per-second: 5
				""");
		assertThat(sampler.getType()).isEqualTo(SamplerType.RULES);
		assertThat(sampler.getFallback().getType()).isEqualTo(SamplerType.PARENTBASED_TRACEIDRATIO);
		assertThat(sampler.getFallback().getRatio()).isEqualTo(0.05);
		List<Rule> rules = sampler.getRules();
		assertThat(rules).hasSize(4);
		assertThat(rules.get(0).getName()).isEqualTo("GET /actuator/**");
		assertThat(rules.get(0).getAction()).isEqualTo(Rule.Action.DROP);
		assertThat(rules.get(1).getRoute()).isEqualTo("/checkout/**");
		assertThat(rules.get(1).getRatio()).isEqualTo(1.0);
		assertThat(rules.get(1).getAction()).isNull();
		assertThat(rules.get(2).getKind()).containsExactly(SpanKind.SERVER);
		assertThat(rules.get(2).getAttributes()).containsExactly(entry("http.request.method", "OPTIONS"));
		assertThat(rules.get(3).getKind()).containsExactly(SpanKind.SERVER, SpanKind.CONSUMER);
		assertThat(rules.get(3).getAttributePatterns()).containsEntry("user_agent.original", "kube-probe/.*");
		assertThat(rules.get(3).getApplyTo()).isEqualTo(SamplingRule.ApplyTo.ALL);
		assertThat(rules.get(3).getAction()).isEqualTo(Rule.Action.RATE_LIMITED);
		assertThat(rules.get(3).getMaxTracesPerSecond()).isEqualTo(5.0);
	}

	@Test
	void bindsParentCasesAndRateLimit() throws Exception {
		TracingProperties.Sampler sampler = bindYaml("""
				telemetry.tracing.sampler:
				  type: rate-limited
				  max-traces-per-second: 20
				  exclude-actuator: false
				  remote-parent-not-sampled: { type: probability, ratio: 0.01 }
				  local-parent-sampled.type: always_off
				""");
		assertThat(sampler.getType()).isEqualTo(SamplerType.RATE_LIMITED);
		assertThat(sampler.getMaxTracesPerSecond()).isEqualTo(20.0);
		assertThat(sampler.isExcludeActuator()).isFalse();
		assertThat(sampler.getRemoteParentNotSampled().getType()).isEqualTo(SamplerType.PROBABILITY);
		assertThat(sampler.getRemoteParentNotSampled().getRatio()).isEqualTo(0.01);
		assertThat(sampler.getLocalParentSampled().getType()).isEqualTo(SamplerType.ALWAYS_OFF);
		assertThat(sampler.getRemoteParentSampled().getType()).isNull();
	}

	@Test
	void copiesShareNoMutableState() {
		TracingProperties.Sampler original = new TracingProperties.Sampler();
		Rule rule = new Rule();
		rule.setRoute("/x");
		rule.getAttributes().put("k", "v");
		original.getRules().add(rule);
		original.getFallback().setType(SamplerType.ALWAYS_ON);
		SamplerSettings copy = original.toSettings();
		rule.setRoute("/changed");
		rule.getAttributes().put("k", "changed");
		original.getFallback().setType(SamplerType.ALWAYS_OFF);
		assertThat(copy.rules().get(0).route()).isEqualTo("/x");
		assertThat(copy.rules().get(0).attributes()).containsEntry("k", "v");
		assertThat(copy.fallback().type()).isEqualTo(SamplerType.ALWAYS_ON);
	}

	private static TracingProperties.Sampler bindYaml(String yaml) throws Exception {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("test",
				new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
		Binder binder = new Binder(ConfigurationPropertySources.from(sources));
		return binder.bind("telemetry.tracing", Bindable.ofInstance(new TracingProperties())).get().getSampler();
	}

}

package dev.telemetry.sdk.trace.samplers;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link RuleBasedSampler}, {@link SamplingRule} and
 * {@link SamplingRuleBuilder}, with spans shaped like the ones our conventions start: an
 * HTTP server span starts named after its method, with {@code url.path} but no
 * {@code http.route}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RuleBasedSamplerTests {

	private static final SpanContext ROOT = SpanContext.getInvalid();

	private static final SpanContext SAMPLED_REMOTE_PARENT = SpanContext.createFromRemoteParent(1, 2, 3,
			TraceFlags.SAMPLED, TraceState.empty());

	private static final SpanContext LOCAL_PARENT = SpanContext.create(1, 2, 3, TraceFlags.SAMPLED, TraceState.empty());

	@Test
	void firstMatchingRuleWinsInOrder() {
		Sampler sampler = Sampler.ruleBased(List.of(SamplingRule.builder().setRouteGlob("/checkout/**").sample(),
				SamplingRule.builder().setRouteGlob("/**").drop()), Sampler.alwaysOn());
		assertThat(decide(sampler, ROOT, "GET", SpanKind.SERVER, server("GET", "/checkout/cart")))
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(sampler, ROOT, "GET", SpanKind.SERVER, server("GET", "/orders")))
			.isEqualTo(SamplingDecision.DROP);
		Sampler reversed = Sampler.ruleBased(List.of(SamplingRule.builder().setRouteGlob("/**").drop(),
				SamplingRule.builder().setRouteGlob("/checkout/**").sample()), Sampler.alwaysOn());
		assertThat(decide(reversed, ROOT, "GET", SpanKind.SERVER, server("GET", "/checkout/cart")))
			.isEqualTo(SamplingDecision.DROP);
	}

	@Test
	void countsPerRuleHowOftenItMatchedAndSampled() {
		Sampler rules = Sampler.ruleBased(List.of(SamplingRule.builder().setRouteGlob("/checkout/**").sample(),
				SamplingRule.builder().setRouteGlob("/health").drop()), Sampler.alwaysOn());
		Sampler sampler = SwappableSampler.create(Sampler.parentBased(rules));
		decide(sampler, ROOT, "GET", SpanKind.SERVER, server("GET", "/checkout/cart"));
		decide(sampler, ROOT, "GET", SpanKind.SERVER, server("GET", "/checkout/pay"));
		decide(sampler, ROOT, "GET", SpanKind.SERVER, server("GET", "/health"));
		decide(sampler, ROOT, "GET", SpanKind.SERVER, server("GET", "/orders"));
		// a child follows its parent: no rule is asked
		decide(sampler, LOCAL_PARENT, "GET", SpanKind.SERVER, server("GET", "/health"));
		assertThat(sampler.getRuleStatistics())
			.extracting(SamplingRuleStatistics::matched, SamplingRuleStatistics::sampled)
			.containsExactly(tuple(2L, 2L), tuple(1L, 0L), tuple(1L, 1L));
		assertThat(sampler.getRuleStatistics().get(2).rule()).isEqualTo("fallback: AlwaysOnSampler");
		assertThat(Sampler.alwaysOn().getRuleStatistics()).isEmpty();
	}

	@Test
	void fallbackDecidesWhatNoRuleMatches() {
		Sampler sampler = Sampler.ruleBased(List.of(SamplingRule.builder().setRouteGlob("/health").drop()),
				Sampler.alwaysOff());
		assertThat(decide(sampler, ROOT, "GET", SpanKind.SERVER, server("GET", "/hello")))
			.isEqualTo(SamplingDecision.DROP);
		Sampler sampling = Sampler.ruleBased(List.of(SamplingRule.builder().setRouteGlob("/health").drop()),
				Sampler.alwaysOn());
		assertThat(decide(sampling, ROOT, "GET", SpanKind.SERVER, server("GET", "/hello")))
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(Sampler.ruleBased(List.of(), Sampler.alwaysOn()), ROOT, "x", SpanKind.INTERNAL,
				Attributes.empty()))
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
	}

	@Test
	void rulesApplyToRootSpansUnlessToldOtherwise() {
		SamplingRule rootOnly = SamplingRule.builder().setRouteGlob("/health").drop();
		SamplingRule all = SamplingRule.builder().setRouteGlob("/health").setApplyTo(SamplingRule.ApplyTo.ALL).drop();
		Sampler rootOnlySampler = Sampler.ruleBased(List.of(rootOnly), Sampler.parentBased(Sampler.alwaysOn()));
		Sampler allSampler = Sampler.ruleBased(List.of(all), Sampler.parentBased(Sampler.alwaysOn()));
		Attributes health = server("GET", "/health");
		assertThat(decide(rootOnlySampler, ROOT, "GET", SpanKind.SERVER, health)).isEqualTo(SamplingDecision.DROP);
		assertThat(decide(rootOnlySampler, SAMPLED_REMOTE_PARENT, "GET", SpanKind.SERVER, health))
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(rootOnlySampler, LOCAL_PARENT, "GET", SpanKind.SERVER, health))
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(allSampler, SAMPLED_REMOTE_PARENT, "GET", SpanKind.SERVER, health))
			.isEqualTo(SamplingDecision.DROP);
		assertThat(decide(allSampler, LOCAL_PARENT, "GET", SpanKind.SERVER, health)).isEqualTo(SamplingDecision.DROP);
		assertThat(rootOnly.getApplyTo()).isEqualTo(SamplingRule.ApplyTo.ROOT);
	}

	@Test
	void kindMatcherSeesTheStartKind() {
		SamplingRule rule = SamplingRule.builder().setSpanKinds(List.of(SpanKind.SERVER, SpanKind.CONSUMER)).drop();
		assertThat(rule.matches("x", SpanKind.SERVER, Attributes.empty())).isTrue();
		assertThat(rule.matches("x", SpanKind.CONSUMER, Attributes.empty())).isTrue();
		assertThat(rule.matches("x", SpanKind.CLIENT, Attributes.empty())).isFalse();
		assertThat(rule.matches("x", SpanKind.INTERNAL, Attributes.empty())).isFalse();
	}

	@Test
	void nameMatcherSeesTheStartNameOrMethodAndPathOfHttpSpans() {
		SamplingRule rule = SamplingRule.builder().setNameGlob("GET /actuator/**").drop();
		// a server span starts named after its method only
		assertThat(rule.matches("GET", SpanKind.SERVER, server("GET", "/actuator/health"))).isTrue();
		assertThat(rule.matches("GET", SpanKind.SERVER, server("GET", "/actuator"))).isTrue();
		assertThat(rule.matches("POST", SpanKind.SERVER, server("POST", "/actuator/health"))).isFalse();
		assertThat(rule.matches("GET", SpanKind.SERVER, server("GET", "/hello"))).isFalse();
		// any span whose own name matches
		assertThat(rule.matches("GET /actuator/info", SpanKind.INTERNAL, Attributes.empty())).isTrue();
		assertThat(rule.matches("GET", SpanKind.INTERNAL, Attributes.of("url.path", "/actuator/health"))).isFalse();
		SamplingRule plain = SamplingRule.builder().setNameGlob("orders.*").drop();
		assertThat(plain.matches("orders.fetch", SpanKind.INTERNAL, Attributes.empty())).isTrue();
		assertThat(plain.matches("orders", SpanKind.INTERNAL, Attributes.empty())).isFalse();
	}

	@Test
	void routeMatcherSeesHttpRouteWhenKnownAndUrlPathOtherwise() {
		SamplingRule rule = SamplingRule.builder().setRouteGlob("/orders/{id}").sample();
		assertThat(rule.matches("GET", SpanKind.SERVER, server("GET", "/orders/42"))).isTrue();
		assertThat(rule.matches("GET", SpanKind.SERVER, server("GET", "/orders/42/items"))).isFalse();
		Attributes withRoute = Attributes.builder()
			.put("http.route", "/orders/{id}")
			.put("url.path", "/something/else")
			.build();
		assertThat(rule.matches("GET", SpanKind.SERVER, withRoute)).isTrue();
		Attributes otherRoute = Attributes.builder().put("http.route", "/users").put("url.path", "/orders/1").build();
		assertThat(rule.matches("GET", SpanKind.SERVER, otherRoute)).isFalse();
		assertThat(rule.matches("GET", SpanKind.SERVER, Attributes.empty())).isFalse();
		assertThat(rule.matches("GET", SpanKind.SERVER, Attributes.builder().put("url.path", 42L).build())).isFalse();
	}

	@Test
	void urlPathMatcherSeesOnlyUrlPath() {
		SamplingRule rule = SamplingRule.builder().setUrlPathGlob("/actuator/**").drop();
		assertThat(rule.matches("GET", SpanKind.SERVER, server("GET", "/actuator/health"))).isTrue();
		Attributes routeOnly = Attributes.of("http.route", "/actuator/health");
		assertThat(rule.matches("GET", SpanKind.SERVER, routeOnly)).isFalse();
	}

	@Test
	void attributeEqualityComparesStringsExactlyAndOtherTypesByValue() {
		SamplingRule method = SamplingRule.builder().putAttribute("http.request.method", "OPTIONS").drop();
		assertThat(method.matches("OPTIONS", SpanKind.SERVER, server("OPTIONS", "/x"))).isTrue();
		assertThat(method.matches("GET", SpanKind.SERVER, server("GET", "/x"))).isFalse();
		assertThat(method.matches("x", SpanKind.SERVER, Attributes.empty())).isFalse();
		assertThat(method.matches("x", SpanKind.SERVER, Attributes.of("http.request.method", "options"))).isFalse();
		SamplingRule port = SamplingRule.builder().putAttribute("server.port", "8081").drop();
		assertThat(port.matches("x", SpanKind.SERVER, Attributes.builder().put("server.port", 8081L).build())).isTrue();
		assertThat(port.matches("x", SpanKind.SERVER, Attributes.builder().put("server.port", 8080L).build()))
			.isFalse();
		assertThat(port.matches("x", SpanKind.SERVER, Attributes.builder().put("server.port", "8081").build()))
			.isTrue();
		SamplingRule flag = SamplingRule.builder().putAttribute("synthetic", "true").drop();
		assertThat(flag.matches("x", SpanKind.INTERNAL, Attributes.builder().put("synthetic", true).build())).isTrue();
		assertThat(flag.matches("x", SpanKind.INTERNAL, Attributes.builder().put("synthetic", false).build()))
			.isFalse();
		SamplingRule weight = SamplingRule.builder().putAttribute("weight", "0.5").drop();
		assertThat(weight.matches("x", SpanKind.INTERNAL, Attributes.builder().put("weight", 0.5).build())).isTrue();
		assertThat(weight.matches("x", SpanKind.INTERNAL, Attributes.builder().put("weight", 5L).build())).isFalse();
	}

	@Test
	void attributePatternMustMatchTheWholeValue() {
		SamplingRule rule = SamplingRule.builder().putAttributePattern("user_agent.original", "kube-probe/.*").drop();
		assertThat(rule.matches("GET", SpanKind.SERVER, Attributes.of("user_agent.original", "kube-probe/1.29")))
			.isTrue();
		assertThat(rule.matches("GET", SpanKind.SERVER, Attributes.of("user_agent.original", "curl kube-probe/1")))
			.isFalse();
		assertThat(rule.matches("GET", SpanKind.SERVER, Attributes.empty())).isFalse();
		SamplingRule status = SamplingRule.builder().putAttributePattern("server.port", "80\\d\\d").drop();
		assertThat(status.matches("x", SpanKind.SERVER, Attributes.builder().put("server.port", 8081L).build()))
			.isTrue();
		assertThat(status.matches("x", SpanKind.SERVER, Attributes.builder().put("server.port", 443L).build()))
			.isFalse();
	}

	@Test
	void allConditionsOfARuleMustHold() {
		SamplingRule rule = SamplingRule.builder()
			.setSpanKinds(List.of(SpanKind.SERVER))
			.putAttribute("http.request.method", "OPTIONS")
			.setRouteGlob("/api/**")
			.drop();
		assertThat(rule.matches("OPTIONS", SpanKind.SERVER, server("OPTIONS", "/api/x"))).isTrue();
		assertThat(rule.matches("OPTIONS", SpanKind.CLIENT, server("OPTIONS", "/api/x"))).isFalse();
		assertThat(rule.matches("OPTIONS", SpanKind.SERVER, server("OPTIONS", "/web/x"))).isFalse();
		assertThat(rule.matches("GET", SpanKind.SERVER, server("GET", "/api/x"))).isFalse();
	}

	@Test
	void ruleActionsDecideAndEraseAnInheritedThreshold() {
		TraceState state = TraceState.empty().with("ot", "th:c;rv:01234567890abc");
		SpanContext parent = SpanContext.createFromRemoteParent(1, 2, 3, TraceFlags.SAMPLED, state);
		Attributes attributes = server("GET", "/x");
		Sampler sampler = Sampler.ruleBased(
				List.of(SamplingRule.builder().setRouteGlob("/x").setApplyTo(SamplingRule.ApplyTo.ALL).sample()),
				Sampler.alwaysOff());
		SamplingResult result = sampler.shouldSample(parent, 1, 2, "GET", SpanKind.SERVER, attributes);
		assertThat(result.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(result.getUpdatedTraceState(state).toHeader()).isEqualTo("ot=rv:01234567890abc");
		Sampler ratio = Sampler.ruleBased(
				List.of(SamplingRule.builder().setRouteGlob("/x").sampleWith(Sampler.probability(0.25))),
				Sampler.alwaysOff());
		SamplingResult sampled = ratio.shouldSample(ROOT, 1, (1L << 56) - 1, "GET", SpanKind.SERVER, attributes);
		assertThat(sampled.getUpdatedTraceState(TraceState.empty()).toHeader()).isEqualTo("ot=th:c");
	}

	@Test
	void describesEveryRuleAndTheFallback() {
		Sampler sampler = Sampler.ruleBased(List.of(
				SamplingRule.builder()
					.setSpanKinds(List.of(SpanKind.SERVER))
					.setUrlPathGlob("/actuator/**")
					.setApplyTo(SamplingRule.ApplyTo.ALL)
					.drop(),
				SamplingRule.builder().setNameGlob("GET /x").putAttribute("k", "v").sample(),
				SamplingRule.builder()
					.setRouteGlob("/checkout/**")
					.putAttributePattern("ua", "bot.*")
					.sampleWith(Sampler.probability(0.25))),
				Sampler.parentBased(Sampler.alwaysOn()));
		assertThat(sampler.getDescription())
			.isEqualTo("RuleBasedSampler{rules:[" + "Rule{kind:SERVER,url.path:/actuator/**,applyTo:all}->drop,"
					+ "Rule{name:GET /x,k=v,applyTo:root}->sample,"
					+ "Rule{route:/checkout/**,ua~bot.*,applyTo:root}->ProbabilitySampler{0.250000,th:c}],"
					+ "fallback:ParentBased{root:AlwaysOnSampler,remoteParentSampled:AlwaysOnSampler,"
					+ "remoteParentNotSampled:AlwaysOffSampler,localParentSampled:AlwaysOnSampler,"
					+ "localParentNotSampled:AlwaysOffSampler}}");
		assertThat(sampler).hasToString(sampler.getDescription());
	}

	@Test
	void buildingRejectsRulesWithoutConditionsAndBadInput() {
		assertThatIllegalArgumentException().isThrownBy(() -> SamplingRule.builder().drop())
			.withMessageContaining("at least one condition");
		assertThatIllegalArgumentException().isThrownBy(() -> SamplingRule.builder().setSpanKinds(List.of()).drop());
		assertThatIllegalArgumentException().isThrownBy(() -> SamplingRule.builder().setRouteGlob("/x/{id"));
		assertThatIllegalArgumentException().isThrownBy(() -> SamplingRule.builder().putAttributePattern("k", "("));
		assertThatIllegalArgumentException().isThrownBy(() -> SamplingRule.builder().putAttribute("", "v"));
		assertThatNullPointerException().isThrownBy(() -> SamplingRule.builder().setNameGlob(null));
		assertThatNullPointerException().isThrownBy(() -> Sampler.ruleBased(List.of(), null));
		assertThatNullPointerException().isThrownBy(() -> SamplingRule.builder().setNameGlob("x").sampleWith(null));
	}

	@Test
	void regexMatchersAreSafeAcrossThreads() throws Exception {
		SamplingRule rule = SamplingRule.builder().putAttributePattern("k", "v-\\d+").drop();
		Thread[] threads = new Thread[4];
		boolean[] failed = new boolean[1];
		for (int t = 0; t < threads.length; t++) {
			int id = t;
			threads[t] = new Thread(() -> {
				for (int i = 0; i < 20_000; i++) {
					boolean expected = ((i + id) % 2) == 0;
					Attributes attributes = Attributes.of("k", expected ? "v-" + i : "w-" + i);
					if (rule.matches("x", SpanKind.INTERNAL, attributes) != expected) {
						failed[0] = true;
					}
				}
			});
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(20));
		}
		assertThat(failed[0]).isFalse();
	}

	static Attributes server(String method, String path) {
		AttributesBuilder attributes = new AttributesBuilder(128);
		attributes.put("http.request.method", method)
			.put("url.path", path)
			.put("url.scheme", "http")
			.put("server.address", "localhost")
			.put("server.port", 8080L)
			.put("client.address", "127.0.0.1")
			.put("user_agent.original", "test")
			.put("network.protocol.version", "1.1");
		return attributes;
	}

	private static SamplingDecision decide(Sampler sampler, SpanContext parent, String name, SpanKind kind,
			Attributes attributes) {
		return sampler.shouldSample(parent, 1, 2, name, kind, attributes).getDecision();
	}

}

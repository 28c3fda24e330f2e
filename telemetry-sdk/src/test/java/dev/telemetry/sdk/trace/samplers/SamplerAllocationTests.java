package dev.telemetry.sdk.trace.samplers;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.TraceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts the bytes this thread allocates while samplers drop root spans: the decision for
 * an unsampled root must not allocate, whatever the sampler (and with rules, whatever the
 * matchers), so that an application sampling 1% pays nothing for the other 99%.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SamplerAllocationTests {

	private static final int WARM_UP = 200_000;

	private static final int MEASURED = 100_000;

	// bytes per decision; a single allocation would be at least 16
	private static final double BOUND = 0.01;

	private static final Attributes HELLO = RuleBasedSamplerTests.server("GET", "/hello");

	private static final Attributes HEALTH = RuleBasedSamplerTests.server("GET", "/actuator/health");

	private static final Attributes PREFLIGHT = RuleBasedSamplerTests.server("OPTIONS", "/checkout/cart");

	@Test
	void defaultSamplerDropsRootsWithoutAllocating() {
		// what the auto-configuration builds by default, at ratio 0
		Sampler sampler = SwappableSampler.create(Sampler.ruleBased(List.of(SamplingRule.builder()
			.setSpanKinds(List.of(SpanKind.SERVER))
			.setUrlPathGlob("/actuator/**")
			.setApplyTo(SamplingRule.ApplyTo.ALL)
			.drop()), Sampler.parentBased(Sampler.traceIdRatioBased(0.0))));
		assertThat(bytesPerDroppedRoot(sampler, HELLO, HEALTH)).isLessThan(BOUND);
	}

	@Test
	void ruleSamplerDropsRootsWithoutAllocating() {
		Sampler sampler = Sampler.ruleBased(
				List.of(SamplingRule.builder().setNameGlob("GET /actuator/**").drop(),
						SamplingRule.builder()
							.setSpanKinds(List.of(SpanKind.SERVER))
							.putAttribute("http.request.method", "OPTIONS")
							.drop(),
						SamplingRule.builder().putAttributePattern("user_agent.original", "kube-probe/.*").drop(),
						SamplingRule.builder().putAttribute("server.port", "9090").drop(),
						SamplingRule.builder().setRouteGlob("/checkout/**").sampleWith(Sampler.probability(0.001))),
				Sampler.parentBased(Sampler.probability(0.0001)));
		assertThat(bytesPerDroppedRoot(sampler, HELLO, HEALTH, PREFLIGHT)).isLessThan(BOUND);
	}

	@Test
	void probabilityAndRatioSamplersDropRootsWithoutAllocating() {
		assertThat(bytesPerDroppedRoot(Sampler.probability(0.0001), HELLO)).isLessThan(BOUND);
		assertThat(bytesPerDroppedRoot(Sampler.parentBased(Sampler.traceIdRatioBased(0.0)), HELLO)).isLessThan(BOUND);
		assertThat(bytesPerDroppedRoot(Sampler.alwaysOff(), HELLO)).isLessThan(BOUND);
	}

	@Test
	void exhaustedRateLimitDropsRootsWithoutAllocating() {
		Sampler sampler = Sampler.parentBased(Sampler.rateLimited(1, new FrozenClock()));
		sampler.shouldSample(SpanContext.getInvalid(), 1, 1, "GET", SpanKind.SERVER, HELLO);
		assertThat(bytesPerDroppedRoot(sampler, HELLO)).isLessThan(BOUND);
	}

	private static double bytesPerDroppedRoot(Sampler sampler, Attributes... spans) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long thread = Thread.currentThread().getId();
		long checksum = decideAll(sampler, WARM_UP, spans);
		long before = threads.getThreadAllocatedBytes(thread);
		checksum += decideAll(sampler, MEASURED, spans);
		long allocated = threads.getThreadAllocatedBytes(thread) - before;
		// every decision was a drop with the parent's (empty) trace state
		assertThat(checksum).isEqualTo(0);
		return (double) allocated / MEASURED;
	}

	private static long decideAll(Sampler sampler, int count, Attributes[] spans) {
		long notDropped = 0;
		SpanContext root = SpanContext.getInvalid();
		TraceState empty = TraceState.empty();
		for (int i = 0; i < count; i++) {
			Attributes attributes = spans[i % spans.length];
			// the rightmost 56 bits small: dropped by every ratio and probability sampler
			long low = (i & 0xFFFF) + 1;
			SamplingResult result = sampler.shouldSample(root, 0x1234L + i, low, "GET", SpanKind.SERVER, attributes);
			if (result.getDecision() != SamplingDecision.DROP || result.getUpdatedTraceState(empty) != empty) {
				notDropped++;
			}
		}
		return notDropped;
	}

	private static final class FrozenClock implements Clock {

		@Override
		public long now() {
			return 0;
		}

		@Override
		public long nanoTime() {
			return 0;
		}

	}

}

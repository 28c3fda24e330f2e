package dev.telemetry.sdk.trace.samplers;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link SwappableSampler}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SwappableSamplerTests {

	@Test
	void decidesAndDescribesLikeItsCurrentDelegate() {
		SwappableSampler sampler = SwappableSampler.create(Sampler.alwaysOff());
		assertThat(decide(sampler)).isEqualTo(SamplingDecision.DROP);
		assertThat(sampler.getDescription()).isEqualTo("AlwaysOffSampler");
		sampler.setDelegate(Sampler.traceIdRatioBased(1.0));
		assertThat(decide(sampler)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(sampler.getDescription()).isEqualTo("TraceIdRatioBased{1.000000}");
		assertThat(sampler).hasToString("TraceIdRatioBased{1.000000}");
		assertThat(sampler.getDelegate().getDescription()).isEqualTo("TraceIdRatioBased{1.000000}");
	}

	@Test
	void aSwapIsSeenByEveryThreadRightAfterItReturns() throws Exception {
		SwappableSampler sampler = SwappableSampler.create(Sampler.alwaysOff());
		AtomicBoolean swapped = new AtomicBoolean();
		AtomicInteger droppedAfterSwap = new AtomicInteger();
		AtomicInteger sampledAfterSwap = new AtomicInteger();
		CountDownLatch running = new CountDownLatch(4);
		CountDownLatch done = new CountDownLatch(4);
		for (int t = 0; t < 4; t++) {
			new Thread(() -> {
				running.countDown();
				int after = 0;
				while (after < 10_000) {
					boolean swapDone = swapped.get();
					SamplingDecision decision = decide(sampler);
					if (swapDone) {
						after++;
						(decision == SamplingDecision.DROP ? droppedAfterSwap : sampledAfterSwap).incrementAndGet();
					}
				}
				done.countDown();
			}).start();
		}
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		sampler.setDelegate(Sampler.alwaysOn());
		swapped.set(true);
		assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
		assertThat(droppedAfterSwap.get()).isZero();
		assertThat(sampledAfterSwap.get()).isEqualTo(40_000);
	}

	@Test
	void rejectsNull() {
		assertThatNullPointerException().isThrownBy(() -> SwappableSampler.create(null));
		assertThatNullPointerException()
			.isThrownBy(() -> SwappableSampler.create(Sampler.alwaysOn()).setDelegate(null));
	}

	private static SamplingDecision decide(Sampler sampler) {
		return sampler.shouldSample(SpanContext.getInvalid(), 1, 2, "x", SpanKind.INTERNAL, Attributes.empty())
			.getDecision();
	}

}

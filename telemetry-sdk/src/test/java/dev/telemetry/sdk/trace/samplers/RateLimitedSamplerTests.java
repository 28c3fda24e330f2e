package dev.telemetry.sdk.trace.samplers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RateLimitedSampler}, driven by a clock the test moves.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RateLimitedSamplerTests {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final ManualClock clock = new ManualClock();

	@Test
	void aBurstAtOneInstantGetsOneBucket() {
		Sampler sampler = Sampler.rateLimited(10, this.clock);
		assertThat(sampleMany(sampler, 10_000)).isEqualTo(10);
		assertThat(sampleMany(sampler, 10_000)).isZero();
	}

	@Test
	void tokensComeBackAtTheRate() {
		Sampler sampler = Sampler.rateLimited(10, this.clock);
		sampleMany(sampler, 100);
		this.clock.advance(SECOND / 10);
		assertThat(sampleMany(sampler, 100)).isEqualTo(1);
		this.clock.advance(SECOND / 2);
		assertThat(sampleMany(sampler, 100)).isEqualTo(5);
		// an idle period never fills the bucket beyond its capacity
		this.clock.advance(60 * SECOND);
		assertThat(sampleMany(sampler, 100)).isEqualTo(10);
	}

	@Test
	void aSustainedBurstNeverExceedsTheRateByMoreThanOneBucket() {
		double rate = 25;
		Sampler sampler = Sampler.rateLimited(rate, this.clock);
		int sampled = 0;
		int offered = 0;
		long elapsed = 0;
		// 10 simulated seconds of 2,000 spans per second, in 1 ms steps
		for (int step = 0; step < 10_000; step++) {
			sampled += sampleMany(sampler, 2);
			offered += 2;
			this.clock.advance(SECOND / 1000);
			elapsed += SECOND / 1000;
			double seconds = (double) elapsed / SECOND;
			assertThat((double) sampled).as("after %s s", seconds).isLessThanOrEqualTo(rate * seconds + rate);
		}
		assertThat(offered).isEqualTo(20_000);
		// and it does sample at the rate, not below it
		assertThat(sampled).isBetween(250, 275);
	}

	@Test
	void slowRatesHoldOneToken() {
		Sampler sampler = Sampler.rateLimited(0.5, this.clock);
		assertThat(sampleMany(sampler, 10)).isEqualTo(1);
		this.clock.advance(SECOND);
		assertThat(sampleMany(sampler, 10)).isZero();
		this.clock.advance(SECOND);
		assertThat(sampleMany(sampler, 10)).isEqualTo(1);
	}

	@Test
	void concurrentCallersNeverTakeMoreThanTheBucket() throws Exception {
		Sampler sampler = Sampler.rateLimited(100, this.clock);
		AtomicInteger sampled = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			Thread thread = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				sampled.addAndGet(sampleMany(sampler, 5_000));
			});
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(20));
		}
		assertThat(sampled.get()).isEqualTo(100);
	}

	@Test
	void sampledSpansCarryNoThresholdAndKeepOtherState() {
		Sampler sampler = Sampler.rateLimited(1, this.clock);
		TraceState state = TraceState.empty().with("vendor", "v").with("ot", "th:c;rv:01234567890abc");
		SpanContext parent = SpanContext.createFromRemoteParent(1, 2, 3, TraceFlags.SAMPLED, state);
		SamplingResult sampled = sampler.shouldSample(parent, 1, 2, "s", SpanKind.SERVER, Attributes.empty());
		SamplingResult dropped = sampler.shouldSample(parent, 1, 2, "s", SpanKind.SERVER, Attributes.empty());
		assertThat(sampled.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(dropped.getDecision()).isEqualTo(SamplingDecision.DROP);
		assertThat(sampled.getUpdatedTraceState(state).toHeader()).isEqualTo("ot=rv:01234567890abc,vendor=v");
		assertThat(dropped.getUpdatedTraceState(state).toHeader()).isEqualTo("ot=rv:01234567890abc,vendor=v");
	}

	@Test
	void describesItsRate() {
		assertThat(Sampler.rateLimited(10, this.clock).getDescription()).isEqualTo("RateLimitedSampler{10.0/s}");
		assertThat(Sampler.rateLimited(2.5)).hasToString("RateLimitedSampler{2.5/s}");
	}

	@ParameterizedTest(name = "{0} per second")
	@ValueSource(doubles = { 0, -1, Double.NaN, Double.POSITIVE_INFINITY, 2e9 })
	void rejectsRatesThatAreNotPositive(double rate) {
		assertThatIllegalArgumentException().isThrownBy(() -> Sampler.rateLimited(rate, this.clock));
	}

	private static int sampleMany(Sampler sampler, int count) {
		int sampled = 0;
		for (int i = 0; i < count; i++) {
			if (sampler.shouldSample(SpanContext.getInvalid(), 1, i + 1, "root", SpanKind.SERVER, Attributes.empty())
				.getDecision() == SamplingDecision.RECORD_AND_SAMPLE) {
				sampled++;
			}
		}
		return sampled;
	}

	/**
	 * A clock that moves only when told to.
	 */
	static final class ManualClock implements Clock {

		// an arbitrary origin, far from zero, to catch arithmetic that assumes otherwise
		private final AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - 30 * SECOND);

		void advance(long delta) {
			this.nanos.addAndGet(delta);
		}

		@Override
		public long now() {
			return this.nanos.get();
		}

		@Override
		public long nanoTime() {
			return this.nanos.get();
		}

	}

}

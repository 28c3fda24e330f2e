package dev.telemetry.sdk.trace.samplers;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import io.opentelemetry.api.trace.TraceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TraceIdRatioBasedSampler}: every decision must be the one the
 * OpenTelemetry Java SDK makes for the same trace id, so that a fleet running both SDKs
 * keeps or drops whole traces.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TraceIdRatioBasedSamplerTests {

	private static final int RANDOM_IDS = 100_000;

	private static final double[] RATIOS = { 0.0, 1e-6, 0.0001, 0.01, 0.1, 0.25, 0.5, 0.999, 1.0 };

	@ParameterizedTest(name = "ratio {0}")
	@ValueSource(doubles = { 0.0, 1e-6, 0.0001, 0.01, 0.1, 0.25, 0.5, 0.999, 1.0 })
	void decidesLikeTheReferenceForRandomTraceIds(double ratio) {
		Sampler ours = Sampler.traceIdRatioBased(ratio);
		io.opentelemetry.sdk.trace.samplers.Sampler reference = io.opentelemetry.sdk.trace.samplers.Sampler
			.traceIdRatioBased(ratio);
		SplittableRandom random = new SplittableRandom(0x5eed_0000L + Double.hashCode(ratio));
		int sampled = 0;
		for (int i = 0; i < RANDOM_IDS; i++) {
			long high = random.nextLong();
			long low = nonZero(random.nextLong());
			boolean ourDecision = sample(ours, high, low);
			assertThat(ourDecision).as("ratio %s, trace id %s", ratio, TraceId.fromLongs(high, low))
				.isEqualTo(sampleWithReference(reference, high, low));
			if (ourDecision) {
				sampled++;
			}
		}
		if (ratio == 0.0) {
			assertThat(sampled).isZero();
		}
		if (ratio == 1.0) {
			assertThat(sampled).isEqualTo(RANDOM_IDS);
		}
	}

	@ParameterizedTest(name = "ratio {0}")
	@ValueSource(doubles = { 0.0, 1e-6, 0.0001, 0.01, 0.1, 0.25, 0.5, 0.999, 1.0 })
	void decidesLikeTheReferenceForEdgeTraceIds(double ratio) {
		Sampler ours = Sampler.traceIdRatioBased(ratio);
		io.opentelemetry.sdk.trace.samplers.Sampler reference = io.opentelemetry.sdk.trace.samplers.Sampler
			.traceIdRatioBased(ratio);
		for (long low : edgeLowBits(ratio)) {
			for (long high : new long[] { 0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x0af7651916cd43ddL }) {
				assertThat(sample(ours, high, low)).as("ratio %s, trace id %s", ratio, TraceId.fromLongs(high, low))
					.isEqualTo(sampleWithReference(reference, high, low));
			}
		}
	}

	@Test
	void decidesFromTheLowBitsOnly() {
		Sampler sampler = Sampler.traceIdRatioBased(0.5);
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < 10_000; i++) {
			long low = nonZero(random.nextLong());
			boolean first = sample(sampler, random.nextLong(), low);
			assertThat(sample(sampler, random.nextLong(), low)).isEqualTo(first);
		}
	}

	@Test
	void ignoresTheParentAndTheSpanDetails() {
		Sampler sampler = Sampler.traceIdRatioBased(0.5);
		SpanContext sampledParent = SpanContext.create(1, 2, 3, TraceFlags.SAMPLED, TraceState.empty());
		SplittableRandom random = new SplittableRandom(7);
		for (int i = 0; i < 1_000; i++) {
			long low = nonZero(random.nextLong());
			SamplingDecision root = sampler
				.shouldSample(SpanContext.getInvalid(), 1, low, "a", SpanKind.INTERNAL, Attributes.empty())
				.getDecision();
			SamplingDecision child = sampler
				.shouldSample(sampledParent, 1, low, "b", SpanKind.SERVER, Attributes.of("k", "v"))
				.getDecision();
			assertThat(child).isEqualTo(root);
		}
	}

	@Test
	void decidesOnlyRecordAndSampleOrDrop() {
		SplittableRandom random = new SplittableRandom(3);
		for (double ratio : RATIOS) {
			Sampler sampler = Sampler.traceIdRatioBased(ratio);
			for (int i = 0; i < 1_000; i++) {
				SamplingResult result = sampler.shouldSample(SpanContext.getInvalid(), random.nextLong(),
						nonZero(random.nextLong()), "name", SpanKind.INTERNAL, Attributes.empty());
				assertThat(result.getDecision()).isIn(SamplingDecision.RECORD_AND_SAMPLE, SamplingDecision.DROP);
				TraceState state = TraceState.empty().with("vendor", "value");
				assertThat(result.getUpdatedTraceState(state)).isSameAs(state);
			}
		}
	}

	@ParameterizedTest(name = "ratio {0}")
	@ValueSource(doubles = { 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.999 })
	void sampledFractionIsWithinFiveSigmaOfTheRatio(double ratio) {
		Sampler sampler = Sampler.traceIdRatioBased(ratio);
		SplittableRandom random = new SplittableRandom(0xC0FFEEL);
		int n = RANDOM_IDS;
		int sampled = 0;
		for (int i = 0; i < n; i++) {
			if (sample(sampler, random.nextLong(), nonZero(random.nextLong()))) {
				sampled++;
			}
		}
		double expected = n * ratio;
		double sigma = Math.sqrt(n * ratio * (1 - ratio));
		assertThat(Math.abs(sampled - expected)).as("sampled %d of %d at ratio %s", sampled, n, ratio)
			.isLessThanOrEqualTo(5 * sigma);
	}

	@ParameterizedTest(name = "ratio {0}")
	@ValueSource(doubles = { 0.0, -0.0, 1e-6, 0.0001, 0.01, 0.1, 0.25, 1.0 / 3, 0.5, 2.0 / 3, 0.999, 0.9999999, 1.0,
			0.123456, 1e-7, 4e-7, 6e-7, 0.9999994, 0.9999996 })
	void descriptionEqualsTheReference(double ratio) {
		assertThat(Sampler.traceIdRatioBased(ratio).getDescription())
			.isEqualTo(io.opentelemetry.sdk.trace.samplers.Sampler.traceIdRatioBased(ratio).getDescription());
	}

	@Test
	void descriptionHasSixDecimalsAndIsToString() {
		Sampler sampler = Sampler.traceIdRatioBased(0.1);
		assertThat(sampler.getDescription()).isEqualTo("TraceIdRatioBased{0.100000}");
		assertThat(sampler).hasToString("TraceIdRatioBased{0.100000}");
	}

	@Test
	void ratioZeroNeverSamplesAndRatioOneSamplesAlmostEverything() {
		Sampler never = Sampler.traceIdRatioBased(0.0);
		Sampler always = Sampler.traceIdRatioBased(1.0);
		for (long low : new long[] { 1, -1, Long.MIN_VALUE, Long.MIN_VALUE + 2, Long.MAX_VALUE - 1 }) {
			assertThat(sample(never, 1, low)).isFalse();
			assertThat(sample(always, 1, low)).isTrue();
		}
		// Like the reference, the bound for 1.0 is exclusive:
		// |low| == Long.MAX_VALUE is dropped.
		assertThat(sample(always, 1, Long.MAX_VALUE)).isFalse();
		assertThat(sample(always, 1, -Long.MAX_VALUE)).isFalse();
	}

	@Test
	void exposesTheRatio() {
		assertThat(TraceIdRatioBasedSampler.create(0.25).getRatio()).isEqualTo(0.25);
	}

	private static List<Long> edgeLowBits(double ratio) {
		long bound = (ratio == 0.0) ? Long.MIN_VALUE
				: (ratio == 1.0) ? Long.MAX_VALUE : (long) (ratio * Long.MAX_VALUE);
		List<Long> lows = new ArrayList<>(
				List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, Long.MAX_VALUE - 1, -1L, 1L, 2L, -2L));
		for (long delta = -2; delta <= 2; delta++) {
			lows.add(bound + delta);
			lows.add(-(bound + delta));
		}
		lows.removeIf((low) -> low == 0);
		return lows;
	}

	private static long nonZero(long value) {
		return (value != 0) ? value : 1;
	}

	private static boolean sample(Sampler sampler, long high, long low) {
		SamplingDecision decision = sampler
			.shouldSample(SpanContext.getInvalid(), high, low, "name", SpanKind.INTERNAL, Attributes.empty())
			.getDecision();
		return decision == SamplingDecision.RECORD_AND_SAMPLE;
	}

	private static boolean sampleWithReference(io.opentelemetry.sdk.trace.samplers.Sampler reference, long high,
			long low) {
		io.opentelemetry.sdk.trace.samplers.SamplingDecision decision = reference
			.shouldSample(io.opentelemetry.context.Context.root(), TraceId.fromLongs(high, low), "name",
					io.opentelemetry.api.trace.SpanKind.INTERNAL, io.opentelemetry.api.common.Attributes.empty(),
					List.of())
			.getDecision();
		assertThat(decision).isIn(io.opentelemetry.sdk.trace.samplers.SamplingDecision.RECORD_AND_SAMPLE,
				io.opentelemetry.sdk.trace.samplers.SamplingDecision.DROP);
		return decision == io.opentelemetry.sdk.trace.samplers.SamplingDecision.RECORD_AND_SAMPLE;
	}

}

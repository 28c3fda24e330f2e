package dev.telemetry.sdk.trace.samplers;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.Tracer;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * Tests for {@link ProbabilitySampler}, OpenTelemetry's consistent probability sampler,
 * against the vectors of the specification ("TraceState: Probability Sampling" and
 * "TraceState Handling").
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProbabilitySamplerTests {

	private static final int RANDOM_IDS = 100_000;

	private static final long MAX = 1L << 56;

	@ParameterizedTest(name = "1 in {0}")
	@CsvSource({ "1, 1, 0, 0, 0", "2, 0.5, 8, 8, 8", "3, 0.3333333333333333, aab, aaab, aaaab", "4, 0.25, c, c, c",
			"5, 0.2, ccd, cccd, ccccd", "8, 0.125, e, e, e", "10, 0.1, e66, e666, e6666", "16, 0.0625, f, f, f",
			"100, 0.01, fd71, fd70a, fd70a4", "1000, 0.001, ffbe7, ffbe77, ffbe76d",
			"10000, 0.0001, fff972, fff9724, fff97247", "100000, 0.00001, ffff584, ffff583a, ffff583a5",
			"1000000, 0.000001, ffffef4, ffffef39, ffffef391" })
	void thresholdsMatchTheSpecificationTable(int oneIn, double ratio, String precision3, String precision4,
			String precision5) {
		assertThat(encoded(ratio, 3)).isEqualTo(precision3);
		assertThat(encoded(ratio, 4)).isEqualTo(precision4);
		assertThat(encoded(ratio, 5)).isEqualTo(precision5);
	}

	@Test
	void actualProbabilitiesMatchTheSpecificationTable() {
		assertThat(probability(ProbabilitySampler.threshold(1.0 / 3, 4))).isEqualTo(0.3333282470703125);
		assertThat(probability(ProbabilitySampler.threshold(0.01, 4))).isEqualTo(0.010000228881835938);
		assertThat(probability(ProbabilitySampler.threshold(0.01, 5))).isEqualTo(0.009999990463256836);
		assertThat(probability(ProbabilitySampler.threshold(0.1, 3))).isEqualTo(0.10009765625);
	}

	@Test
	void defaultEncodingIsTheSpecificationExamples() {
		// "25% -> th:c" (tracestate handling) and "1% -> fd70a4, 5 digits of precision"
		assertThat(sampledTraceState(Sampler.probability(0.25))).isEqualTo("ot=th:c");
		assertThat(sampledTraceState(Sampler.probability(0.01))).isEqualTo("ot=th:fd70a4");
		assertThat(sampledTraceState(Sampler.probability(1.0))).isEqualTo("ot=th:0");
		assertThat(((ProbabilitySampler) Sampler.probability(0.01)).getThreshold()).isEqualTo(0xfd70a400000000L);
		assertThat(((ProbabilitySampler) Sampler.probability(0.25)).getThreshold()).isEqualTo(0xc0000000000000L);
	}

	@Test
	void samplesWhenRandomnessIsAtLeastTheThreshold() {
		Sampler sampler = Sampler.probability(0.25);
		long threshold = 0xc0000000000000L;
		assertThat(sampleRoot(sampler, threshold)).isTrue();
		assertThat(sampleRoot(sampler, threshold - 1)).isFalse();
		assertThat(sampleRoot(sampler, MAX - 1)).isTrue();
		assertThat(sampleRoot(sampler, 0)).isFalse();
		// only the rightmost 56 bits count
		assertThat(sampleRoot(sampler, 0xff00000000000000L | (threshold - 1))).isFalse();
		assertThat(sampleRoot(sampler, 0x0100000000000000L | threshold)).isTrue();
	}

	@Test
	void ratioZeroNeverSamplesAndRatioOneAlwaysDoes() {
		for (long randomness : new long[] { 0, 1, MAX - 1, -1 }) {
			assertThat(sampleRoot(Sampler.probability(0.0), randomness)).isFalse();
			assertThat(sampleRoot(Sampler.probability(1.0), randomness)).isTrue();
		}
	}

	@Test
	void explicitRandomnessOfTheParentReplacesTheTraceId() {
		// specification example: rv 6e6d1a75832a2f allows sampling from 56.9% to 100%
		TraceState state = TraceState.empty().with("ot", "rv:6e6d1a75832a2f");
		long lowWithNoRandomness = 0;
		SpanContext parent = SpanContext.createFromRemoteParent(1, lowWithNoRandomness, 2, TraceFlags.NONE, state);
		assertThat(decide(Sampler.probability(0.57), parent, lowWithNoRandomness))
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(Sampler.probability(0.56), parent, MAX - 1)).isEqualTo(SamplingDecision.DROP);
		SamplingResult result = Sampler.probability(0.57)
			.shouldSample(parent, 1, 0, "child", SpanKind.SERVER, Attributes.empty());
		assertThat(result.getUpdatedTraceState(state).toHeader()).isEqualTo("ot=th:6e148;rv:6e6d1a75832a2f");
	}

	@ParameterizedTest(name = "ot={0}")
	@ValueSource(strings = { "rv:zz6d1a75832a2f", "rv:6e6d1a75832a2", "rv:6E6D1A75832A2F", "rv:", "garbage here" })
	void invalidExplicitRandomnessIsIgnoredInFavourOfTheTraceId(String ot) {
		TraceState state = TraceState.empty().with("ot", ot);
		SpanContext parent = SpanContext.createFromRemoteParent(1, 5, 2, TraceFlags.SAMPLED, state);
		Sampler sampler = Sampler.probability(0.5);
		assertThat(decide(sampler, parent, 0x80000000000000L)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(sampler, parent, 0x7fffffffffffffL)).isEqualTo(SamplingDecision.DROP);
	}

	@Test
	void droppingErasesTheThresholdAndKeepsTheRest() {
		TraceState state = TraceState.empty().with("vendor", "v").with("ot", "th:8;rv:00000000000001;k:v");
		SpanContext parent = SpanContext.createFromRemoteParent(1, 2, 3, TraceFlags.SAMPLED, state);
		SamplingResult result = Sampler.probability(0.5)
			.shouldSample(parent, 1, 2, "child", SpanKind.SERVER, Attributes.empty());
		assertThat(result.getDecision()).isEqualTo(SamplingDecision.DROP);
		assertThat(result.getUpdatedTraceState(state).toHeader()).isEqualTo("ot=rv:00000000000001;k:v,vendor=v");
	}

	@Test
	void samplingReplacesThePreviousThresholdAndKeepsOtherEntries() {
		TraceState state = TraceState.empty().with("vendor", "v").with("ot", "th:c;rv:ffffffffffffff");
		SpanContext parent = SpanContext.createFromRemoteParent(1, 2, 3, TraceFlags.SAMPLED, state);
		SamplingResult result = Sampler.probability(0.5)
			.shouldSample(parent, 1, 2, "child", SpanKind.SERVER, Attributes.empty());
		assertThat(result.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(result.getUpdatedTraceState(state).toHeader()).isEqualTo("ot=th:8;rv:ffffffffffffff,vendor=v");
	}

	@Test
	void decisionsOfARootShareResultsAndTraceStates() {
		Sampler sampler = Sampler.probability(0.5);
		SamplingResult first = sampler.shouldSample(SpanContext.getInvalid(), 1, MAX - 1, "a", SpanKind.SERVER,
				Attributes.empty());
		SamplingResult second = sampler.shouldSample(SpanContext.getInvalid(), 2, MAX - 2, "b", SpanKind.SERVER,
				Attributes.empty());
		assertThat(first).isSameAs(second);
		assertThat(first.getUpdatedTraceState(TraceState.empty()))
			.isSameAs(second.getUpdatedTraceState(TraceState.empty()));
		SamplingResult dropped = sampler.shouldSample(SpanContext.getInvalid(), 1, 0, "a", SpanKind.SERVER,
				Attributes.empty());
		assertThat(dropped.getUpdatedTraceState(TraceState.empty())).isSameAs(TraceState.empty());
	}

	@ParameterizedTest(name = "ratio {0}")
	@ValueSource(doubles = { 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.999 })
	void sampledFractionIsWithinFiveSigmaOfTheRatio(double ratio) {
		ProbabilitySampler sampler = ProbabilitySampler.create(ratio);
		SplittableRandom random = new SplittableRandom(0xB1A5L + Double.hashCode(ratio));
		int sampled = 0;
		for (int i = 0; i < RANDOM_IDS; i++) {
			if (sampleRoot(sampler, random.nextLong())) {
				sampled++;
			}
		}
		// the probability actually applied is that of the rounded threshold
		double p = probability(sampler.getThreshold());
		assertThat(p).isCloseTo(ratio, withinPercentage(0.01));
		double sigma = Math.sqrt(RANDOM_IDS * p * (1 - p));
		assertThat(Math.abs(sampled - RANDOM_IDS * p)).as("sampled %d of %d at ratio %s", sampled, RANDOM_IDS, ratio)
			.isLessThanOrEqualTo(5 * sigma);
	}

	@Test
	void independentInstancesWithTheSameRatioDecideIdentically() {
		SplittableRandom random = new SplittableRandom(17);
		for (double ratio : new double[] { 0.01, 0.1, 1.0 / 3, 0.5 }) {
			Sampler one = Sampler.probability(ratio);
			Sampler other = Sampler.probability(ratio);
			assertThat(one).isNotSameAs(other);
			for (int i = 0; i < RANDOM_IDS / 4; i++) {
				long high = random.nextLong();
				long low = random.nextLong();
				assertThat(sample(other, high, low)).isEqualTo(sample(one, high, low));
			}
		}
	}

	@Test
	void aLowerRatiosSampledTracesAreASubsetOfAHigherRatios() {
		double[] ratios = { 0.0, 0.0001, 0.001, 0.01, 0.05, 0.1, 0.25, 1.0 / 3, 0.5, 0.9, 1.0 };
		Sampler[] samplers = new Sampler[ratios.length];
		for (int r = 0; r < ratios.length; r++) {
			samplers[r] = Sampler.probability(ratios[r]);
		}
		SplittableRandom random = new SplittableRandom(23);
		int[] counts = new int[ratios.length];
		for (int i = 0; i < RANDOM_IDS; i++) {
			long low = random.nextLong();
			boolean sampledAtLower = false;
			for (int r = 0; r < ratios.length; r++) {
				boolean sampled = sampleRoot(samplers[r], low);
				if (sampledAtLower) {
					assertThat(sampled).as("sampled at a lower ratio than %s", ratios[r]).isTrue();
				}
				sampledAtLower = sampled;
				counts[r] += sampled ? 1 : 0;
			}
		}
		assertThat(counts).isSorted();
		assertThat(counts[0]).isZero();
		assertThat(counts[ratios.length - 1]).isEqualTo(RANDOM_IDS);
	}

	@Test
	void spansOfATracerCarryTheThresholdAndChildrenOfAParentBasedSamplerKeepIt() {
		Tracer tracer = TracerProvider.builder()
			.setSampler(Sampler.parentBased(Sampler.probability(1.0)))
			.build()
			.get("test", null);
		Span root = tracer.spanBuilder("root").startSpan();
		assertThat(root.getSpanContext().isSampled()).isTrue();
		assertThat(root.getSpanContext().getTraceState().toHeader()).isEqualTo("ot=th:0");
		Span child = tracer.spanBuilder("child").setParent(root.storeInContext(Context.root())).startSpan();
		assertThat(child.getSpanContext().getTraceState()).isSameAs(root.getSpanContext().getTraceState());
		Span remoteChild = tracer.spanBuilder("remote child")
			.setParent(Span.wrap(SpanContext.createFromRemoteParent(1, 2, 3, TraceFlags.SAMPLED,
					TraceState.empty().with("ot", "th:c;rv:ffffffffffffff")))
				.storeInContext(Context.root()))
			.startSpan();
		assertThat(remoteChild.getSpanContext().getTraceState().toHeader()).isEqualTo("ot=th:c;rv:ffffffffffffff");
	}

	@Test
	void ignoresTheParentsSampledFlag() {
		SpanContext notSampled = SpanContext.createFromRemoteParent(1, 2, 3, TraceFlags.NONE, TraceState.empty());
		SpanContext sampled = SpanContext.createFromRemoteParent(1, 2, 3, TraceFlags.SAMPLED, TraceState.empty());
		Sampler sampler = Sampler.probability(0.5);
		assertThat(decide(sampler, notSampled, MAX - 1)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(sampler, sampled, 0)).isEqualTo(SamplingDecision.DROP);
	}

	@Test
	void describesRatioAndThreshold() {
		assertThat(Sampler.probability(0.25).getDescription()).isEqualTo("ProbabilitySampler{0.250000,th:c}");
		assertThat(Sampler.probability(0.01)).hasToString("ProbabilitySampler{0.010000,th:fd70a4}");
		assertThat(Sampler.probability(1.0).getDescription()).isEqualTo("ProbabilitySampler{1.000000,th:0}");
		assertThat(Sampler.probability(0.0).getDescription()).isEqualTo("ProbabilitySampler{0.000000}");
	}

	@ParameterizedTest(name = "ratio {0}")
	@ValueSource(doubles = { -0.1, 1.0000001, Double.NaN, 1e-18, Double.MIN_VALUE })
	void rejectsRatiosItCannotExpress(double ratio) {
		assertThatIllegalArgumentException().isThrownBy(() -> Sampler.probability(ratio))
			.withMessageContaining("ratio");
	}

	@Test
	void smallestRatioHasTheLargestThresholdOfItsPrecision() {
		ProbabilitySampler sampler = ProbabilitySampler.create(ProbabilitySampler.MIN_RATIO);
		assertThat(sampler.getThreshold()).isEqualTo(0xffffffffffff00L);
		assertThat(sampleRoot(sampler, MAX - 1)).isTrue();
		assertThat(sampleRoot(sampler, 0xfffffffffffeffL)).isFalse();
	}

	private static String encoded(double ratio, int precision) {
		return OtTraceState.encodeThreshold(ProbabilitySampler.threshold(ratio, precision));
	}

	private static double probability(long threshold) {
		return (double) (MAX - threshold) / MAX;
	}

	private static String sampledTraceState(Sampler sampler) {
		SamplingResult result = sampler.shouldSample(SpanContext.getInvalid(), 1, MAX - 1, "root", SpanKind.SERVER,
				Attributes.empty());
		assertThat(result.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		return result.getUpdatedTraceState(TraceState.empty()).toHeader();
	}

	private static boolean sampleRoot(Sampler sampler, long traceIdLow) {
		return sample(sampler, 42, traceIdLow);
	}

	private static boolean sample(Sampler sampler, long high, long low) {
		return decide(sampler, SpanContext.getInvalid(), high, low) == SamplingDecision.RECORD_AND_SAMPLE;
	}

	private static SamplingDecision decide(Sampler sampler, SpanContext parent, long traceIdLow) {
		return decide(sampler, parent, 42, traceIdLow);
	}

	private static SamplingDecision decide(Sampler sampler, SpanContext parent, long high, long low) {
		return sampler.shouldSample(parent, high, low, "span", SpanKind.INTERNAL, Attributes.empty()).getDecision();
	}

}

package dev.telemetry.sdk.trace.samplers;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link ParentBasedSampler} and {@link ParentBasedSamplerBuilder}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ParentBasedSamplerTests {

	private static final long HIGH = 0x0af7651916cd43ddL;

	private static final long LOW = 0x8448eb211c80319cL;

	private static final long PARENT_SPAN_ID = 0xb7ad6b7169203331L;

	private static final SpanContext LOCAL_SAMPLED = SpanContext.create(HIGH, LOW, PARENT_SPAN_ID,
			(byte) (TraceFlags.SAMPLED | TraceFlags.RANDOM), TraceState.empty());

	private static final SpanContext LOCAL_NOT_SAMPLED = SpanContext.create(HIGH, LOW, PARENT_SPAN_ID,
			TraceFlags.RANDOM, TraceState.empty());

	private static final SpanContext REMOTE_SAMPLED = SpanContext.createFromRemoteParent(HIGH, LOW, PARENT_SPAN_ID,
			TraceFlags.SAMPLED, TraceState.empty());

	private static final SpanContext REMOTE_NOT_SAMPLED = SpanContext.createFromRemoteParent(HIGH, LOW, PARENT_SPAN_ID,
			TraceFlags.NONE, TraceState.empty());

	private final MarkerSampler root = new MarkerSampler("root");

	private final MarkerSampler remoteSampled = new MarkerSampler("remoteSampled");

	private final MarkerSampler remoteNotSampled = new MarkerSampler("remoteNotSampled");

	private final MarkerSampler localSampled = new MarkerSampler("localSampled");

	private final MarkerSampler localNotSampled = new MarkerSampler("localNotSampled");

	private Sampler fullyConfigured() {
		return Sampler.parentBasedBuilder(this.root)
			.setRemoteParentSampled(this.remoteSampled)
			.setRemoteParentNotSampled(this.remoteNotSampled)
			.setLocalParentSampled(this.localSampled)
			.setLocalParentNotSampled(this.localNotSampled)
			.build();
	}

	@Test
	void rootSpanAsksTheRootSampler() {
		assertDelegatesTo(fullyConfigured(), SpanContext.getInvalid(), this.root);
	}

	@Test
	void remoteSampledParentAsksItsSampler() {
		assertDelegatesTo(fullyConfigured(), REMOTE_SAMPLED, this.remoteSampled);
	}

	@Test
	void remoteNotSampledParentAsksItsSampler() {
		assertDelegatesTo(fullyConfigured(), REMOTE_NOT_SAMPLED, this.remoteNotSampled);
	}

	@Test
	void localSampledParentAsksItsSampler() {
		assertDelegatesTo(fullyConfigured(), LOCAL_SAMPLED, this.localSampled);
	}

	@Test
	void localNotSampledParentAsksItsSampler() {
		assertDelegatesTo(fullyConfigured(), LOCAL_NOT_SAMPLED, this.localNotSampled);
	}

	@Test
	void randomFlagAloneDoesNotMakeAParentSampled() {
		SpanContext remoteRandomOnly = SpanContext.createFromRemoteParent(HIGH, LOW, PARENT_SPAN_ID, TraceFlags.RANDOM,
				TraceState.empty());
		assertDelegatesTo(fullyConfigured(), remoteRandomOnly, this.remoteNotSampled);
		assertDelegatesTo(fullyConfigured(), LOCAL_NOT_SAMPLED, this.localNotSampled);
	}

	@Test
	void passesTheDelegateResultThroughUnchanged() {
		SamplingResult result = fullyConfigured().shouldSample(LOCAL_SAMPLED, HIGH, LOW, "span", SpanKind.CLIENT,
				Attributes.empty());
		assertThat(result).isSameAs(this.localSampled.result);
		assertThat(result.getUpdatedTraceState(TraceState.empty()).get("marker")).isEqualTo("localSampled");
	}

	@Test
	void defaultsFollowTheParentAndAskTheRootForRootSpans() {
		Sampler onRoot = Sampler.parentBased(Sampler.alwaysOn());
		Sampler offRoot = Sampler.parentBased(Sampler.alwaysOff());
		assertThat(decide(onRoot, SpanContext.getInvalid())).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(offRoot, SpanContext.getInvalid())).isEqualTo(SamplingDecision.DROP);
		for (Sampler sampler : List.of(onRoot, offRoot)) {
			assertThat(decide(sampler, LOCAL_SAMPLED)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
			assertThat(decide(sampler, REMOTE_SAMPLED)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
			assertThat(decide(sampler, LOCAL_NOT_SAMPLED)).isEqualTo(SamplingDecision.DROP);
			assertThat(decide(sampler, REMOTE_NOT_SAMPLED)).isEqualTo(SamplingDecision.DROP);
		}
	}

	@Test
	void builderDefaultsEqualParentBased() {
		Sampler built = Sampler.parentBasedBuilder(this.root).build();
		assertThat(decide(built, LOCAL_SAMPLED)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(built, REMOTE_SAMPLED)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(built, LOCAL_NOT_SAMPLED)).isEqualTo(SamplingDecision.DROP);
		assertThat(decide(built, REMOTE_NOT_SAMPLED)).isEqualTo(SamplingDecision.DROP);
		assertThat(this.root.calls).isEmpty();
		assertThat(built.getDescription()).isEqualTo(Sampler.parentBased(this.root).getDescription());
	}

	@Test
	void ratioBasedRootDecidesRootSpansByTraceIdAndParentDecidesChildren() {
		Sampler ratio = Sampler.traceIdRatioBased(0.25);
		Sampler sampler = Sampler.parentBased(ratio);
		SplittableRandom random = new SplittableRandom(11);
		for (int i = 0; i < 10_000; i++) {
			long high = random.nextLong();
			long low = random.nextLong() | 1;
			assertThat(sampler
				.shouldSample(SpanContext.getInvalid(), high, low, "n", SpanKind.INTERNAL, Attributes.empty())
				.getDecision())
				.isEqualTo(ratio
					.shouldSample(SpanContext.getInvalid(), high, low, "n", SpanKind.INTERNAL, Attributes.empty())
					.getDecision());
			assertThat(sampler.shouldSample(LOCAL_SAMPLED, high, low, "n", SpanKind.INTERNAL, Attributes.empty())
				.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
			assertThat(sampler.shouldSample(REMOTE_NOT_SAMPLED, high, low, "n", SpanKind.INTERNAL, Attributes.empty())
				.getDecision()).isEqualTo(SamplingDecision.DROP);
		}
	}

	@Test
	void decidesLikeTheReferenceForEveryParentCase() {
		double[] ratios = { 0.0, 0.1, 0.5, 1.0 };
		SplittableRandom random = new SplittableRandom(99);
		for (double rootRatio : ratios) {
			for (int children = 0; children < 16; children++) {
				Sampler ours = Sampler.parentBasedBuilder(Sampler.traceIdRatioBased(rootRatio))
					.setRemoteParentSampled(constant(children, 0))
					.setRemoteParentNotSampled(constant(children, 1))
					.setLocalParentSampled(constant(children, 2))
					.setLocalParentNotSampled(constant(children, 3))
					.build();
				io.opentelemetry.sdk.trace.samplers.Sampler reference = io.opentelemetry.sdk.trace.samplers.Sampler
					.parentBasedBuilder(io.opentelemetry.sdk.trace.samplers.Sampler.traceIdRatioBased(rootRatio))
					.setRemoteParentSampled(referenceConstant(children, 0))
					.setRemoteParentNotSampled(referenceConstant(children, 1))
					.setLocalParentSampled(referenceConstant(children, 2))
					.setLocalParentNotSampled(referenceConstant(children, 3))
					.build();
				assertThat(ours.getDescription()).isEqualTo(reference.getDescription());
				for (int i = 0; i < 200; i++) {
					long high = random.nextLong();
					long low = random.nextLong() | 1;
					long parentSpanId = random.nextLong() | 1;
					for (int parentCase = 0; parentCase < 5; parentCase++) {
						SpanContext parent = ourParent(parentCase, high, low, parentSpanId);
						SamplingDecision decision = ours
							.shouldSample(parent, high, low, "n", SpanKind.SERVER, Attributes.empty())
							.getDecision();
						io.opentelemetry.sdk.trace.samplers.SamplingDecision expected = reference
							.shouldSample(referenceParent(parentCase, high, low, parentSpanId),
									TraceId.fromLongs(high, low), "n", io.opentelemetry.api.trace.SpanKind.SERVER,
									io.opentelemetry.api.common.Attributes.empty(), List.of())
							.getDecision();
						assertThat(decision.name())
							.as("root %s, children %s, parent case %d", rootRatio, Integer.toBinaryString(children),
									parentCase)
							.isEqualTo(expected.name());
					}
				}
			}
		}
	}

	private static Sampler constant(int bits, int bit) {
		return ((bits & (1 << bit)) != 0) ? Sampler.alwaysOn() : Sampler.alwaysOff();
	}

	private static io.opentelemetry.sdk.trace.samplers.Sampler referenceConstant(int bits, int bit) {
		return ((bits & (1 << bit)) != 0) ? io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOn()
				: io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOff();
	}

	@Test
	void constantSamplerDescriptionsEqualTheReference() {
		assertThat(Sampler.alwaysOn().getDescription())
			.isEqualTo(io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOn().getDescription())
			.isEqualTo("AlwaysOnSampler");
		assertThat(Sampler.alwaysOff().getDescription())
			.isEqualTo(io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOff().getDescription())
			.isEqualTo("AlwaysOffSampler");
		assertThat(Sampler.alwaysOn()).hasToString("AlwaysOnSampler");
		assertThat(Sampler.alwaysOff()).hasToString("AlwaysOffSampler");
	}

	@Test
	void parentBasedDescriptionEqualsTheReference() {
		assertThat(Sampler.parentBased(Sampler.alwaysOn()).getDescription())
			.isEqualTo(io.opentelemetry.sdk.trace.samplers.Sampler
				.parentBased(io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOn())
				.getDescription());
		assertThat(Sampler.parentBased(Sampler.alwaysOff()).getDescription())
			.isEqualTo(io.opentelemetry.sdk.trace.samplers.Sampler
				.parentBased(io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOff())
				.getDescription());
		assertThat(Sampler.parentBased(Sampler.traceIdRatioBased(0.25)).getDescription())
			.isEqualTo(io.opentelemetry.sdk.trace.samplers.Sampler
				.parentBased(io.opentelemetry.sdk.trace.samplers.Sampler.traceIdRatioBased(0.25))
				.getDescription());
		assertThat(Sampler.parentBased(Sampler.alwaysOn()))
			.hasToString(Sampler.parentBased(Sampler.alwaysOn()).getDescription());
	}

	@Test
	void parentBasedBuilderDescriptionEqualsTheReference() {
		Sampler ours = Sampler.parentBasedBuilder(Sampler.traceIdRatioBased(0.1))
			.setRemoteParentSampled(Sampler.alwaysOff())
			.setRemoteParentNotSampled(Sampler.alwaysOn())
			.setLocalParentSampled(Sampler.traceIdRatioBased(0.5))
			.setLocalParentNotSampled(Sampler.parentBased(Sampler.alwaysOn()))
			.build();
		// The reference warns about a ratio-based child sampler; keep the
		// build log quiet.
		Logger referenceLogger = Logger
			.getLogger(io.opentelemetry.sdk.trace.samplers.ParentBasedSamplerBuilder.class.getName());
		Level level = referenceLogger.getLevel();
		referenceLogger.setLevel(Level.SEVERE);
		io.opentelemetry.sdk.trace.samplers.Sampler reference;
		try {
			reference = io.opentelemetry.sdk.trace.samplers.Sampler
				.parentBasedBuilder(io.opentelemetry.sdk.trace.samplers.Sampler.traceIdRatioBased(0.1))
				.setRemoteParentSampled(io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOff())
				.setRemoteParentNotSampled(io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOn())
				.setLocalParentSampled(io.opentelemetry.sdk.trace.samplers.Sampler.traceIdRatioBased(0.5))
				.setLocalParentNotSampled(io.opentelemetry.sdk.trace.samplers.Sampler
					.parentBased(io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOn()))
				.build();
		}
		finally {
			referenceLogger.setLevel(level);
		}
		assertThat(ours.getDescription()).isEqualTo(reference.getDescription());
		Sampler onlyLocal = Sampler.parentBasedBuilder(Sampler.alwaysOff())
			.setLocalParentNotSampled(Sampler.alwaysOn())
			.build();
		io.opentelemetry.sdk.trace.samplers.Sampler onlyLocalReference = io.opentelemetry.sdk.trace.samplers.Sampler
			.parentBasedBuilder(io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOff())
			.setLocalParentNotSampled(io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOn())
			.build();
		assertThat(onlyLocal.getDescription()).isEqualTo(onlyLocalReference.getDescription());
	}

	@Test
	void exposesTheRootSampler() {
		assertThat(((ParentBasedSampler) Sampler.parentBased(this.root)).getRoot()).isSameAs(this.root);
	}

	@Test
	void builderRejectsNullSamplers() {
		assertThatNullPointerException().isThrownBy(() -> Sampler.parentBasedBuilder(null));
		ParentBasedSamplerBuilder builder = Sampler.parentBasedBuilder(Sampler.alwaysOn());
		assertThatNullPointerException().isThrownBy(() -> builder.setRemoteParentSampled(null));
		assertThatNullPointerException().isThrownBy(() -> builder.setRemoteParentNotSampled(null));
		assertThatNullPointerException().isThrownBy(() -> builder.setLocalParentSampled(null));
		assertThatNullPointerException().isThrownBy(() -> builder.setLocalParentNotSampled(null));
	}

	private void assertDelegatesTo(Sampler sampler, SpanContext parent, MarkerSampler expected) {
		List<MarkerSampler> all = List.of(this.root, this.remoteSampled, this.remoteNotSampled, this.localSampled,
				this.localNotSampled);
		all.forEach((marker) -> marker.calls.clear());
		Attributes attributes = Attributes.of("http.route", "/x");
		SamplingResult result = sampler.shouldSample(parent, HIGH, LOW, "span-name", SpanKind.PRODUCER, attributes);
		assertThat(result).isSameAs(expected.result);
		for (MarkerSampler marker : all) {
			assertThat(marker.calls).as(marker.name).hasSize((marker == expected) ? 1 : 0);
		}
		Call call = expected.calls.get(0);
		assertThat(call.parent()).isSameAs(parent);
		assertThat(call.traceIdHigh()).isEqualTo(HIGH);
		assertThat(call.traceIdLow()).isEqualTo(LOW);
		assertThat(call.name()).isEqualTo("span-name");
		assertThat(call.kind()).isEqualTo(SpanKind.PRODUCER);
		assertThat(call.attributes()).isSameAs(attributes);
	}

	private static SamplingDecision decide(Sampler sampler, SpanContext parent) {
		return sampler.shouldSample(parent, HIGH, LOW, "name", SpanKind.INTERNAL, Attributes.empty()).getDecision();
	}

	private static SpanContext ourParent(int parentCase, long high, long low, long spanId) {
		return switch (parentCase) {
			case 0 -> SpanContext.getInvalid();
			case 1 -> SpanContext.createFromRemoteParent(high, low, spanId, TraceFlags.SAMPLED, TraceState.empty());
			case 2 -> SpanContext.createFromRemoteParent(high, low, spanId, TraceFlags.NONE, TraceState.empty());
			case 3 -> SpanContext.create(high, low, spanId, TraceFlags.SAMPLED, TraceState.empty());
			default -> SpanContext.create(high, low, spanId, TraceFlags.NONE, TraceState.empty());
		};
	}

	private static io.opentelemetry.context.Context referenceParent(int parentCase, long high, long low, long spanId) {
		String traceId = TraceId.fromLongs(high, low);
		String parentSpanId = SpanId.fromLong(spanId);
		io.opentelemetry.api.trace.TraceState state = io.opentelemetry.api.trace.TraceState.getDefault();
		io.opentelemetry.api.trace.SpanContext context = switch (parentCase) {
			case 0 -> io.opentelemetry.api.trace.SpanContext.getInvalid();
			case 1 -> io.opentelemetry.api.trace.SpanContext.createFromRemoteParent(traceId, parentSpanId,
					io.opentelemetry.api.trace.TraceFlags.getSampled(), state);
			case 2 -> io.opentelemetry.api.trace.SpanContext.createFromRemoteParent(traceId, parentSpanId,
					io.opentelemetry.api.trace.TraceFlags.getDefault(), state);
			case 3 -> io.opentelemetry.api.trace.SpanContext.create(traceId, parentSpanId,
					io.opentelemetry.api.trace.TraceFlags.getSampled(), state);
			default -> io.opentelemetry.api.trace.SpanContext.create(traceId, parentSpanId,
					io.opentelemetry.api.trace.TraceFlags.getDefault(), state);
		};
		return io.opentelemetry.api.trace.Span.wrap(context).storeInContext(io.opentelemetry.context.Context.root());
	}

	private record Call(SpanContext parent, long traceIdHigh, long traceIdLow, String name, SpanKind kind,
			Attributes attributes) {
	}

	/**
	 * Records its calls and answers with a result of its own, whose trace state names it.
	 */
	private static final class MarkerSampler implements Sampler {

		private final String name;

		private final List<Call> calls = new ArrayList<>();

		private final SamplingResult result;

		MarkerSampler(String name) {
			this.name = name;
			this.result = new SamplingResult() {

				@Override
				public SamplingDecision getDecision() {
					return SamplingDecision.RECORD_ONLY;
				}

				@Override
				public TraceState getUpdatedTraceState(TraceState parentTraceState) {
					return parentTraceState.with("marker", name);
				}

			};
		}

		@Override
		public SamplingResult shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name,
				SpanKind kind, Attributes attributes) {
			this.calls.add(new Call(parent, traceIdHigh, traceIdLow, name, kind, attributes));
			return this.result;
		}

		@Override
		public String getDescription() {
			return "Marker{" + this.name + "}";
		}

	}

}

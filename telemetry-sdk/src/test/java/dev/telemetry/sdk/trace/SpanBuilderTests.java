package dev.telemetry.sdk.trace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.context.Scope;
import dev.telemetry.sdk.trace.TracerProviderTests.RecordingProcessor;
import dev.telemetry.sdk.trace.TracerProviderTests.TestClock;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.samplers.SamplingDecision;
import dev.telemetry.sdk.trace.samplers.SamplingResult;
import dev.telemetry.sdk.trace.span.LinkData;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import dev.telemetry.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link SpanBuilder}: ids, parents, flags and sampling at span start.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SpanBuilderTests {

	private static final long START = 1_700_000_000_000_000_000L;

	private final RecordingProcessor processor = new RecordingProcessor();

	private final TestClock clock = new TestClock(START);

	private Tracer tracer(Sampler sampler) {
		return TracerProvider.builder()
			.setSampler(sampler)
			.setClock(this.clock)
			.addSpanProcessor(this.processor)
			.build()
			.get("test", "1.0");
	}

	@Test
	void rootSpanGetsNewValidIdsAndTheRandomFlag() {
		Span span = tracer(Sampler.alwaysOn()).spanBuilder("root").startSpan();
		SpanContext context = span.getSpanContext();
		assertThat(context.isValid()).isTrue();
		assertThat(context.isRemote()).isFalse();
		assertThat(context.getTraceIdLow()).isNotZero();
		assertThat(context.getSpanIdLong()).isNotZero();
		assertThat(context.getTraceId()).hasSize(32).isNotEqualTo("00000000000000000000000000000000");
		assertThat(context.getSpanId()).hasSize(16).isNotEqualTo("0000000000000000");
		assertThat(context.getTraceFlags()).isEqualTo((byte) (TraceFlags.SAMPLED | TraceFlags.RANDOM));
		assertThat(TraceFlags.isRandom(context.getTraceFlags())).isTrue();
		assertThat(context.getTraceState().isEmpty()).isTrue();
		assertThat(((SpanData) span).getParentSpanContext().isValid()).isFalse();
	}

	@Test
	void rootSpansGetDistinctIds() {
		Tracer tracer = tracer(Sampler.alwaysOn());
		Set<String> traceIds = new HashSet<>();
		Set<String> spanIds = new HashSet<>();
		for (int i = 0; i < 2_000; i++) {
			SpanContext context = tracer.spanBuilder("root").startSpan().getSpanContext();
			traceIds.add(context.getTraceId());
			spanIds.add(context.getSpanId());
		}
		assertThat(traceIds).hasSize(2_000);
		assertThat(spanIds).hasSize(2_000);
	}

	@Test
	void unsampledRootStillGetsTheRandomFlag() {
		Span span = tracer(Sampler.alwaysOff()).spanBuilder("root").startSpan();
		assertThat(span.getSpanContext().getTraceFlags()).isEqualTo(TraceFlags.RANDOM);
		assertThat(span.getSpanContext().isSampled()).isFalse();
	}

	@Test
	void sampledFlagFollowsTheSamplerDecision() {
		assertThat(tracer(Sampler.alwaysOn()).spanBuilder("s").startSpan().getSpanContext().isSampled()).isTrue();
		assertThat(tracer(Sampler.alwaysOff()).spanBuilder("s").startSpan().getSpanContext().isSampled()).isFalse();
		Span recordOnly = tracer(fixed(SamplingResult.recordOnly())).spanBuilder("s").startSpan();
		assertThat(recordOnly.getSpanContext().isSampled()).isFalse();
		assertThat(recordOnly.isRecording()).isTrue();
	}

	@Test
	void recordOnlySpansReachTheProcessor() {
		Span span = tracer(fixed(SamplingResult.recordOnly())).spanBuilder("record-only").startSpan();
		span.end();
		assertThat(this.processor.started).containsExactly(span);
		assertThat(this.processor.ended).singleElement().satisfies((data) -> {
			assertThat(data.getName()).isEqualTo("record-only");
			assertThat(data.getSpanContext().isSampled()).isFalse();
		});
	}

	@Test
	void childWithExplicitParentSharesTheTraceAndPointsAtItsParent() {
		Tracer tracer = tracer(Sampler.alwaysOn());
		Span parent = tracer.spanBuilder("parent").startSpan();
		Span child = tracer.spanBuilder("child").setParent(parent.storeInContext(Context.root())).startSpan();
		assertChildOf(child, parent);
		assertThat(child.getSpanContext().getTraceFlags()).isEqualTo((byte) (TraceFlags.SAMPLED | TraceFlags.RANDOM));
		assertThat(Span.fromContext(this.processor.startContexts.get(1))).isSameAs(parent);
	}

	@Test
	void childOfTheCurrentContextSharesTheTraceAndPointsAtItsParent() {
		Tracer tracer = tracer(Sampler.alwaysOn());
		Span parent = tracer.spanBuilder("parent").startSpan();
		Span child;
		Span grandChild;
		try (Scope ignored = parent.storeInContext(Context.root()).makeCurrent()) {
			child = tracer.spanBuilder("child").startSpan();
			try (Scope ignoredToo = child.storeInContext(Context.current()).makeCurrent()) {
				grandChild = tracer.spanBuilder("grand-child").startSpan();
			}
		}
		assertChildOf(child, parent);
		assertChildOf(grandChild, child);
		Span afterScope = tracer.spanBuilder("after").startSpan();
		assertThat(((SpanData) afterScope).getParentSpanContext().isValid()).isFalse();
		assertThat(afterScope.getSpanContext().getTraceId()).isNotEqualTo(parent.getSpanContext().getTraceId());
	}

	@Test
	void explicitParentWinsOverTheCurrentContext() {
		Tracer tracer = tracer(Sampler.alwaysOn());
		Span current = tracer.spanBuilder("current").startSpan();
		Span explicit = tracer.spanBuilder("explicit").startSpan();
		try (Scope ignored = current.storeInContext(Context.root()).makeCurrent()) {
			Span child = tracer.spanBuilder("child").setParent(explicit.storeInContext(Context.root())).startSpan();
			assertChildOf(child, explicit);
		}
	}

	@Test
	void explicitContextWithoutSpanMakesARoot() {
		Tracer tracer = tracer(Sampler.alwaysOn());
		Span current = tracer.spanBuilder("current").startSpan();
		try (Scope ignored = current.storeInContext(Context.root()).makeCurrent()) {
			Span root = tracer.spanBuilder("root").setParent(Context.root()).startSpan();
			assertThat(((SpanData) root).getParentSpanContext().isValid()).isFalse();
			assertThat(root.getSpanContext().getTraceId()).isNotEqualTo(current.getSpanContext().getTraceId());
		}
	}

	@Test
	void setNoParentIgnoresTheCurrentContextAndTheLastCallWins() {
		Tracer tracer = tracer(Sampler.alwaysOn());
		Span parent = tracer.spanBuilder("parent").startSpan();
		Context parentContext = parent.storeInContext(Context.root());
		try (Scope ignored = parentContext.makeCurrent()) {
			Span root = tracer.spanBuilder("root").setNoParent().startSpan();
			assertThat(((SpanData) root).getParentSpanContext().isValid()).isFalse();
			assertThat(root.getSpanContext().getTraceId()).isNotEqualTo(parent.getSpanContext().getTraceId());
			Span rootAgain = tracer.spanBuilder("root").setParent(parentContext).setNoParent().startSpan();
			assertThat(((SpanData) rootAgain).getParentSpanContext().isValid()).isFalse();
			Span child = tracer.spanBuilder("child").setNoParent().setParent(parentContext).startSpan();
			assertChildOf(child, parent);
		}
	}

	@Test
	void remoteParentIsContinued() {
		SpanContext remote = TracerProviderTests.remoteParent(TracerProviderTests.sampledAndRandom());
		Span child = tracer(Sampler.parentBased(Sampler.alwaysOff())).spanBuilder("server")
			.setSpanKind(SpanKind.SERVER)
			.setParent(Span.wrap(remote).storeInContext(Context.root()))
			.startSpan();
		SpanContext context = child.getSpanContext();
		assertThat(child.isRecording()).isTrue();
		assertThat(context.getTraceIdHigh()).isEqualTo(remote.getTraceIdHigh());
		assertThat(context.getTraceIdLow()).isEqualTo(remote.getTraceIdLow());
		assertThat(context.getSpanIdLong()).isNotEqualTo(remote.getSpanIdLong()).isNotZero();
		assertThat(context.isRemote()).isFalse();
		assertThat(context.getTraceFlags()).isEqualTo((byte) (TraceFlags.SAMPLED | TraceFlags.RANDOM));
		assertThat(context.getTraceState()).isEqualTo(remote.getTraceState());
		SpanData data = (SpanData) child;
		assertThat(data.getParentSpanContext()).isEqualTo(remote);
		assertThat(data.getParentSpanContext().isRemote()).isTrue();
		assertThat(data.getKind()).isEqualTo(SpanKind.SERVER);
	}

	@Test
	void remoteParentWithoutTheRandomFlagDoesNotPassItOn() {
		SpanContext remote = TracerProviderTests.remoteParent(TraceFlags.SAMPLED);
		Span child = tracer(Sampler.parentBased(Sampler.alwaysOn())).spanBuilder("server")
			.setParent(Span.wrap(remote).storeInContext(Context.root()))
			.startSpan();
		assertThat(child.getSpanContext().getTraceFlags()).isEqualTo(TraceFlags.SAMPLED);
	}

	@Test
	void unsampledRemoteParentGivesANonRecordingChildThatStillPropagates() {
		SpanContext remote = TracerProviderTests.remoteParent(TraceFlags.RANDOM);
		Span child = tracer(Sampler.parentBased(Sampler.alwaysOn())).spanBuilder("server")
			.setParent(Span.wrap(remote).storeInContext(Context.root()))
			.startSpan();
		assertNonRecordingChildOf(child, remote);
		assertThat(child.getSpanContext().getTraceFlags()).isEqualTo(TraceFlags.RANDOM);
		assertThat(child.getSpanContext().getTraceState()).isEqualTo(remote.getTraceState());
		child.setAttribute("ignored", "value");
		child.end();
		assertThat(this.processor.started).isEmpty();
		assertThat(this.processor.ended).isEmpty();
	}

	@Test
	void unsampledLocalParentGivesANonRecordingChild() {
		Tracer offTracer = tracer(Sampler.alwaysOff());
		Span root = offTracer.spanBuilder("root").startSpan();
		assertThat(root.isRecording()).isFalse();
		assertThat(root.getSpanContext().isValid()).isTrue();
		Tracer followingTracer = tracer(Sampler.parentBased(Sampler.alwaysOn()));
		Span child = followingTracer.spanBuilder("child").setParent(root.storeInContext(Context.root())).startSpan();
		assertNonRecordingChildOf(child, root.getSpanContext());
		try (Scope ignored = child.storeInContext(Context.root()).makeCurrent()) {
			Span grandChild = followingTracer.spanBuilder("grand-child").startSpan();
			assertNonRecordingChildOf(grandChild, child.getSpanContext());
		}
		root.end();
		child.end();
		assertThat(this.processor.started).isEmpty();
		assertThat(this.processor.ended).isEmpty();
	}

	@Test
	void builderAttributesAreVisibleToTheSamplerAndKeptOnTheSpan() {
		CapturingSampler sampler = new CapturingSampler(SamplingResult.recordAndSample());
		Span span = tracer(sampler).spanBuilder("GET /orders")
			.setSpanKind(SpanKind.CLIENT)
			.setAttribute("http.request.method", "GET")
			.setAttribute("http.response.status_code", 200L)
			.setAttribute("retry", true)
			.setAttribute("ratio", 0.5)
			.startSpan();
		assertThat(sampler.calls).hasSize(1);
		CapturingSampler.Call call = sampler.calls.get(0);
		Map<String, Object> expected = Map.of("http.request.method", "GET", "http.response.status_code", 200L, "retry",
				true, "ratio", 0.5);
		assertThat(call.attributes()).containsExactlyInAnyOrderEntriesOf(expected);
		assertThat(call.name()).isEqualTo("GET /orders");
		assertThat(call.kind()).isEqualTo(SpanKind.CLIENT);
		assertThat(call.parent().isValid()).isFalse();
		assertThat(call.traceIdHigh()).isEqualTo(span.getSpanContext().getTraceIdHigh());
		assertThat(call.traceIdLow()).isEqualTo(span.getSpanContext().getTraceIdLow());
		assertThat(((SpanData) span).getAttributes().asMap()).containsExactlyEntriesOf(orderedMap("http.request.method",
				"GET", "http.response.status_code", 200L, "retry", true, "ratio", 0.5));
	}

	@Test
	void samplerSeesTheParentAndTheParentTraceId() {
		CapturingSampler sampler = new CapturingSampler(SamplingResult.recordAndSample());
		SpanContext remote = TracerProviderTests.remoteParent(TraceFlags.SAMPLED);
		tracer(sampler).spanBuilder("child").setParent(Span.wrap(remote).storeInContext(Context.root())).startSpan();
		CapturingSampler.Call call = sampler.calls.get(0);
		assertThat(call.parent()).isEqualTo(remote);
		assertThat(call.traceIdHigh()).isEqualTo(remote.getTraceIdHigh());
		assertThat(call.traceIdLow()).isEqualTo(remote.getTraceIdLow());
		assertThat(call.attributes()).isEmpty();
	}

	@Test
	void samplerCanUpdateTheTraceState() {
		SamplingResult withState = new SamplingResult() {

			@Override
			public SamplingDecision getDecision() {
				return SamplingDecision.RECORD_AND_SAMPLE;
			}

			@Override
			public TraceState getUpdatedTraceState(TraceState parentTraceState) {
				return parentTraceState.with("ot", "th:8");
			}

		};
		SpanContext remote = TracerProviderTests.remoteParent(TraceFlags.SAMPLED);
		Span child = tracer(fixed(withState)).spanBuilder("child")
			.setParent(Span.wrap(remote).storeInContext(Context.root()))
			.startSpan();
		TraceState state = child.getSpanContext().getTraceState();
		assertThat(state.toHeader()).isEqualTo("ot=th:8,vendor=value");
	}

	@Test
	void samplerUpdatedTraceStateIsKeptOnDroppedSpans() {
		SamplingResult dropWithState = new SamplingResult() {

			@Override
			public SamplingDecision getDecision() {
				return SamplingDecision.DROP;
			}

			@Override
			public TraceState getUpdatedTraceState(TraceState parentTraceState) {
				return parentTraceState.with("ot", "rv:01");
			}

		};
		Span span = tracer(fixed(dropWithState)).spanBuilder("dropped").startSpan();
		assertThat(span.isRecording()).isFalse();
		assertThat(span.getSpanContext().getTraceState().get("ot")).isEqualTo("rv:01");
	}

	@Test
	void samplerThatThrowsGivesANonRecordingSpan() {
		Sampler throwing = throwingSampler();
		Tracer tracer = tracer(throwing);
		Span[] holder = new Span[1];
		assertThatNoException().isThrownBy(() -> holder[0] = tracer.spanBuilder("s").startSpan());
		Span span = holder[0];
		assertThat(span.isRecording()).isFalse();
		assertThat(span.getSpanContext().isValid()).isTrue();
		assertThat(span.getSpanContext().isSampled()).isFalse();
		span.end();
		assertThat(this.processor.started).isEmpty();
		assertThat(this.processor.ended).isEmpty();
	}

	@Test
	void samplerThatReturnsNullGivesANonRecordingSpan() {
		Tracer tracer = tracer(fixed(null));
		Span[] holder = new Span[1];
		assertThatNoException().isThrownBy(() -> holder[0] = tracer.spanBuilder("s").startSpan());
		assertThat(holder[0].isRecording()).isFalse();
		assertThat(holder[0].getSpanContext().isValid()).isTrue();
	}

	@Test
	void samplingResultThatThrowsGivesANonRecordingSpan() {
		SamplingResult broken = new SamplingResult() {

			@Override
			public SamplingDecision getDecision() {
				return SamplingDecision.RECORD_AND_SAMPLE;
			}

			@Override
			public TraceState getUpdatedTraceState(TraceState parentTraceState) {
				throw new IllegalStateException("broken result");
			}

		};
		Tracer tracer = tracer(fixed(broken));
		assertThatNoException().isThrownBy(() -> tracer.spanBuilder("s").startSpan());
	}

	@Test
	void builderAttributesRespectTheSpanLimits() {
		Tracer tracer = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.setSpanLimits(new SpanLimits(2, 10))
			.addSpanProcessor(this.processor)
			.build()
			.get("test", null);
		Span span = tracer.spanBuilder("s")
			.setAttribute("a", "1")
			.setAttribute("b", "2")
			.setAttribute("c", "3")
			.setAttribute("a", "overwritten")
			.startSpan();
		span.setAttribute("d", "4");
		span.end();
		SpanData data = this.processor.ended.get(0);
		assertThat(data.getAttributes().asMap()).containsExactlyEntriesOf(orderedMap("a", "overwritten", "b", "2"));
		assertThat(data.getDroppedAttributesCount()).isEqualTo(2);
	}

	@Test
	void nullAndEmptyBuilderInputIsIgnored() {
		Span span = tracer(Sampler.alwaysOn()).spanBuilder(null)
			.setSpanKind(null)
			.setAttribute(null, "value")
			.setAttribute("", "value")
			.setAttribute("key", (String) null)
			.setParent(null)
			.startSpan();
		SpanData data = (SpanData) span;
		assertThat(data.getName()).isEmpty();
		assertThat(data.getKind()).isEqualTo(SpanKind.INTERNAL);
		assertThat(data.getAttributes().isEmpty()).isTrue();
		assertThat(data.getParentSpanContext().isValid()).isFalse();
	}

	@Test
	void startTimeComesFromTheClockUnlessSet() {
		Tracer tracer = tracer(Sampler.alwaysOn());
		assertThat(((SpanData) tracer.spanBuilder("clock").startSpan()).getStartEpochNanos()).isEqualTo(START);
		assertThat(((SpanData) tracer.spanBuilder("explicit").setStartTimestamp(42L).startSpan()).getStartEpochNanos())
			.isEqualTo(42L);
		assertThat(((SpanData) tracer.spanBuilder("negative").setStartTimestamp(-5L).startSpan()).getStartEpochNanos())
			.isEqualTo(START);
	}

	@Test
	void spanKindIsRecorded() {
		Tracer tracer = tracer(Sampler.alwaysOn());
		for (SpanKind kind : SpanKind.values()) {
			assertThat(((SpanData) tracer.spanBuilder("k").setSpanKind(kind).startSpan()).getKind()).isEqualTo(kind);
		}
		assertThat(((SpanData) tracer.spanBuilder("default").startSpan()).getKind()).isEqualTo(SpanKind.INTERNAL);
	}

	@Test
	void processorSeesTheParentContextAtStart() {
		Tracer tracer = tracer(Sampler.alwaysOn());
		Span parent = tracer.spanBuilder("parent").startSpan();
		Context parentContext = parent.storeInContext(Context.root());
		Span child = tracer.spanBuilder("child").setParent(parentContext).startSpan();
		assertThat(this.processor.started).containsExactly(parent, child);
		assertThat(this.processor.startContexts.get(0)).isSameAs(Context.root());
		assertThat(this.processor.startContexts.get(1)).isSameAs(parentContext);
		assertThat(child.isRecording()).as("still open for writes during onStart").isTrue();
	}

	private static Map<String, Object> orderedMap(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	private static void assertChildOf(Span child, Span parent) {
		SpanContext childContext = child.getSpanContext();
		SpanContext parentContext = parent.getSpanContext();
		assertThat(childContext.getTraceIdHigh()).isEqualTo(parentContext.getTraceIdHigh());
		assertThat(childContext.getTraceIdLow()).isEqualTo(parentContext.getTraceIdLow());
		assertThat(childContext.getSpanIdLong()).isNotEqualTo(parentContext.getSpanIdLong()).isNotZero();
		assertThat(((SpanData) child).getParentSpanContext()).isEqualTo(parentContext);
		assertThat(((SpanData) child).getParentSpanContext().getSpanId()).isEqualTo(parentContext.getSpanId());
		assertThat(TraceFlags.isRandom(childContext.getTraceFlags()))
			.isEqualTo(TraceFlags.isRandom(parentContext.getTraceFlags()));
	}

	private static void assertNonRecordingChildOf(Span child, SpanContext parent) {
		SpanContext context = child.getSpanContext();
		assertThat(child.isRecording()).isFalse();
		assertThat(child).isNotInstanceOf(SpanData.class);
		assertThat(context.isValid()).isTrue();
		assertThat(context.isSampled()).isFalse();
		assertThat(context.isRemote()).isFalse();
		assertThat(context.getTraceId()).isEqualTo(parent.getTraceId());
		assertThat(context.getSpanIdLong()).isNotZero().isNotEqualTo(parent.getSpanIdLong());
	}

	private static Sampler fixed(SamplingResult result) {
		return new Sampler() {

			@Override
			public SamplingResult shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name,
					SpanKind kind, Attributes attributes) {
				return result;
			}

			@Override
			public String getDescription() {
				return "Fixed";
			}

		};
	}

	/**
	 * Records each call, copying the attributes as they were at that moment.
	 */
	private static final class CapturingSampler implements Sampler {

		record Call(SpanContext parent, long traceIdHigh, long traceIdLow, String name, SpanKind kind,
				Map<String, Object> attributes) {
		}

		private final List<Call> calls = new ArrayList<>();

		private final SamplingResult result;

		CapturingSampler(SamplingResult result) {
			this.result = result;
		}

		@Override
		public SamplingResult shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name,
				SpanKind kind, Attributes attributes) {
			this.calls.add(new Call(parent, traceIdHigh, traceIdLow, name, kind, attributes.asMap()));
			return this.result;
		}

		@Override
		public String getDescription() {
			return "Capturing";
		}

	}

	@Test
	void samplingAttributesAreSeenByTheSamplerButNotRecorded() {
		CapturingSampler sampler = new CapturingSampler(SamplingResult.recordAndSample());
		Span span = tracer(sampler).spanBuilder("s")
			.setAttribute("shared", "recorded")
			.setAttribute("only.recorded", 1L)
			.setSamplingAttributes(Attributes.builder().put("shared", "sampling").put("only.sampling", true).build())
			.startSpan();
		assertThat(sampler.calls.get(0).attributes()).containsExactlyInAnyOrderEntriesOf(
				Map.of("shared", "recorded", "only.recorded", 1L, "only.sampling", true));
		assertThat(((SpanData) span).getAttributes().asMap())
			.containsExactlyEntriesOf(orderedMap("shared", "recorded", "only.recorded", 1L));
	}

	@Test
	void samplingAttributesAreNotReadUnlessTheSamplerLooks() {
		List<String> reads = new ArrayList<>();
		Attributes watched = new Attributes() {

			@Override
			public int size() {
				reads.add("size");
				return 1;
			}

			@Override
			public String key(int index) {
				reads.add("key");
				return "k";
			}

			@Override
			public Object value(int index) {
				reads.add("value");
				return "v";
			}

		};
		Span recorded = tracer(Sampler.alwaysOn()).spanBuilder("s").setSamplingAttributes(watched).startSpan();
		Span dropped = tracer(Sampler.alwaysOff()).spanBuilder("s").setSamplingAttributes(watched).startSpan();
		assertThat(reads).isEmpty();
		assertThat(((SpanData) recorded).getAttributes().isEmpty()).isTrue();
		assertThat(dropped.isRecording()).isFalse();
		CapturingSampler looking = new CapturingSampler(SamplingResult.drop());
		tracer(looking).spanBuilder("s").setSamplingAttributes(watched).startSpan();
		assertThat(looking.calls.get(0).attributes()).containsExactlyEntriesOf(Map.of("k", "v"));
	}

	@Test
	void resetMakesTheBuilderAsNewForTheNextSpan() {
		CapturingSampler sampler = new CapturingSampler(SamplingResult.recordAndSample());
		Tracer tracer = tracer(sampler);
		Span parent = tracer.spanBuilder("parent").startSpan();
		SpanBuilder builder = tracer.spanBuilder("first")
			.setParent(parent.storeInContext(Context.root()))
			.setSpanKind(SpanKind.SERVER)
			.setAttribute("a", "1")
			.setSamplingAttributes(Attributes.of("b", "2"))
			.setStartTimestamp(42);
		Span first = builder.startSpan();
		this.clock.now += 1000;
		Span second = builder.reset("second").startSpan();
		SpanData data = (SpanData) second;
		assertThat(data.getName()).isEqualTo("second");
		assertThat(data.getKind()).isEqualTo(SpanKind.INTERNAL);
		assertThat(data.getParentSpanContext().isValid()).isFalse();
		assertThat(data.getAttributes().isEmpty()).isTrue();
		assertThat(data.getStartEpochNanos()).isEqualTo(START + 1000);
		assertThat(sampler.calls.get(2).attributes()).isEmpty();
		assertThat(((SpanData) first).getAttributes().asMap()).containsExactlyEntriesOf(Map.of("a", "1"));
	}

	@Test
	void aSecondStartDoesNotShareTheAttributesOfTheFirstSpan() {
		SpanBuilder builder = tracer(Sampler.alwaysOn()).spanBuilder("s").setAttribute("a", "1");
		Span first = builder.startSpan();
		Span second = builder.startSpan();
		second.setAttribute("b", "2");
		assertThat(((SpanData) first).getAttributes().asMap()).containsExactlyEntriesOf(Map.of("a", "1"));
	}

	@Test
	void samplerThatThrowsOnEverySpanIsCountedAndLoggedAtWarningOnce() {
		Sampler throwing = throwingSampler();
		TracerProvider provider = TracerProvider.builder().setSampler(throwing).build();
		try (LogCapture log = new LogCapture(TracerSharedState.class)) {
			for (int i = 0; i < 5; i++) {
				assertThat(provider.get("test", null).spanBuilder("s").startSpan().isRecording()).isFalse();
			}
			assertThat(provider.getSamplerFailures()).isEqualTo(5);
			assertThat(log.messages(Level.WARNING)).singleElement().asString().contains("Sampler Throwing threw");
		}
	}

	@Test
	void linksAreRecordedWithCopiedAttributesUpToTheLimits() {
		SpanLimits limits = SpanLimits.getDefault()
			.withMaxLinks(2)
			.withMaxAttributesPerLink(1)
			.withMaxAttributeValueLength(3);
		Tracer tracer = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.setClock(this.clock)
			.setSpanLimits(limits)
			.addSpanProcessor(this.processor)
			.build()
			.get("test", null);
		SpanContext first = tracer.spanBuilder("first").startSpan().getSpanContext();
		SpanContext second = tracer.spanBuilder("second").startSpan().getSpanContext();
		AttributesBuilder reused = Attributes.builder().put("kind", "follows").put("extra", "x");
		SpanBuilder builder = tracer.spanBuilder("linked")
			.addLink(first, reused)
			.addLink(SpanContext.getInvalid())
			.addLink(second)
			.addLink(first);
		Span span = builder.startSpan();
		reused.clear().put("kind", "changed");
		span.end();
		SpanData data = (SpanData) span;
		assertThat(data.getLinks()).extracting(LinkData::spanContext).containsExactly(first, second);
		assertThat(data.getLinks().get(0).attributes().asMap()).containsExactlyEntriesOf(Map.of("kind", "fol"));
		assertThat(data.getLinks()).extracting(LinkData::droppedAttributesCount).containsExactly(1, 0);
		assertThat(data.getDroppedLinksCount()).isEqualTo(1);
		SpanData again = (SpanData) builder.startSpan();
		assertThat(again.getLinks()).isEmpty();
		assertThat(again.getDroppedLinksCount()).isZero();
	}

	private static Sampler throwingSampler() {
		return new Sampler() {

			@Override
			public SamplingResult shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name,
					SpanKind kind, Attributes attributes) {
				throw new IllegalStateException("broken sampler");
			}

			@Override
			public String getDescription() {
				return "Throwing";
			}

		};
	}

}

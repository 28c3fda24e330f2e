package dev.telemetry.autoconfigure.observation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.telemetry.testing.SpanCollector;
import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.context.Scope;
import dev.telemetry.sdk.propagation.TextMapPropagator;
import dev.telemetry.sdk.propagation.W3CBaggagePropagator;
import dev.telemetry.sdk.propagation.W3CTraceContextPropagator;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.export.SpanProcessor;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.span.EventData;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.StatusCode;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.NullObservation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link TracingObservationHandler} registered in a real
 * {@link ObservationRegistry}, with spans collected in memory.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TracingObservationHandlerTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

	private static final TextMapPropagator PROPAGATOR = TextMapPropagator
		.composite(List.of(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));

	private final SpanCollector processor = new SpanCollector();

	private TracerProvider tracerProvider;

	private TracingObservationHandler handler;

	private ObservationRegistry registry;

	@BeforeEach
	void setUp() {
		this.tracerProvider = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(this.processor)
			.build();
		this.handler = new TracingObservationHandler(this.tracerProvider.get("test", null), PROPAGATOR, List.of());
		this.registry = registryWith(this.handler);
	}

	@AfterEach
	void tearDown() {
		this.tracerProvider.shutdown().join(5, TimeUnit.SECONDS);
		assertThat(Context.current()).as("no context leaked onto the test thread").isSameAs(Context.root());
	}

	@Test
	void spanIsNamedAfterTheContextualName() {
		Observation.createNotStarted("http.server.requests", this.registry)
			.contextualName("GET /orders")
			.start()
			.stop();
		assertThat(this.processor.single().getName()).isEqualTo("GET /orders");
	}

	@Test
	void spanIsNamedAfterTheObservationNameWithoutAContextualName() {
		Observation.createNotStarted("order.lookup", this.registry).start().stop();
		SpanData span = this.processor.single();
		assertThat(span.getName()).isEqualTo("order.lookup");
		assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
		assertThat(span.getParentSpanContext().isValid()).isFalse();
		assertThat(span.hasEnded()).isTrue();
	}

	@Test
	void contextualNameSetWhileRunningRenamesTheSpan() {
		Observation observation = Observation.createNotStarted("order.lookup", this.registry).start();
		observation.contextualName("lookup 42");
		observation.stop();
		assertThat(this.processor.single().getName()).isEqualTo("lookup 42");
	}

	@Test
	void lowAndHighCardinalityKeyValuesBecomeAttributes() {
		Observation.createNotStarted("order.lookup", this.registry)
			.lowCardinalityKeyValue("order.type", "express")
			.highCardinalityKeyValue("order.id", "42")
			.start()
			.stop();
		Map<String, Object> attributes = this.processor.single().getAttributes().asMap();
		assertThat(attributes).containsEntry("order.type", "express").containsEntry("order.id", "42");
	}

	@Test
	void keyValuesAddedWhileRunningBecomeAttributes() {
		Observation observation = Observation.createNotStarted("order.lookup", this.registry).start();
		observation.lowCardinalityKeyValue("outcome", "found");
		observation.highCardinalityKeyValue("order.id", "7");
		observation.stop();
		assertThat(this.processor.single().getAttributes().asMap()).containsEntry("outcome", "found")
			.containsEntry("order.id", "7");
	}

	@Test
	void nestedObservationIsAChildOfItsParent() {
		Observation parent = Observation.createNotStarted("parent", this.registry).start();
		Observation child = Observation.createNotStarted("child", this.registry).parentObservation(parent).start();
		child.stop();
		parent.stop();
		SpanData childSpan = this.processor.named("child");
		SpanData parentSpan = this.processor.named("parent");
		assertChildOf(childSpan, parentSpan);
		assertThat(parentSpan.getParentSpanContext().isValid()).isFalse();
	}

	@Test
	void observationStartedInsideAnotherObservationsScopeIsItsChild() {
		Observation parent = Observation.createNotStarted("parent", this.registry).start();
		try (Observation.Scope scope = parent.openScope()) {
			Observation.createNotStarted("child", this.registry).start().stop();
		}
		parent.stop();
		assertChildOf(this.processor.named("child"), this.processor.named("parent"));
	}

	@Test
	void observationStartedInsideObserveIsAChild() {
		Observation.createNotStarted("parent", this.registry)
			.observe(() -> Observation.createNotStarted("child", this.registry).observe(() -> {
			}));
		assertChildOf(this.processor.named("child"), this.processor.named("parent"));
	}

	@Test
	void observationStartedWhileASpanIsCurrentIsItsChild() {
		Span outer = this.tracerProvider.get("manual", null).spanBuilder("outer").startSpan();
		try (Scope scope = outer.storeInContext(Context.root()).makeCurrent()) {
			Observation.createNotStarted("inner", this.registry).start().stop();
		}
		outer.end();
		assertChildOf(this.processor.named("inner"), this.processor.named("outer"));
	}

	@Test
	void currentContextHoldsTheSpanInsideTheScopeAndIsRestoredAfterwards() {
		Context before = Context.current();
		AtomicReference<SpanContext> inside = new AtomicReference<>();
		Observation observation = Observation.createNotStarted("work", this.registry).start();
		try (Observation.Scope scope = observation.openScope()) {
			inside.set(Span.fromContext(Context.current()).getSpanContext());
		}
		assertThat(Context.current()).isSameAs(before);
		observation.stop();
		assertThat(inside.get()).isEqualTo(this.processor.single().getSpanContext());
	}

	@Test
	void currentContextHoldsTheSpanInsideObserve() {
		AtomicReference<SpanContext> inside = new AtomicReference<>();
		Observation.createNotStarted("work", this.registry)
			.observe(() -> inside.set(Span.fromContext(Context.current()).getSpanContext()));
		assertThat(inside.get()).isEqualTo(this.processor.single().getSpanContext());
		assertThat(Span.fromContext(Context.current()).getSpanContext().isValid()).isFalse();
	}

	@Test
	void closingAnOuterScopeAlsoClosesALeakedInnerScope() {
		Observation outer = Observation.createNotStarted("outer", this.registry).start();
		Observation inner = Observation.createNotStarted("inner", this.registry).parentObservation(outer).start();
		this.handler.onScopeOpened(outer.getContext());
		this.handler.onScopeOpened(inner.getContext());
		// The inner scope is never closed: closing the outer one restores the original.
		this.handler.onScopeClosed(outer.getContext());
		assertThat(Context.current()).isSameAs(Context.root());
		inner.stop();
		outer.stop();
	}

	@Test
	void scopeResetClearsEveryScopeOfTheThread() {
		Observation observation = Observation.createNotStarted("work", this.registry).start();
		this.handler.onScopeOpened(observation.getContext());
		this.handler.onScopeOpened(observation.getContext());
		this.handler.onScopeReset(observation.getContext());
		assertThat(Context.current()).isSameAs(Context.root());
		observation.stop();
	}

	@Test
	void errorMarksTheSpanFailedWithAnExceptionEventAndErrorType() {
		Observation observation = Observation.createNotStarted("work", this.registry).start();
		observation.error(new IllegalStateException("boom"));
		observation.stop();
		SpanData span = this.processor.single();
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getStatus().description()).isEqualTo("boom");
		assertThat(span.getAttributes().get("error.type")).isEqualTo(IllegalStateException.class.getName());
		assertThat(span.getEvents()).extracting(EventData::name).containsExactly("exception");
		Map<String, Object> exception = span.getEvents().get(0).attributes().asMap();
		assertThat(exception).containsEntry("exception.type", IllegalStateException.class.getName())
			.containsEntry("exception.message", "boom")
			.containsKey("exception.stacktrace");
	}

	@Test
	void exceptionThrownFromObserveMarksTheSpanFailed() {
		assertThatIllegalStateException()
			.isThrownBy(() -> Observation.createNotStarted("work", this.registry).observe(() -> {
				throw new IllegalStateException("broken");
			}));
		SpanData span = this.processor.single();
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().get("error.type")).isEqualTo(IllegalStateException.class.getName());
	}

	@Test
	void errorWithoutMessageHasAnEmptyStatusDescription() {
		Observation observation = Observation.createNotStarted("work", this.registry).start();
		observation.error(new UnsupportedOperationException());
		observation.stop();
		SpanData span = this.processor.single();
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getStatus().description()).isEmpty();
	}

	@Test
	void observationEventBecomesASpanEvent() {
		Observation observation = Observation.createNotStarted("work", this.registry).start();
		observation.event(Observation.Event.of("cache.miss"));
		observation.event(Observation.Event.of("retry", "retrying after timeout"));
		observation.stop();
		assertThat(this.processor.single().getEvents()).extracting(EventData::name)
			.containsExactly("cache.miss", "retrying after timeout");
	}

	@Test
	void receiverContextContinuesTheTraceOfItsCarrierAsAServerSpan() {
		ReceiverContext<Map<String, String>> context = new ReceiverContext<>((map, key) -> map.get(key), Kind.SERVER);
		context.setCarrier(Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01"));
		Observation.createNotStarted("http.server.requests", () -> context, this.registry).start().stop();
		SpanData span = this.processor.single();
		assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
		assertThat(span.getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
		assertThat(span.getSpanContext().isSampled()).isTrue();
		assertThat(span.getParentSpanContext().getTraceId()).isEqualTo(TRACE_ID);
		assertThat(span.getParentSpanContext().getSpanId()).isEqualTo(PARENT_SPAN_ID);
		assertThat(span.getParentSpanContext().isRemote()).isTrue();
	}

	@Test
	void receiverContextWithoutTraceparentStartsANewTraceEvenInsideAnotherSpan() {
		ReceiverContext<Map<String, String>> context = new ReceiverContext<>((map, key) -> map.get(key), Kind.SERVER);
		context.setCarrier(Map.of());
		Span outer = this.tracerProvider.get("manual", null).spanBuilder("outer").startSpan();
		try (Scope scope = outer.storeInContext(Context.root()).makeCurrent()) {
			Observation.createNotStarted("http.server.requests", () -> context, this.registry).start().stop();
		}
		outer.end();
		SpanData server = this.processor.named("http.server.requests");
		assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
		assertThat(server.getParentSpanContext().isValid()).isFalse();
		assertThat(server.getSpanContext().getTraceId())
			.isNotEqualTo(this.processor.named("outer").getSpanContext().getTraceId());
	}

	@Test
	void receiverContextWithAMalformedTraceparentStartsANewTrace() {
		ReceiverContext<Map<String, String>> context = new ReceiverContext<>((map, key) -> map.get(key), Kind.CONSUMER);
		context.setCarrier(Map.of("traceparent", "00-not-a-trace-01"));
		Observation.createNotStarted("message.receive", () -> context, this.registry).start().stop();
		SpanData span = this.processor.single();
		assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
		assertThat(span.getParentSpanContext().isValid()).isFalse();
		assertThat(span.getSpanContext().isValid()).isTrue();
	}

	@Test
	void senderContextGetsTheClientSpansTraceparentInjected() {
		Map<String, String> carrier = new HashMap<>();
		SenderContext<Map<String, String>> context = new SenderContext<>((map, key, value) -> map.put(key, value),
				Kind.CLIENT);
		context.setCarrier(carrier);
		Observation observation = Observation.createNotStarted("http.client.requests", () -> context, this.registry)
			.start();
		String traceparent = carrier.get("traceparent");
		observation.stop();
		SpanData span = this.processor.single();
		assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
		assertThat(traceparent).isNotNull()
			.startsWith("00-" + span.getSpanContext().getTraceId() + "-" + span.getSpanContext().getSpanId() + "-");
		int flags = Integer.parseInt(traceparent.substring(53), 16);
		assertThat(flags & 0x01).as("sampled flag").isEqualTo(1);
	}

	@Test
	void aSpanWhoseCarrierRefusesTheHeadersIsStillEndedAtStop() {
		SenderContext<Map<String, String>> context = new SenderContext<>((map, key, value) -> {
			throw new UnsupportedOperationException("read-only headers");
		}, Kind.CLIENT);
		context.setCarrier(Map.of());
		Observation observation = Observation.createNotStarted("http.client.requests", () -> context, this.registry);
		assertThatCode(observation::start).doesNotThrowAnyException();
		observation.stop();
		SpanData span = this.processor.single();
		assertThat(span.getName()).isEqualTo("http.client.requests");
		assertThat(span.hasEnded()).isTrue();
	}

	@Test
	void aNullObservationScopeHidesTheEnclosingTraceUntilItCloses() {
		Observation outer = Observation.createNotStarted("outer", this.registry).start();
		try (Observation.Scope outerScope = outer.openScope()) {
			assertThat(currentSpanIsValid()).isTrue();
			// What context propagation opens where the captured context had no
			// observation: the current observation's registry notifies its handlers.
			Observation empty = new NullObservation(this.registry).start();
			try (Observation.Scope emptyScope = empty.openScope()) {
				assertThat(Context.current()).isSameAs(Context.root());
				Observation.createNotStarted("inside", this.registry).start().stop();
			}
			assertThat(Span.fromContext(Context.current()).getSpanContext()).as("restored when it closes")
				.isEqualTo(spanContextOf(outer));
		}
		outer.stop();
		SpanData inside = this.processor.named("inside");
		assertThat(inside.getParentSpanContext().isValid()).as("a new trace, not a child of outer").isFalse();
		assertThat(inside.getSpanContext().getTraceId())
			.isNotEqualTo(this.processor.named("outer").getSpanContext().getTraceId());
	}

	@Test
	void aSnapshotWithoutAnObservationRestoredInsideATraceHidesTheTrace() {
		ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().clearMissing(true).build();
		ContextSnapshot untraced = snapshots.captureAll();
		Observation outer = Observation.createNotStarted("outer", this.registry).start();
		AtomicReference<Context> seen = new AtomicReference<>();
		try (Observation.Scope outerScope = outer.openScope()) {
			untraced.wrap(() -> seen.set(Context.current())).run();
			assertThat(Span.fromContext(Context.current()).getSpanContext()).isEqualTo(spanContextOf(outer));
		}
		outer.stop();
		assertThat(seen.get()).isSameAs(Context.root());
	}

	@Test
	void senderContextInsideAParentObservationInjectsTheChildSpanOfTheSameTrace() {
		Map<String, String> carrier = new HashMap<>();
		SenderContext<Map<String, String>> context = new SenderContext<>((map, key, value) -> map.put(key, value),
				Kind.PRODUCER);
		context.setCarrier(carrier);
		Observation.createNotStarted("parent", this.registry)
			.observe(() -> Observation.createNotStarted("send", () -> context, this.registry).start().stop());
		SpanData send = this.processor.named("send");
		assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
		assertChildOf(send, this.processor.named("parent"));
		assertThat(carrier.get("traceparent")).contains(send.getSpanContext().getSpanId());
	}

	@Test
	void baggageReceivedWithATraceIsPassedOnByNestedSenders() {
		ReceiverContext<Map<String, String>> server = new ReceiverContext<>((map, key) -> map.get(key), Kind.SERVER);
		server.setCarrier(
				Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01", "baggage", "tenant=acme"));
		Map<String, String> outgoing = new HashMap<>();
		SenderContext<Map<String, String>> client = new SenderContext<>((map, key, value) -> map.put(key, value),
				Kind.CLIENT);
		client.setCarrier(outgoing);
		Observation.createNotStarted("server", () -> server, this.registry)
			.observe(() -> Observation.createNotStarted("client", () -> client, this.registry).start().stop());
		assertThat(outgoing.get("traceparent")).startsWith("00-" + TRACE_ID + "-");
		assertThat(outgoing.get("baggage")).isEqualTo("tenant=acme");
	}

	@Test
	void unsampledObservationsRecordNothingAndDoNotThrow() {
		SpanCollector unsampled = new SpanCollector();
		TracerProvider provider = TracerProvider.builder()
			.setSampler(Sampler.alwaysOff())
			.addSpanProcessor(unsampled)
			.build();
		try {
			ObservationRegistry registry = registryWith(
					new TracingObservationHandler(provider.get("test", null), PROPAGATOR, List.of()));
			Map<String, String> carrier = new HashMap<>();
			SenderContext<Map<String, String>> sender = new SenderContext<>((map, key, value) -> map.put(key, value),
					Kind.CLIENT);
			sender.setCarrier(carrier);
			assertThatCode(() -> {
				Observation parent = Observation.createNotStarted("parent", registry)
					.lowCardinalityKeyValue("a", "b")
					.start();
				try (Observation.Scope scope = parent.openScope()) {
					parent.event(Observation.Event.of("event"));
					Observation.createNotStarted("client", () -> sender, registry).start().stop();
				}
				parent.error(new IllegalStateException("boom"));
				parent.stop();
			}).doesNotThrowAnyException();
			assertThat(unsampled.spans()).isEmpty();
			// The context still propagates, marked as not sampled.
			String traceparent = carrier.get("traceparent");
			assertThat(traceparent).isNotNull();
			assertThat(Integer.parseInt(traceparent.substring(53), 16) & 0x01).isZero();
		}
		finally {
			provider.shutdown().join(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void stopWithoutStartDoesNotThrow() {
		assertThatCode(() -> this.handler.onStop(new Observation.Context())).doesNotThrowAnyException();
		assertThatCode(() -> Observation.createNotStarted("never.started", this.registry).stop())
			.doesNotThrowAnyException();
		assertThat(this.processor.spans()).isEmpty();
	}

	@Test
	void scopeEventsWithoutStartDoNotThrowOrChangeTheCurrentContext() {
		Observation.Context context = new Observation.Context();
		assertThatCode(() -> {
			this.handler.onScopeOpened(context);
			this.handler.onScopeClosed(context);
			this.handler.onScopeReset(context);
			this.handler.onEvent(Observation.Event.of("event"), context);
			this.handler.onError(context);
		}).doesNotThrowAnyException();
		assertThat(Context.current()).isSameAs(Context.root());
		assertThat(this.processor.spans()).isEmpty();
	}

	@Test
	void scopesOfOneObservationOnTwoThreadsDoNotCorruptEachOther() throws Exception {
		Observation observation = Observation.createNotStarted("shared", this.registry).start();
		CountDownLatch bothOpen = new CountDownLatch(2);
		CountDownLatch firstClosed = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			Future<List<Boolean>> first = executor.submit(() -> {
				Observation.Scope scope = observation.openScope();
				boolean openHasSpan = currentSpanIsValid();
				bothOpen.countDown();
				await(bothOpen);
				scope.close();
				boolean closedIsRoot = Context.current() == Context.root();
				firstClosed.countDown();
				return List.of(openHasSpan, closedIsRoot);
			});
			Future<List<Boolean>> second = executor.submit(() -> {
				Observation.Scope scope = observation.openScope();
				bothOpen.countDown();
				await(firstClosed);
				// The other thread closed its scope; this one's must be untouched.
				boolean stillHasSpan = currentSpanIsValid();
				scope.close();
				boolean closedIsRoot = Context.current() == Context.root();
				return List.of(stillHasSpan, closedIsRoot);
			});
			assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(true, true);
			assertThat(second.get(10, TimeUnit.SECONDS)).containsExactly(true, true);
		}
		finally {
			executor.shutdownNow();
			assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		observation.stop();
		assertThat(this.processor.single().getName()).isEqualTo("shared");
	}

	private static SpanContext spanContextOf(Observation observation) {
		TracingState state = observation.getContext().getRequired(TracingState.class);
		return state.span.getSpanContext();
	}

	private static boolean currentSpanIsValid() {
		return Span.fromContext(Context.current()).getSpanContext().isValid();
	}

	private static void await(CountDownLatch latch) throws InterruptedException {
		if (!latch.await(10, TimeUnit.SECONDS)) {
			throw new AssertionError("Timed out waiting for the other thread");
		}
	}

	private static void assertChildOf(SpanData child, SpanData parent) {
		assertThat(child.getSpanContext().getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
		assertThat(child.getParentSpanContext().getSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
		assertThat(child.getParentSpanContext().isRemote()).isFalse();
	}

	private static ObservationRegistry registryWith(TracingObservationHandler handler) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(handler);
		return registry;
	}

}

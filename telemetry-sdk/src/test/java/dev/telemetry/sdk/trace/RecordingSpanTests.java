package dev.telemetry.sdk.trace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.TracerProviderTests.RecordingProcessor;
import dev.telemetry.sdk.trace.TracerProviderTests.TestClock;
import dev.telemetry.sdk.trace.export.SpanProcessor;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.span.EventData;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.StatusCode;
import dev.telemetry.sdk.trace.span.StatusData;
import dev.telemetry.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link RecordingSpan}: the span API while it runs and the frozen data once it
 * has ended.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecordingSpanTests {

	private static final long START = 1_700_000_000_000_000_000L;

	private final RecordingProcessor processor = new RecordingProcessor();

	private final TestClock clock = new TestClock(START);

	private TracerProvider provider;

	private Tracer tracer(SpanLimits limits) {
		this.provider = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.setClock(this.clock)
			.setSpanLimits(limits)
			.addSpanProcessor(this.processor)
			.build();
		return this.provider.get("test", null);
	}

	private Span start(String name) {
		return tracer(SpanLimits.getDefault()).spanBuilder(name).startSpan();
	}

	private SpanData endAndGet(Span span) {
		span.end();
		assertThat(this.processor.ended).hasSize(1);
		return this.processor.ended.get(0);
	}

	@Test
	void recordsAttributesOfEachTypeInOrder() {
		Span span = start("s");
		span.setAttribute("string", "value").setAttribute("long", 42L).setAttribute("double", 1.5);
		span.setAttribute("boolean", true);
		SpanData data = endAndGet(span);
		assertThat(data.getAttributes().size()).isEqualTo(4);
		assertThat(data.getAttributes().key(0)).isEqualTo("string");
		assertThat(data.getAttributes().value(0)).isEqualTo("value");
		assertThat(data.getAttributes().key(1)).isEqualTo("long");
		assertThat(data.getAttributes().value(1)).isEqualTo(42L);
		assertThat(data.getAttributes().key(2)).isEqualTo("double");
		assertThat(data.getAttributes().value(2)).isEqualTo(1.5);
		assertThat(data.getAttributes().key(3)).isEqualTo("boolean");
		assertThat(data.getAttributes().value(3)).isEqualTo(true);
		assertThat(data.getDroppedAttributesCount()).isZero();
	}

	@Test
	void settingAKeyAgainOverwritesItInPlace() {
		Span span = start("s");
		span.setAttribute("a", "first").setAttribute("b", 1L).setAttribute("a", 2L);
		SpanData data = endAndGet(span);
		assertThat(data.getAttributes().size()).isEqualTo(2);
		assertThat(data.getAttributes().key(0)).isEqualTo("a");
		assertThat(data.getAttributes().value(0)).isEqualTo(2L);
		assertThat(data.getAttributes().get("b")).isEqualTo(1L);
	}

	@Test
	void nullKeysAndNullStringValuesAreIgnored() {
		Span span = start("s");
		span.setAttribute(null, "v").setAttribute(null, 1L).setAttribute(null, 1.0).setAttribute(null, true);
		span.setAttribute("key", (String) null);
		span.setAttribute("", "empty key");
		SpanData data = endAndGet(span);
		assertThat(data.getAttributes().isEmpty()).isTrue();
		assertThat(data.getDroppedAttributesCount()).isZero();
	}

	@Test
	void attributesBeyondTheLimitAreDroppedAndCounted() {
		Span span = tracer(new SpanLimits(3, 128)).spanBuilder("s").startSpan();
		for (int i = 0; i < 10; i++) {
			span.setAttribute("key" + i, i);
		}
		span.setAttribute("key1", "overwritten at the limit");
		SpanData data = endAndGet(span);
		assertThat(data.getAttributes().asMap()).containsOnlyKeys("key0", "key1", "key2");
		assertThat(data.getAttributes().get("key1")).isEqualTo("overwritten at the limit");
		assertThat(data.getDroppedAttributesCount()).isEqualTo(7);
	}

	@Test
	void zeroAttributeLimitDropsEverything() {
		Span span = tracer(new SpanLimits(0, 0)).spanBuilder("s").setAttribute("from.builder", 1L).startSpan();
		span.setAttribute("a", 1L).setAttribute("b", 2L);
		span.addEvent("event", Attributes.empty());
		SpanData data = endAndGet(span);
		assertThat(data.getAttributes().isEmpty()).isTrue();
		assertThat(data.getDroppedAttributesCount()).isEqualTo(3);
		assertThat(data.getEvents()).isEmpty();
		assertThat(data.getDroppedEventsCount()).isEqualTo(1);
	}

	@Test
	void eventsAreRecordedWithTheClockTimeInOrder() {
		Span span = start("s");
		this.clock.set(START + 10);
		span.addEvent("first", Attributes.of("k", "v"));
		this.clock.set(START + 20);
		span.addEvent("second", null);
		SpanData data = endAndGet(span);
		assertThat(data.getEvents()).extracting(EventData::name, EventData::epochNanos)
			.containsExactly(tuple("first", START + 10), tuple("second", START + 20));
		assertThat(data.getEvents().get(0).attributes().asMap()).containsExactlyEntriesOf(Map.of("k", "v"));
		assertThat(data.getEvents().get(1).attributes().isEmpty()).isTrue();
	}

	@Test
	void eventsWithoutNameAreIgnored() {
		Span span = start("s");
		span.addEvent(null, Attributes.empty());
		assertThat(endAndGet(span).getEvents()).isEmpty();
	}

	@Test
	void eventsBeyondTheLimitAreDroppedAndCounted() {
		Span span = tracer(new SpanLimits(128, 2)).spanBuilder("s").startSpan();
		for (int i = 0; i < 5; i++) {
			span.addEvent("event" + i, Attributes.empty());
		}
		span.recordException(new IllegalStateException("also an event"));
		SpanData data = endAndGet(span);
		assertThat(data.getEvents()).extracting(EventData::name).containsExactly("event0", "event1");
		assertThat(data.getDroppedEventsCount()).isEqualTo(4);
	}

	@Test
	void recordExceptionAddsAnExceptionEvent() {
		Span span = start("s");
		IllegalStateException exception = new IllegalStateException("boom");
		this.clock.set(START + 5);
		span.recordException(exception);
		SpanData data = endAndGet(span);
		assertThat(data.getEvents()).singleElement().satisfies((event) -> {
			assertThat(event.name()).isEqualTo("exception");
			assertThat(event.epochNanos()).isEqualTo(START + 5);
			assertThat(event.attributes().get("exception.type")).isEqualTo("java.lang.IllegalStateException");
			assertThat(event.attributes().get("exception.message")).isEqualTo("boom");
			assertThat((String) event.attributes().get("exception.stacktrace"))
				.startsWith("java.lang.IllegalStateException: boom")
				.contains("at " + RecordingSpanTests.class.getName() + ".recordExceptionAddsAnExceptionEvent");
		});
		assertThat(data.getStatus()).isEqualTo(StatusData.unset());
	}

	@Test
	void recordExceptionWithoutMessageOmitsTheMessage() {
		Span span = start("s");
		span.recordException(new NullPointerException());
		span.recordException(null);
		SpanData data = endAndGet(span);
		assertThat(data.getEvents()).singleElement().satisfies((event) -> {
			assertThat(event.attributes().get("exception.type")).isEqualTo("java.lang.NullPointerException");
			assertThat(event.attributes().get("exception.message")).isNull();
			assertThat(event.attributes().get("exception.stacktrace")).isNotNull();
		});
	}

	@Test
	void recordExceptionIncludesTheCauseInTheStackTrace() {
		Span span = start("s");
		span.recordException(new RuntimeException("outer", new IOException("inner")));
		EventData event = endAndGet(span).getEvents().get(0);
		assertThat((String) event.attributes().get("exception.stacktrace"))
			.contains("Caused by: java.io.IOException: inner");
	}

	@Test
	void statusIsUnsetByDefault() {
		assertThat(endAndGet(start("s")).getStatus()).isEqualTo(StatusData.unset());
	}

	@Test
	void errorStatusKeepsItsDescription() {
		Span span = start("s");
		span.setStatus(StatusCode.ERROR, "first failure");
		span.setStatus(StatusCode.ERROR, "second failure");
		assertThat(endAndGet(span).getStatus()).isEqualTo(new StatusData(StatusCode.ERROR, "second failure"));
	}

	@Test
	void okStatusIsFinalAndHasNoDescription() {
		Span span = start("s");
		span.setStatus(StatusCode.ERROR, "failure");
		span.setStatus(StatusCode.OK, "ignored description");
		span.setStatus(StatusCode.ERROR, "too late");
		span.setStatus(StatusCode.UNSET, "");
		assertThat(endAndGet(span).getStatus()).isEqualTo(new StatusData(StatusCode.OK, ""));
	}

	@Test
	void unsetStatusNeverReplacesAnotherStatus() {
		Span span = start("s");
		span.setStatus(StatusCode.ERROR, "failure");
		span.setStatus(StatusCode.UNSET, "");
		span.setStatus(null, "ignored");
		assertThat(endAndGet(span).getStatus()).isEqualTo(new StatusData(StatusCode.ERROR, "failure"));
	}

	@Test
	void nameCanBeUpdatedWhileRunning() {
		Span span = start("GET");
		span.updateName("GET /orders/{id}");
		span.updateName(null);
		assertThat(endAndGet(span).getName()).isEqualTo("GET /orders/{id}");
	}

	@Test
	void isRecordingUntilEnded() {
		Span span = start("s");
		SpanData data = (SpanData) span;
		assertThat(span.isRecording()).isTrue();
		assertThat(data.hasEnded()).isFalse();
		assertThat(data.getEndEpochNanos()).isZero();
		this.clock.set(START + 1_000);
		span.end();
		assertThat(span.isRecording()).isFalse();
		assertThat(data.hasEnded()).isTrue();
		assertThat(data.getStartEpochNanos()).isEqualTo(START);
		assertThat(data.getEndEpochNanos()).isEqualTo(START + 1_000);
	}

	@Test
	void endWithExplicitTimestampUsesIt() {
		Span span = start("s");
		span.end(START + 123);
		assertThat(this.processor.ended.get(0).getEndEpochNanos()).isEqualTo(START + 123);
	}

	@Test
	void endTimeIsNeverBeforeTheStartTime() {
		Span backwardsClock = start("clock went back");
		this.clock.now = START - 1_000;
		backwardsClock.end();
		Span explicit = start("explicit end before start");
		explicit.end(1L);
		assertThat(this.processor.ended).extracting(SpanData::getEndEpochNanos).containsExactly(START, START - 1_000);
		assertThat(this.processor.ended).allSatisfy(
				(data) -> assertThat(data.getEndEpochNanos()).isGreaterThanOrEqualTo(data.getStartEpochNanos()));
	}

	@Test
	void endIsIdempotentAndTheProcessorSeesTheSpanOnce() {
		Span span = start("s");
		this.clock.set(START + 10);
		span.end();
		this.clock.set(START + 20);
		span.end();
		span.end(START + 30);
		assertThat(this.processor.ended).hasSize(1);
		assertThat(this.processor.ended.get(0)).isSameAs(span);
		assertThat(this.processor.ended.get(0).getEndEpochNanos()).isEqualTo(START + 10);
	}

	@Test
	void writesAfterEndAreIgnoredWithoutException() {
		Span span = start("original");
		span.setAttribute("before", "end");
		span.addEvent("before", Attributes.empty());
		span.setStatus(StatusCode.ERROR, "before end");
		SpanData data = endAndGet(span);
		assertThatNoException().isThrownBy(() -> {
			span.setAttribute("after", "end").setAttribute("n", 1L).setAttribute("d", 1.0).setAttribute("b", true);
			span.addEvent("after", Attributes.empty());
			span.recordException(new IllegalStateException("after end"));
			span.setStatus(StatusCode.OK, "");
			span.updateName("renamed");
		});
		assertThat(data.getName()).isEqualTo("original");
		assertThat(data.getAttributes().asMap()).containsOnlyKeys("before");
		assertThat(data.getEvents()).extracting(EventData::name).containsExactly("before");
		assertThat(data.getDroppedEventsCount()).isZero();
		assertThat(data.getDroppedAttributesCount()).isZero();
		assertThat(data.getStatus()).isEqualTo(new StatusData(StatusCode.ERROR, "before end"));
		assertThat(this.processor.ended).hasSize(1);
	}

	@Test
	void dataReadWhileRunningIsASnapshot() {
		Span span = start("s");
		SpanData data = (SpanData) span;
		span.setAttribute("a", 1L);
		span.addEvent("e1", Attributes.empty());
		Attributes attributes = data.getAttributes();
		List<EventData> events = data.getEvents();
		span.setAttribute("b", 2L);
		span.setAttribute("a", 10L);
		span.addEvent("e2", Attributes.empty());
		assertThat(attributes.asMap()).containsExactlyEntriesOf(Map.of("a", 1L));
		assertThat(events).extracting(EventData::name).containsExactly("e1");
		assertThat(data.getAttributes().asMap()).containsOnlyKeys("a", "b");
		assertThat(data.getEvents()).hasSize(2);
	}

	@Test
	void endedSpanIsReadWithoutItsLockAndAsItEnded() throws Exception {
		for (int round = 0; round < 200; round++) {
			Span span = start("before");
			SpanData data = (SpanData) span;
			AtomicReference<List<Object>> seen = new AtomicReference<>();
			Thread reader = new Thread(() -> {
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
				while (!data.hasEnded() && System.nanoTime() < deadline) {
					Thread.onSpinWait();
				}
				seen.set(List.of(data.getName(), data.getAttributes().asMap(), data.getEvents().size(),
						data.getStatus(), data.getEndEpochNanos(), data.getDroppedAttributesCount(),
						data.getDroppedEventsCount()));
			});
			reader.start();
			span.setAttribute("a", 1L);
			span.setAttribute("b", "x");
			span.addEvent("e", Attributes.empty());
			span.setStatus(StatusCode.ERROR, "failed");
			span.updateName("after");
			this.clock.set(this.clock.now + TimeUnit.MILLISECONDS.toNanos(round + 1));
			span.end();
			reader.join(15_000);
			assertThat(seen.get()).containsExactly("after", Map.of("a", 1L, "b", "x"), 1,
					new StatusData(StatusCode.ERROR, "failed"), data.getEndEpochNanos(), 0, 0);
		}
		// Once ended, the same attributes are handed out each time, not a copy.
		SpanData ended = (SpanData) this.processor.ended.get(0);
		assertThat(ended.getAttributes()).isSameAs(ended.getAttributes());
	}

	@Test
	void endedDataIsUnmodifiable() {
		Span span = start("s");
		span.addEvent("e", Attributes.empty());
		SpanData data = endAndGet(span);
		List<EventData> events = data.getEvents();
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> events.add(new EventData("x", 0, Attributes.empty())));
	}

	@Test
	void spanWithoutAttributesOrEventsReportsEmptyData() {
		SpanData data = endAndGet(start("s"));
		assertThat(data.getAttributes().isEmpty()).isTrue();
		assertThat(data.getEvents()).isEmpty();
		assertThat(data.getDroppedAttributesCount()).isZero();
		assertThat(data.getDroppedEventsCount()).isZero();
		assertThat(data.toString()).contains("name=s");
	}

	@Test
	void concurrentEndsReachTheProcessorOnce() throws Exception {
		for (int round = 0; round < 50; round++) {
			RecordingProcessor roundProcessor = new RecordingProcessor();
			Span span = TracerProvider.builder()
				.setSampler(Sampler.alwaysOn())
				.addSpanProcessor(roundProcessor)
				.build()
				.get("test", null)
				.spanBuilder("s")
				.startSpan();
			CountDownLatch go = new CountDownLatch(1);
			List<Thread> threads = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				Thread thread = new Thread(() -> {
					try {
						go.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					span.setAttribute("thread", Thread.currentThread().getName());
					span.end();
				});
				thread.start();
				threads.add(thread);
			}
			go.countDown();
			for (Thread thread : threads) {
				thread.join(10_000);
			}
			assertThat(roundProcessor.ended).hasSize(1);
		}
	}

	@Test
	void nonRecordingSpanIgnoresEverything() {
		Span span = TracerProvider.builder()
			.setSampler(Sampler.alwaysOff())
			.addSpanProcessor(this.processor)
			.build()
			.get("test", null)
			.spanBuilder("off")
			.startSpan();
		assertThatNoException().isThrownBy(() -> {
			span.setAttribute("a", "b").setAttribute("n", 1L).setAttribute("d", 1.0).setAttribute("b", true);
			span.addEvent("e", Attributes.empty()).recordException(new IllegalStateException());
			span.setStatus(StatusCode.ERROR, "x").updateName("y");
			span.end();
			span.end(1L);
		});
		assertThat(span.isRecording()).isFalse();
		assertThat(this.processor.started).isEmpty();
		assertThat(this.processor.ended).isEmpty();
	}

	@Test
	void setAllAttributesRecordsEveryEntryOverwritingEqualKeys() {
		Span span = start("s");
		span.setAttribute("kept", "before").setAttribute("replaced", "before");
		span.setAllAttributes(Attributes.builder().put("replaced", "after").put("long", 7L).put("flag", true).build());
		span.setAllAttributes(Attributes.empty());
		SpanData data = endAndGet(span);
		assertThat(data.getAttributes().key(0)).isEqualTo("kept");
		assertThat(data.getAttributes().key(1)).isEqualTo("replaced");
		assertThat(data.getAttributes().asMap()).containsExactlyInAnyOrderEntriesOf(
				Map.of("kept", "before", "replaced", "after", "long", 7L, "flag", true));
	}

	@Test
	void setAllAttributesRespectsTheLimitAndIsIgnoredAfterEnd() {
		Span span = tracer(new SpanLimits(2, 1)).spanBuilder("s").startSpan();
		span.setAllAttributes(Attributes.builder().put("a", "1").put("b", "2").put("c", "3").build());
		SpanData data = endAndGet(span);
		span.setAllAttributes(Attributes.of("d", "4"));
		assertThat(data.getAttributes().asMap()).containsOnlyKeys("a", "b");
		assertThat(data.getDroppedAttributesCount()).isEqualTo(1);
	}

	@Test
	void updatingTheNameToTheSameInstanceKeepsIt() {
		String name = "GET /orders/{id}";
		Span span = start(name);
		span.updateName(name);
		assertThat(endAndGet(span).getName()).isSameAs(name);
	}

	@Test
	void aReusedAttributesBuilderDoesNotChangeRecordedEvents() {
		Span span = start("s");
		AttributesBuilder reused = Attributes.builder().put("item", "first");
		span.addEvent("first", reused);
		reused.clear().put("item", "second");
		span.addEvent("second", reused);
		reused.clear().put("item", "changed after both");
		SpanData data = endAndGet(span);
		assertThat(data.getEvents()).extracting((event) -> event.attributes().get("item"))
			.containsExactly("first", "second");
	}

	@Test
	void stringValuesAreTruncatedToTheValueLengthLimitOnSpansAndEvents() {
		SpanLimits limits = SpanLimits.getDefault().withMaxAttributeValueLength(4);
		Span span = tracer(limits).spanBuilder("s").setAttribute("from.builder", "abcdefgh").startSpan();
		span.setAttribute("short", "abc").setAttribute("long", "abcdefgh").setAttribute("number", 123456789L);
		span.addEvent("e", Attributes.builder().put("text", "abcdefgh").build());
		span.recordException(new IllegalStateException("a message longer than four"));
		SpanData data = endAndGet(span);
		assertThat(data.getAttributes().asMap()).containsExactlyInAnyOrderEntriesOf(
				Map.of("from.builder", "abcd", "short", "abc", "long", "abcd", "number", 123456789L));
		assertThat(data.getEvents().get(0).attributes().get("text")).isEqualTo("abcd");
		EventData exception = data.getEvents().get(1);
		assertThat(exception.attributes().get("exception.message")).isEqualTo("a me");
		assertThat(exception.attributes().get("exception.stacktrace")).isEqualTo("java");
	}

	@Test
	void attributesPerEventBeyondTheLimitAreDroppedAndCountedPerEvent() {
		Span span = tracer(SpanLimits.getDefault().withMaxAttributesPerEvent(1)).spanBuilder("s").startSpan();
		span.addEvent("e", Attributes.builder().put("a", "1").put("b", "2").put("c", "3").build());
		span.addEvent("empty", Attributes.empty());
		SpanData data = endAndGet(span);
		assertThat(data.getEvents()).extracting(EventData::droppedAttributesCount).containsExactly(2, 0);
		assertThat(data.getEvents().get(0).attributes().asMap()).containsOnlyKeys("a");
	}

	@Test
	void spanTimesAreAnchoredToOneWallClockReadPerTrace() {
		Span root = start("root");
		this.clock.set(START + 10_000_000);
		Span child = this.provider.get("test", null)
			.spanBuilder("child")
			.setParent(root.storeInContext(Context.root()))
			.startSpan();
		// NTP steps the wall clock back an hour while the trace runs.
		this.clock.now -= 3_600_000_000_000L;
		this.clock.nanoTime += 5_000_000;
		child.addEvent("during", Attributes.empty());
		child.end();
		root.end();
		SpanData childData = (SpanData) child;
		SpanData rootData = (SpanData) root;
		assertThat(childData.getStartEpochNanos()).isEqualTo(START + 10_000_000);
		assertThat(childData.getEndEpochNanos() - childData.getStartEpochNanos()).isEqualTo(5_000_000);
		assertThat(childData.getEvents().get(0).epochNanos()).isEqualTo(START + 15_000_000);
		assertThat(rootData.getEndEpochNanos() - rootData.getStartEpochNanos()).isEqualTo(15_000_000);
	}

	@Test
	void aProcessorThatThrowsIsIsolatedCountedAndLoggedAtWarning() {
		SpanProcessor throwing = new SpanProcessor() {

			@Override
			public void onStart(Context parentContext, Span span) {
				throw new IllegalStateException("broken onStart");
			}

			@Override
			public boolean isStartRequired() {
				return true;
			}

			@Override
			public void onEnd(SpanData span) {
				throw new IllegalStateException("broken onEnd");
			}

			@Override
			public boolean isEndRequired() {
				return true;
			}

			@Override
			public CompletableResult forceFlush() {
				return CompletableResult.ofSuccess();
			}

			@Override
			public CompletableResult shutdown() {
				return CompletableResult.ofSuccess();
			}

		};
		TracerProvider provider = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(throwing)
			.addSpanProcessor(this.processor)
			.build();
		try (LogCapture log = new LogCapture(TracerSharedState.class)) {
			for (int i = 0; i < 3; i++) {
				provider.get("test", null).spanBuilder("s" + i).startSpan().end();
			}
			assertThat(this.processor.ended).as("the other processor still sees every span").hasSize(3);
			assertThat(provider.getSpanProcessorFailures()).isEqualTo(6);
			assertThat(log.messages(Level.WARNING)).as("throttled").singleElement().asString().contains("onStart");
		}
	}

}

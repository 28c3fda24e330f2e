package dev.telemetry.sdk.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.export.SpanProcessor;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.samplers.SamplingResult;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link TracerProvider} and {@link TracerProviderBuilder}: tracers,
 * processors, flush and shutdown. The nested {@link RecordingProcessor} and
 * {@link TestClock} are shared with the other tests of this package.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TracerProviderTests {

	@Test
	void tracersAreCachedPerNameAndVersion() {
		TracerProvider provider = TracerProvider.builder().build();
		Tracer tracer = provider.get("lib", "1.0");
		assertThat(provider.get("lib", "1.0")).isSameAs(tracer);
		assertThat(provider.get("lib", "2.0")).isNotSameAs(tracer);
		assertThat(provider.get("other", "1.0")).isNotSameAs(tracer);
		Tracer unversioned = provider.get("lib", null);
		assertThat(unversioned).isNotSameAs(tracer);
		assertThat(provider.get("lib", null)).isSameAs(unversioned);
		assertThat(tracer.getInstrumentationScope()).isEqualTo(new InstrumentationScope("lib", "1.0"));
		assertThat(unversioned.getInstrumentationScope()).isEqualTo(new InstrumentationScope("lib", null));
	}

	@Test
	void tracersOfDifferentProvidersAreDistinct() {
		assertThat(TracerProvider.builder().build().get("lib", "1"))
			.isNotSameAs(TracerProvider.builder().build().get("lib", "1"));
	}

	@Test
	void spansCarryTheScopeOfTheirTracerAndTheProviderResource() {
		RecordingProcessor processor = new RecordingProcessor();
		Resource resource = Resource.create(Attributes.of("service.name", "orders"));
		TracerProvider provider = TracerProvider.builder()
			.setResource(resource)
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(processor)
			.build();
		provider.get("lib-a", "1.2").spanBuilder("a").startSpan().end();
		provider.get("lib-b", null).spanBuilder("b").startSpan().end();
		assertThat(processor.ended).extracting(SpanData::getInstrumentationScope)
			.containsExactly(new InstrumentationScope("lib-a", "1.2"), new InstrumentationScope("lib-b", null));
		assertThat(processor.ended).extracting(SpanData::getResource).containsOnly(resource);
		assertThat(provider.getResource()).isSameAs(resource);
	}

	@Test
	void defaultsToParentBasedAlwaysOnAndTheDetectedResource() {
		TracerProvider provider = TracerProvider.builder().build();
		assertThat(provider.getSampler().getDescription())
			.isEqualTo(Sampler.parentBased(Sampler.alwaysOn()).getDescription());
		assertThat(provider.getResource().getAttributes().get("service.name")).isEqualTo(Resource.UNKNOWN_SERVICE_NAME);
		assertThat(provider.getResource().getAttributes().get("telemetry.sdk.name")).isEqualTo(Resource.SDK_NAME);
		Span span = provider.get("lib", null).spanBuilder("default").startSpan();
		assertThat(span.isRecording()).isTrue();
		assertThat(span.getSpanContext().isSampled()).isTrue();
		assertThat(SpanLimits.getDefault()).isEqualTo(new SpanLimits(128, 128));
	}

	@Test
	void spansRecordWithoutAnyProcessor() {
		TracerProvider provider = TracerProvider.builder().setSampler(Sampler.alwaysOn()).build();
		Span span = provider.get("lib", null).spanBuilder("alone").startSpan();
		assertThat(span.isRecording()).isTrue();
		assertThatNoException().isThrownBy(span::end);
		assertThat(provider.forceFlush().isSuccess()).isTrue();
		assertThat(provider.shutdown().isSuccess()).isTrue();
	}

	@Test
	void builderRejectsNullsAndLimitsRejectNegatives() {
		TracerProviderBuilder builder = TracerProvider.builder();
		assertThatNullPointerException().isThrownBy(() -> builder.setResource(null));
		assertThatNullPointerException().isThrownBy(() -> builder.setSampler(null));
		assertThatNullPointerException().isThrownBy(() -> builder.setIdGenerator(null));
		assertThatNullPointerException().isThrownBy(() -> builder.setClock(null));
		assertThatNullPointerException().isThrownBy(() -> builder.setSpanLimits(null));
		assertThatNullPointerException().isThrownBy(() -> builder.addSpanProcessor(null));
		assertThatIllegalArgumentException().isThrownBy(() -> new SpanLimits(-1, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new SpanLimits(1, -1));
	}

	@Test
	void singleProcessorIsUsedAsIs() {
		RecordingProcessor processor = new RecordingProcessor();
		TracerProvider provider = TracerProvider.builder().addSpanProcessor(processor).build();
		assertThat(provider.getSpanProcessor()).isSameAs(processor);
	}

	@Test
	void everyProcessorIsCalledInOrderOfRegistration() {
		List<String> log = new CopyOnWriteArrayList<>();
		RecordingProcessor first = new RecordingProcessor("first", log);
		RecordingProcessor second = new RecordingProcessor("second", log);
		TracerProvider provider = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(first)
			.addSpanProcessor(second)
			.build();
		Span span = provider.get("lib", null).spanBuilder("both").startSpan();
		span.end();
		assertThat(log).containsExactly("first:start:both", "second:start:both", "first:end:both", "second:end:both");
		assertThat(first.started).containsExactly(span);
		assertThat(second.ended).containsExactly((SpanData) span);
	}

	@Test
	void processorsThatDoNotWantStartOrEndAreNotCalled() {
		RecordingProcessor endOnly = new RecordingProcessor();
		endOnly.startRequired = false;
		RecordingProcessor startOnly = new RecordingProcessor();
		startOnly.endRequired = false;
		TracerProvider provider = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(endOnly)
			.addSpanProcessor(startOnly)
			.build();
		provider.get("lib", null).spanBuilder("s").startSpan().end();
		assertThat(endOnly.started).isEmpty();
		assertThat(endOnly.ended).hasSize(1);
		assertThat(startOnly.started).hasSize(1);
		assertThat(startOnly.ended).isEmpty();
	}

	@Test
	void processorThrowingInOnStartOrOnEndDoesNotReachTheApplication() {
		RecordingProcessor failing = new RecordingProcessor();
		failing.failOnStart = true;
		failing.failOnEnd = true;
		TracerProvider provider = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(failing)
			.build();
		Span span = provider.get("lib", null).spanBuilder("s").startSpan();
		assertThat(span.isRecording()).isTrue();
		assertThatNoException().isThrownBy(span::end);
		assertThat(failing.started).hasSize(1);
		assertThat(failing.ended).hasSize(1);
	}

	@Test
	void processorThrowingDoesNotStopTheOtherProcessors() {
		RecordingProcessor failing = new RecordingProcessor();
		failing.failOnStart = true;
		failing.failOnEnd = true;
		RecordingProcessor healthy = new RecordingProcessor();
		TracerProvider provider = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(failing)
			.addSpanProcessor(healthy)
			.build();
		Span span = provider.get("lib", null).spanBuilder("s").startSpan();
		assertThatNoException().isThrownBy(span::end);
		assertThat(healthy.started).containsExactly(span);
		assertThat(healthy.ended).containsExactly((SpanData) span);
	}

	@Test
	void forceFlushFlushesEveryProcessor() {
		RecordingProcessor first = new RecordingProcessor();
		RecordingProcessor second = new RecordingProcessor();
		second.flushResult = new CompletableResult();
		TracerProvider provider = TracerProvider.builder().addSpanProcessor(first).addSpanProcessor(second).build();
		CompletableResult result = provider.forceFlush();
		assertThat(first.flushes).hasValue(1);
		assertThat(second.flushes).hasValue(1);
		assertThat(result.isDone()).isFalse();
		second.flushResult.succeed();
		assertThat(result.isSuccess()).isTrue();
	}

	@Test
	void forceFlushFailsWhenAProcessorFails() {
		RecordingProcessor first = new RecordingProcessor();
		RecordingProcessor second = new RecordingProcessor();
		IllegalStateException cause = new IllegalStateException("exporter down");
		second.flushResult = new CompletableResult().fail(cause);
		TracerProvider provider = TracerProvider.builder().addSpanProcessor(first).addSpanProcessor(second).build();
		CompletableResult result = provider.forceFlush();
		assertThat(result.isDone()).isTrue();
		assertThat(result.isSuccess()).isFalse();
		assertThat(result.getFailure()).isSameAs(cause);
	}

	@Test
	void shutdownIsIdempotentAndReturnsTheFirstResult() {
		RecordingProcessor first = new RecordingProcessor();
		RecordingProcessor second = new RecordingProcessor();
		TracerProvider provider = TracerProvider.builder().addSpanProcessor(first).addSpanProcessor(second).build();
		CompletableResult result = provider.shutdown();
		assertThat(result.isSuccess()).isTrue();
		assertThat(provider.shutdown()).isSameAs(result);
		provider.close();
		assertThat(provider.shutdown()).isSameAs(result);
		assertThat(first.shutdowns).hasValue(1);
		assertThat(second.shutdowns).hasValue(1);
	}

	@Test
	void processorThrowingOnShutdownOrFlushDoesNotStopTheOthers() {
		RecordingProcessor throwing = new RecordingProcessor() {

			@Override
			public CompletableResult forceFlush() {
				super.forceFlush();
				throw new IllegalStateException("flush failed");
			}

			@Override
			public CompletableResult shutdown() {
				super.shutdown();
				throw new IllegalStateException("shutdown failed");
			}

		};
		RecordingProcessor healthy = new RecordingProcessor();
		TracerProvider provider = TracerProvider.builder().addSpanProcessor(throwing).addSpanProcessor(healthy).build();
		assertThatNoException().isThrownBy(provider::forceFlush);
		assertThat(healthy.flushes).hasValue(1);
		assertThatNoException().isThrownBy(provider::shutdown);
		assertThatNoException().isThrownBy(provider::shutdown);
		assertThat(healthy.shutdowns).hasValue(1);
		assertThat(throwing.shutdowns).hasValue(1);
		assertThat(provider.shutdown().isDone()).isTrue();
	}

	@Test
	void shutdownCompletesWhenTheProcessorsDo() {
		RecordingProcessor processor = new RecordingProcessor();
		processor.shutdownResult = new CompletableResult();
		TracerProvider provider = TracerProvider.builder().addSpanProcessor(processor).build();
		CompletableResult result = provider.shutdown();
		assertThat(result.isDone()).isFalse();
		processor.shutdownResult.succeed();
		assertThat(result.isSuccess()).isTrue();
	}

	@Test
	void closeShutsDown() {
		RecordingProcessor processor = new RecordingProcessor();
		TracerProvider provider = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(processor)
			.build();
		provider.close();
		assertThat(processor.shutdowns).hasValue(1);
		assertThat(provider.get("lib", null).spanBuilder("late").startSpan().isRecording()).isFalse();
	}

	@Test
	void afterShutdownNewSpansAreNonRecordingButStillPropagate() {
		RecordingProcessor processor = new RecordingProcessor();
		TracerProvider provider = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(processor)
			.build();
		Tracer tracer = provider.get("lib", null);
		Span before = tracer.spanBuilder("before").startSpan();
		provider.shutdown();
		Span root = tracer.spanBuilder("root").startSpan();
		Span child = tracer.spanBuilder("child").setParent(before.storeInContext(Context.root())).startSpan();
		Span fromNewTracer = provider.get("new-lib", null).spanBuilder("other").startSpan();
		for (Span span : List.of(root, child, fromNewTracer)) {
			assertThat(span.isRecording()).isFalse();
			assertThat(span.getSpanContext().isValid()).isTrue();
			span.end();
		}
		assertThat(root.getSpanContext().isSampled()).isFalse();
		assertThat(fromNewTracer.getSpanContext().isSampled()).isFalse();
		// The parent's decision travels on unchanged, so downstream services keep
		// sampling the trace.
		assertThat(child.getSpanContext().isSampled()).isTrue();
		assertThat(child.getSpanContext().getTraceId()).isEqualTo(before.getSpanContext().getTraceId());
		assertThat(child.getSpanContext().getSpanIdLong()).isNotEqualTo(before.getSpanContext().getSpanIdLong());
		assertThat(processor.started).containsExactly(before);
		assertThat(processor.ended).isEmpty();
	}

	@Test
	void shutdownDoesNotConsultTheSampler() {
		AtomicInteger calls = new AtomicInteger();
		Sampler counting = new Sampler() {

			@Override
			public SamplingResult shouldSample(SpanContext parent, long high, long low, String name, SpanKind kind,
					Attributes attributes) {
				calls.incrementAndGet();
				return SamplingResult.recordAndSample();
			}

			@Override
			public String getDescription() {
				return "Counting";
			}

		};
		TracerProvider provider = TracerProvider.builder().setSampler(counting).build();
		provider.shutdown();
		provider.get("lib", null).spanBuilder("s").startSpan();
		assertThat(calls).hasValue(0);
	}

	@Test
	void randomIdGeneratorNeverReturnsZero() {
		IdGenerator ids = IdGenerator.random();
		int zeros = 0;
		for (int i = 0; i < 1_000_000; i++) {
			if (ids.generateSpanId() == 0 || ids.generateTraceIdLow() == 0) {
				zeros++;
			}
		}
		assertThat(zeros).isZero();
	}

	@Test
	void randomIdGeneratorSetsEachLowBitAboutHalfTheTime() {
		IdGenerator ids = IdGenerator.random();
		int n = 100_000;
		int[] traceLowBits = new int[64];
		int[] spanBits = new int[64];
		int[] traceHighBits = new int[64];
		for (int i = 0; i < n; i++) {
			count(ids.generateTraceIdLow(), traceLowBits);
			count(ids.generateSpanId(), spanBits);
			count(ids.generateTraceIdHigh(), traceHighBits);
		}
		// 6 sigma of a fair coin over n draws: a false alarm is practically impossible.
		double bound = 6 * Math.sqrt(n * 0.25);
		for (int bit = 0; bit < 64; bit++) {
			assertThat(Math.abs(traceLowBits[bit] - n / 2.0)).as("trace id low bit %d", bit).isLessThan(bound);
			assertThat(Math.abs(spanBits[bit] - n / 2.0)).as("span id bit %d", bit).isLessThan(bound);
			assertThat(Math.abs(traceHighBits[bit] - n / 2.0)).as("trace id high bit %d", bit).isLessThan(bound);
		}
	}

	@Test
	void customIdGeneratorIsUsed() {
		RecordingProcessor processor = new RecordingProcessor();
		TracerProvider provider = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.setIdGenerator(new SequentialIds())
			.addSpanProcessor(processor)
			.build();
		Span span = provider.get("lib", null).spanBuilder("s").startSpan();
		assertThat(span.getSpanContext().getTraceId()).isEqualTo("00000000000000010000000000000002");
		assertThat(span.getSpanContext().getSpanId()).isEqualTo("0000000000000003");
	}

	@Test
	void toStringNamesTheSampler() {
		TracerProvider provider = TracerProvider.builder().setSampler(Sampler.alwaysOff()).build();
		assertThat(provider.toString()).contains("AlwaysOffSampler");
	}

	private static void count(long value, int[] counts) {
		for (int bit = 0; bit < 64; bit++) {
			if ((value & (1L << bit)) != 0) {
				counts[bit]++;
			}
		}
	}

	static SpanContext remoteParent(byte flags) {
		return SpanContext.createFromRemoteParent(0x0af7651916cd43ddL, 0x8448eb211c80319cL, 0xb7ad6b7169203331L, flags,
				TraceState.empty().with("vendor", "value"));
	}

	static byte sampledAndRandom() {
		return (byte) (TraceFlags.SAMPLED | TraceFlags.RANDOM);
	}

	/**
	 * Ids counting up from 1, in the order trace high, trace low, span.
	 */
	static final class SequentialIds implements IdGenerator {

		private long next;

		@Override
		public long generateSpanId() {
			return ++this.next;
		}

		@Override
		public long generateTraceIdHigh() {
			return ++this.next;
		}

		@Override
		public long generateTraceIdLow() {
			return ++this.next;
		}

	}

	/**
	 * A clock the test moves by hand.
	 */
	static final class TestClock implements Clock {

		long now;

		long nanoTime;

		TestClock(long now) {
			this.now = now;
		}

		/**
		 * Lets time pass up to the given wall time: both readings move.
		 */
		void set(long epochNanos) {
			this.nanoTime += epochNanos - this.now;
			this.now = epochNanos;
		}

		@Override
		public long now() {
			return this.now;
		}

		@Override
		public long nanoTime() {
			return this.nanoTime;
		}

	}

	/**
	 * Records what it sees, optionally into a log shared with other processors, and can
	 * be told to fail.
	 */
	static class RecordingProcessor implements SpanProcessor {

		final String name;

		final List<String> log;

		final List<Span> started = new CopyOnWriteArrayList<>();

		final List<Context> startContexts = new CopyOnWriteArrayList<>();

		final List<SpanData> ended = new CopyOnWriteArrayList<>();

		final AtomicInteger flushes = new AtomicInteger();

		final AtomicInteger shutdowns = new AtomicInteger();

		volatile boolean startRequired = true;

		volatile boolean endRequired = true;

		volatile boolean failOnStart;

		volatile boolean failOnEnd;

		volatile CompletableResult flushResult = CompletableResult.ofSuccess();

		volatile CompletableResult shutdownResult = CompletableResult.ofSuccess();

		RecordingProcessor() {
			this("processor", new ArrayList<>());
		}

		RecordingProcessor(String name, List<String> log) {
			this.name = name;
			this.log = log;
		}

		@Override
		public void onStart(Context parentContext, Span span) {
			this.started.add(span);
			this.startContexts.add(parentContext);
			this.log.add(this.name + ":start:" + ((SpanData) span).getName());
			if (this.failOnStart) {
				throw new IllegalStateException("onStart failed");
			}
		}

		@Override
		public boolean isStartRequired() {
			return this.startRequired;
		}

		@Override
		public void onEnd(SpanData span) {
			this.ended.add(span);
			this.log.add(this.name + ":end:" + span.getName());
			if (this.failOnEnd) {
				throw new IllegalStateException("onEnd failed");
			}
		}

		@Override
		public boolean isEndRequired() {
			return this.endRequired;
		}

		@Override
		public CompletableResult forceFlush() {
			this.flushes.incrementAndGet();
			return this.flushResult;
		}

		@Override
		public CompletableResult shutdown() {
			this.shutdowns.incrementAndGet();
			return this.shutdownResult;
		}

	}

}

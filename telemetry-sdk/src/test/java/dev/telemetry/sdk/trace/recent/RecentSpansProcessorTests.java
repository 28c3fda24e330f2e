package dev.telemetry.sdk.trace.recent;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.Tracer;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.StatusCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RecentSpansProcessor}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecentSpansProcessorTests {

	private static final long MILLI = 1_000_000L;

	private final RecentSpansProcessor processor = RecentSpansProcessor.builder()
		.setMaxSpans(256)
		.setMaxSpanNames(8)
		.setSamplesPerBucket(2)
		.build();

	private final Tracer tracer = TracerProvider.builder()
		.setSampler(Sampler.alwaysOn())
		.addSpanProcessor(this.processor)
		.build()
		.get("test", null);

	@Test
	void countsSpansPerNameAndLatencyBucketWithSamples() {
		span("GET /orders", 0, 5 * MILLI, false);
		span("GET /orders", 0, 7 * MILLI, false);
		span("GET /orders", 0, 50 * MILLI, true);
		SpanNameSummary summary = this.processor.getSpanNameSummary("GET /orders");
		assertThat(summary).isNotNull();
		assertThat(summary.count()).isEqualTo(3);
		assertThat(summary.errorCount()).isOne();
		assertThat(summary.latencies()).hasSize(LatencyBucket.values().length);
		SpanNameSummary.Bucket millis = summary.latencies().get(LatencyBucket.UNDER_10_MILLIS.ordinal());
		assertThat(millis.count()).isEqualTo(2);
		assertThat(millis.samples()).isNotEmpty().hasSizeLessThanOrEqualTo(2);
		assertThat(summary.latencies().get(LatencyBucket.UNDER_100_MILLIS.ordinal()).count()).isOne();
		assertThat(summary.errorSamples()).singleElement()
			.satisfies((span) -> assertThat(span.getStatus().code()).isEqualTo(StatusCode.ERROR));
		assertThat(this.processor.getSpanNameSummaries()).extracting(SpanNameSummary::name)
			.containsExactly("GET /orders");
	}

	@Test
	void filledLatencySamplesAreStillReplacedAndErrorSamplesAreTheLatest() {
		for (int i = 0; i < 400; i++) {
			span("GET /orders", 0, 5 * MILLI, false);
		}
		List<SpanData> early = this.processor.getSpanNameSummary("GET /orders")
			.latencies()
			.get(LatencyBucket.UNDER_10_MILLIS.ordinal())
			.samples();
		for (int i = 0; i < 400; i++) {
			span("GET /orders", 0, 5 * MILLI, false);
		}
		List<SpanData> later = this.processor.getSpanNameSummary("GET /orders")
			.latencies()
			.get(LatencyBucket.UNDER_10_MILLIS.ordinal())
			.samples();
		// A span picks one of the 2 slots and replaces it one time in 16: 400 spans leave
		// a slot unreplaced with probability (31/32)^400, about 3e-6.
		assertThat(later).hasSize(2).doesNotContainAnyElementsOf(early);
		// Ending later than every span before them, each is the latest trace.
		span("GET /orders", 0, 6 * MILLI, true);
		String lastError = this.processor.getRecentTraces(1).get(0).traceId();
		span("GET /orders", 0, 7 * MILLI, true);
		String latestError = this.processor.getRecentTraces(1).get(0).traceId();
		assertThat(latestError).isNotEqualTo(lastError);
		assertThat(this.processor.getSpanNameSummary("GET /orders").errorSamples())
			.extracting((span) -> span.getSpanContext().getTraceId())
			.contains(latestError);
	}

	@Test
	void bucketsIncludeTheirLowerBound() {
		assertThat(LatencyBucket.of(-1)).isEqualTo(LatencyBucket.UNDER_10_MICROS);
		assertThat(LatencyBucket.of(9_999)).isEqualTo(LatencyBucket.UNDER_10_MICROS);
		assertThat(LatencyBucket.of(10_000)).isEqualTo(LatencyBucket.UNDER_100_MICROS);
		assertThat(LatencyBucket.of(MILLI)).isEqualTo(LatencyBucket.UNDER_10_MILLIS);
		assertThat(LatencyBucket.of(Long.MAX_VALUE)).isEqualTo(LatencyBucket.OVER_100_SECONDS);
	}

	@Test
	void groupsRecentSpansByTraceAcrossThreads() throws Exception {
		Span root = this.tracer.spanBuilder("GET /chain").setStartTimestamp(1000 * MILLI).startSpan();
		Context context = root.storeInContext(Context.root());
		CountDownLatch done = new CountDownLatch(1);
		Thread other = new Thread(() -> {
			this.tracer.spanBuilder("async work")
				.setParent(context)
				.setStartTimestamp(1001 * MILLI)
				.startSpan()
				.end(1003 * MILLI);
			done.countDown();
		});
		other.start();
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		this.tracer.spanBuilder("SELECT")
			.setParent(context)
			.setStartTimestamp(1002 * MILLI)
			.startSpan()
			.end(1004 * MILLI);
		root.end(1010 * MILLI);
		span("unrelated", 2000 * MILLI, 2001 * MILLI, false);

		List<TraceSummary> traces = this.processor.getRecentTraces(10);
		assertThat(traces).hasSize(2);
		assertThat(traces.get(0).name()).isEqualTo("unrelated");
		TraceSummary chain = traces.get(1);
		assertThat(chain.name()).isEqualTo("GET /chain");
		assertThat(chain.root()).isNotNull();
		assertThat(chain.spanCount()).isEqualTo(3);
		assertThat(chain.durationNanos()).isEqualTo(10 * MILLI);
		assertThat(this.processor.getRecentTraces(1)).hasSize(1);

		List<SpanData> spans = this.processor.getTrace(chain.traceId().toUpperCase());
		assertThat(spans).extracting(SpanData::getName).containsExactly("GET /chain", "async work", "SELECT");
		assertThat(spans.subList(1, 3)).allSatisfy((span) -> assertThat(span.getParentSpanContext().getSpanId())
			.isEqualTo(root.getSpanContext().getSpanId()));
		assertThat(this.processor.getTrace("0".repeat(32))).isEmpty();
	}

	@Test
	void memoryStaysBoundedUnderManySpansWithRandomNames() {
		for (int i = 0; i < 100_000; i++) {
			span(UUID.randomUUID().toString(), 0, i, (i % 10) == 0);
		}
		assertThat(this.processor.getMaxSpans()).isEqualTo(256);
		assertThat(this.processor.getSpanCount()).isEqualTo(256);
		assertThat(this.processor.getSpanNameCount()).isEqualTo(8);
		List<SpanNameSummary> summaries = this.processor.getSpanNameSummaries();
		assertThat(summaries).hasSize(9);
		SpanNameSummary other = summaries.get(8);
		assertThat(other.name()).isEqualTo(RecentSpansProcessor.OTHER_NAMES);
		assertThat(other.count()).isEqualTo(100_000 - 8);
		assertThat(other.errorSamples()).hasSizeLessThanOrEqualTo(2);
		assertThat(other.latencies()).allSatisfy((bucket) -> assertThat(bucket.samples()).hasSizeLessThanOrEqualTo(2));
		assertThat(this.processor.getRecentTraces(Integer.MAX_VALUE)).hasSizeLessThanOrEqualTo(256);
	}

	@Test
	void keepingAnEndedSpanAllocatesNothingOnceItsNameIsKnown() {
		List<SpanData> spans = List.of(ended("GET /orders", 5 * MILLI, false), ended("GET /orders", 50 * MILLI, true),
				ended("SELECT orders", 20_000, false));
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long thread = Thread.currentThread().getId();
		for (int i = 0; i < 200_000; i++) {
			this.processor.onEnd(spans.get(i % 3));
		}
		long before = threads.getThreadAllocatedBytes(thread);
		for (int i = 0; i < 100_000; i++) {
			this.processor.onEnd(spans.get(i % 3));
		}
		long allocated = threads.getThreadAllocatedBytes(thread) - before;
		// a single allocation per call would be at least 16 bytes
		assertThat((double) allocated / 100_000).isLessThan(0.01);
		assertThat(this.processor.getSpanNameSummary("GET /orders").count()).isEqualTo(200_001);
	}

	@Test
	void builderRefusesLimitsOutOfRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> RecentSpansProcessor.builder().setMaxSpans(0))
			.withMessageContaining("maxSpans");
		assertThatIllegalArgumentException().isThrownBy(() -> RecentSpansProcessor.builder().setMaxSpanNames(0))
			.withMessageContaining("maxSpanNames");
		assertThatIllegalArgumentException().isThrownBy(() -> RecentSpansProcessor.builder().setSamplesPerBucket(17))
			.withMessageContaining("samplesPerBucket");
	}

	// An ended span from a provider of its own, so that making it does not reach the
	// processor under test.
	private static SpanData ended(String name, long duration, boolean error) {
		RecentSpansProcessor capture = RecentSpansProcessor.builder().setMaxSpans(1).build();
		Span span = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(capture)
			.build()
			.get("test", null)
			.spanBuilder(name)
			.setStartTimestamp(1)
			.startSpan();
		if (error) {
			span.setStatus(StatusCode.ERROR, "boom");
		}
		span.end(1 + duration);
		return capture.getTrace(span.getSpanContext().getTraceId()).get(0);
	}

	private void span(String name, long start, long end, boolean error) {
		Span span = this.tracer.spanBuilder(name).setNoParent().setStartTimestamp(start + 1).startSpan();
		if (error) {
			span.setStatus(StatusCode.ERROR, "boom");
		}
		span.end(end + 1);
	}

}

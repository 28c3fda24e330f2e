package dev.telemetry.sdk.trace.recent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.export.SpanProcessor;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.StatusCode;
import org.jspecify.annotations.Nullable;

/**
 * Keeps what the application traced a moment ago, so that it can be looked at in the
 * process with no collector: per span name, how many spans ended, in which latency
 * bucket, how many with an error, and a few samples of each; and the latest ended spans,
 * which can be read back grouped by trace ({@link #getRecentTraces(int)},
 * {@link #getTrace(String)}).
 * <p>
 * Memory is fixed when it is built: the ring holds {@code maxSpans} spans, at most
 * {@code maxSpanNames} names are counted separately (later names are counted together as
 * {@value #OTHER_NAMES}), and each name keeps at most {@code samplesPerBucket} samples
 * per bucket and for errors. Spans are ended and immutable, so they are kept as they are,
 * not copied; what one span weighs is bounded by the span limits.
 * <p>
 * {@link #onEnd} runs on the thread that ends a recording span (sampled or not). It never
 * blocks, locks or throws, and allocates only when a name is seen for the first time; it
 * is not on the path of sampling or of the export queue. Add it after the batch
 * processor, so the export hand-off comes first.
 * <p>
 * Thread-safe. Readers see a consistent enough picture for diagnostics: a span ending
 * while one reads may be counted but not yet in the ring, or the other way round.
 *
 * @since 0.1.0
 */
public final class RecentSpansProcessor implements SpanProcessor {

	/** The default size of the ring. */
	public static final int DEFAULT_MAX_SPANS = 2048;

	/** The default number of names counted separately. */
	public static final int DEFAULT_MAX_SPAN_NAMES = 128;

	/** The default number of samples per name and bucket. */
	public static final int DEFAULT_SAMPLES_PER_BUCKET = 2;

	/** The name spans are counted under once the limit on names is reached. */
	public static final String OTHER_NAMES = "(other names)";

	static final Comparator<SpanData> LATEST_FIRST = Comparator.comparingLong(SpanData::getEndEpochNanos).reversed();

	private final SpanRing ring;

	private final int maxSpanNames;

	private final int samplesPerBucket;

	private final ConcurrentMap<String, SpanNameStatistics> names = new ConcurrentHashMap<>();

	private final AtomicInteger nameCount = new AtomicInteger();

	private final SpanNameStatistics otherNames;

	RecentSpansProcessor(int maxSpans, int maxSpanNames, int samplesPerBucket) {
		this.ring = new SpanRing(maxSpans);
		this.maxSpanNames = maxSpanNames;
		this.samplesPerBucket = samplesPerBucket;
		this.otherNames = new SpanNameStatistics(OTHER_NAMES, samplesPerBucket);
	}

	/**
	 * Returns a builder with the defaults.
	 * @return the builder
	 */
	public static RecentSpansProcessorBuilder builder() {
		return new RecentSpansProcessorBuilder();
	}

	/**
	 * Does nothing: only ended spans are kept.
	 * @param parentContext ignored
	 * @param span ignored
	 */
	@Override
	public void onStart(Context parentContext, Span span) {
	}

	/**
	 * Returns {@code false}.
	 * @return {@code false}
	 */
	@Override
	public boolean isStartRequired() {
		return false;
	}

	/**
	 * Counts the span and keeps it in the ring, and maybe as a sample. Never blocks,
	 * locks or throws.
	 * @param span the ended span
	 */
	@Override
	public void onEnd(SpanData span) {
		this.ring.add(span);
		boolean error = span.getStatus().code() == StatusCode.ERROR;
		LatencyBucket bucket = LatencyBucket.of(span.getEndEpochNanos() - span.getStartEpochNanos());
		statistics(span.getName()).record(span, bucket, error);
	}

	private SpanNameStatistics statistics(String name) {
		SpanNameStatistics statistics = this.names.get(name);
		if (statistics != null) {
			return statistics;
		}
		// A new name: rare once the application has warmed up, except for names of high
		// cardinality, which the limit is for; past it they cost one read, not two
		// contended writes.
		if (this.nameCount.get() >= this.maxSpanNames) {
			return this.otherNames;
		}
		if (this.nameCount.incrementAndGet() > this.maxSpanNames) {
			this.nameCount.decrementAndGet();
			statistics = this.names.get(name);
			return (statistics != null) ? statistics : this.otherNames;
		}
		SpanNameStatistics created = new SpanNameStatistics(name, this.samplesPerBucket);
		SpanNameStatistics existing = this.names.putIfAbsent(name, created);
		if (existing != null) {
			this.nameCount.decrementAndGet();
			return existing;
		}
		return created;
	}

	/**
	 * Returns {@code true}.
	 * @return {@code true}
	 */
	@Override
	public boolean isEndRequired() {
		return true;
	}

	/**
	 * Does nothing: nothing is exported.
	 * @return a successful result
	 */
	@Override
	public CompletableResult forceFlush() {
		return CompletableResult.ofSuccess();
	}

	/**
	 * Does nothing: what is kept stays readable.
	 * @return a successful result
	 */
	@Override
	public CompletableResult shutdown() {
		return CompletableResult.ofSuccess();
	}

	/**
	 * Returns what is known per span name, names in alphabetical order and
	 * {@value #OTHER_NAMES} last when any span was counted there.
	 * @return a new list
	 */
	public List<SpanNameSummary> getSpanNameSummaries() {
		List<SpanNameSummary> summaries = new ArrayList<>(this.names.size() + 1);
		for (SpanNameStatistics statistics : this.names.values()) {
			summaries.add(statistics.summary());
		}
		summaries.sort(Comparator.comparing(SpanNameSummary::name));
		SpanNameSummary other = this.otherNames.summary();
		if (other.count() > 0) {
			summaries.add(other);
		}
		return summaries;
	}

	/**
	 * Returns what is known of the spans of one name.
	 * @param name the span name, or {@value #OTHER_NAMES}
	 * @return the summary, or {@code null} when no span of that name was counted
	 * separately
	 */
	public @Nullable SpanNameSummary getSpanNameSummary(String name) {
		if (OTHER_NAMES.equals(name)) {
			return this.otherNames.summary();
		}
		SpanNameStatistics statistics = this.names.get(name);
		return (statistics != null) ? statistics.summary() : null;
	}

	/**
	 * Returns the traces of the spans in the ring, the one with the latest ended span
	 * first.
	 * @param limit the most traces to return
	 * @return a new list
	 */
	public List<TraceSummary> getRecentTraces(int limit) {
		Map<String, List<SpanData>> traces = new HashMap<>();
		for (SpanData span : this.ring.snapshot()) {
			traces.computeIfAbsent(span.getSpanContext().getTraceId(), (id) -> new ArrayList<>()).add(span);
		}
		List<TraceSummary> summaries = new ArrayList<>(traces.size());
		traces.forEach((traceId, spans) -> summaries.add(summarize(traceId, spans)));
		summaries.sort(Comparator.comparingLong(TraceSummary::latestEndEpochNanos).reversed());
		return (summaries.size() > limit) ? List.copyOf(summaries.subList(0, Math.max(0, limit))) : summaries;
	}

	/**
	 * Returns the spans of one trace that the ring holds, earliest start first.
	 * @param traceId the trace id, 32 hex digits (either case)
	 * @return a new list, empty when none is held
	 */
	public List<SpanData> getTrace(String traceId) {
		List<SpanData> spans = new ArrayList<>();
		for (SpanData span : this.ring.snapshot()) {
			if (span.getSpanContext().getTraceId().equalsIgnoreCase(traceId)) {
				spans.add(span);
			}
		}
		spans.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
		return spans;
	}

	/**
	 * Returns how many spans the ring holds at most.
	 * @return the capacity
	 */
	public int getMaxSpans() {
		return this.ring.capacity();
	}

	/**
	 * Returns how many spans the ring holds now.
	 * @return the size, at most {@link #getMaxSpans()}
	 */
	public int getSpanCount() {
		return this.ring.size();
	}

	/**
	 * Returns how many names are counted separately now.
	 * @return at most the configured {@code maxSpanNames}
	 */
	public int getSpanNameCount() {
		return this.names.size();
	}

	/**
	 * Returns how many names are counted separately at most.
	 * @return the limit
	 */
	public int getMaxSpanNames() {
		return this.maxSpanNames;
	}

	/**
	 * Returns how many samples are kept per name and bucket.
	 * @return the number
	 */
	public int getSamplesPerBucket() {
		return this.samplesPerBucket;
	}

	private static TraceSummary summarize(String traceId, List<SpanData> spans) {
		SpanData root = null;
		SpanData earliest = spans.get(0);
		long start = Long.MAX_VALUE;
		long end = Long.MIN_VALUE;
		int errors = 0;
		for (SpanData span : spans) {
			SpanContext parent = span.getParentSpanContext();
			if (!parent.isValid() || parent.isRemote()) {
				root = span;
			}
			if (span.getStartEpochNanos() < start) {
				start = span.getStartEpochNanos();
				earliest = span;
			}
			end = Math.max(end, span.getEndEpochNanos());
			if (span.getStatus().code() == StatusCode.ERROR) {
				errors++;
			}
		}
		String name = (root != null) ? root.getName() : earliest.getName();
		return new TraceSummary(traceId, root, name, start, Math.max(0, end - start), spans.size(), errors, end);
	}

	@Override
	public String toString() {
		return "RecentSpansProcessor{maxSpans=" + this.ring.capacity() + ", maxSpanNames=" + this.maxSpanNames
				+ ", samplesPerBucket=" + this.samplesPerBucket + "}";
	}

}

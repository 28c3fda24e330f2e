package dev.telemetry.sdk.trace.recent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

import dev.telemetry.sdk.trace.span.SpanData;

/**
 * Counts and samples of the spans of one name.
 * <p>
 * Implementation: counters are striped, and a sample replaces a slot picked at random
 * instead of the next one in turn, so no cursor is shared between threads; the samples of
 * a bucket are then a random choice among its recent spans, recent ones more likely. Once
 * filled, a latency slot is replaced by one span in 16 only.
 */
final class SpanNameStatistics {

	private static final LatencyBucket[] BUCKETS = LatencyBucket.values();

	private final String name;

	private final int samplesPerBucket;

	private final LongAdder[] counts = new LongAdder[BUCKETS.length];

	private final LongAdder errors = new LongAdder();

	// BUCKETS.length groups of samplesPerBucket slots, then one group for errors.
	private final AtomicReferenceArray<SpanData> samples;

	SpanNameStatistics(String name, int samplesPerBucket) {
		this.name = name;
		this.samplesPerBucket = samplesPerBucket;
		for (int i = 0; i < this.counts.length; i++) {
			this.counts[i] = new LongAdder();
		}
		this.samples = new AtomicReferenceArray<>((BUCKETS.length + 1) * samplesPerBucket);
	}

	void record(SpanData span, LatencyBucket bucket, boolean error) {
		this.counts[bucket.ordinal()].increment();
		if (this.samplesPerBucket == 0) {
			if (error) {
				this.errors.increment();
			}
			return;
		}
		// The span id is random already: its bits pick the slot and whether to replace
		// a sample at all, without asking a random generator.
		long random = span.getSpanContext().getSpanIdLong();
		int slot = (int) Long.remainderUnsigned(random, this.samplesPerBucket);
		boolean replace = (random >>> 60) == 0;
		store(bucket.ordinal() * this.samplesPerBucket + slot, span, replace);
		if (error) {
			this.errors.increment();
			// Errors are rare, and the latest are the ones to look at.
			this.samples.lazySet(BUCKETS.length * this.samplesPerBucket + slot, span);
		}
	}

	// A slot is filled at once, and then replaced by one span in 16: on a busy name,
	// writing every span into an array that every request thread shares cost more than
	// counting it, and samples a sixteenth as fresh are fresh enough to look at.
	private void store(int index, SpanData span, boolean replace) {
		if (replace || this.samples.get(index) == null) {
			this.samples.lazySet(index, span);
		}
	}

	SpanNameSummary summary() {
		List<SpanNameSummary.Bucket> buckets = new ArrayList<>(BUCKETS.length);
		long total = 0;
		for (LatencyBucket bucket : BUCKETS) {
			long count = this.counts[bucket.ordinal()].sum();
			total += count;
			buckets.add(new SpanNameSummary.Bucket(bucket, count, samples(bucket.ordinal())));
		}
		return new SpanNameSummary(this.name, total, this.errors.sum(), buckets, samples(BUCKETS.length));
	}

	private List<SpanData> samples(int group) {
		List<SpanData> spans = new ArrayList<>(this.samplesPerBucket);
		for (int i = 0; i < this.samplesPerBucket; i++) {
			SpanData span = this.samples.get(group * this.samplesPerBucket + i);
			if (span != null) {
				spans.add(span);
			}
		}
		spans.sort(RecentSpansProcessor.LATEST_FIRST);
		return spans;
	}

}

package dev.telemetry.sdk.trace.recent;

import java.util.List;

import dev.telemetry.sdk.trace.span.SpanData;

/**
 * What {@link RecentSpansProcessor} knows of the spans of one name.
 * <p>
 * Immutable (the spans are ended and no longer change).
 *
 * @param name the span name, or {@value RecentSpansProcessor#OTHER_NAMES} for the spans
 * of every name that came after the limit on names was reached
 * @param count spans ended since the processor started
 * @param errorCount of those, spans whose status is an error
 * @param latencies the count and a few recent samples per latency bucket, every bucket in
 * order
 * @param errorSamples a few recent spans whose status is an error, latest first
 * @since 0.1.0
 */
public record SpanNameSummary(String name, long count, long errorCount, List<Bucket> latencies,
		List<SpanData> errorSamples) {

	/**
	 * Copies the lists.
	 * @param name the span name
	 * @param count spans ended
	 * @param errorCount error spans ended
	 * @param latencies per bucket
	 * @param errorSamples error samples
	 */
	public SpanNameSummary {
		latencies = List.copyOf(latencies);
		errorSamples = List.copyOf(errorSamples);
	}

	/**
	 * The spans of one latency bucket.
	 *
	 * @param bucket the bucket
	 * @param count spans ended with a duration in it
	 * @param samples a few of them, latest first
	 */
	public record Bucket(LatencyBucket bucket, long count, List<SpanData> samples) {

		/**
		 * Copies the list.
		 * @param bucket the bucket
		 * @param count the count
		 * @param samples the samples
		 */
		public Bucket {
			samples = List.copyOf(samples);
		}

	}

}

package dev.telemetry.sdk.trace.recent;

/**
 * Builds a {@link RecentSpansProcessor}. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class RecentSpansProcessorBuilder {

	private int maxSpans = RecentSpansProcessor.DEFAULT_MAX_SPANS;

	private int maxSpanNames = RecentSpansProcessor.DEFAULT_MAX_SPAN_NAMES;

	private int samplesPerBucket = RecentSpansProcessor.DEFAULT_SAMPLES_PER_BUCKET;

	RecentSpansProcessorBuilder() {
	}

	/**
	 * Sets how many of the latest spans the ring keeps.
	 * @param maxSpans from 1 to 1,000,000
	 * @return this builder
	 * @throws IllegalArgumentException when out of range
	 */
	public RecentSpansProcessorBuilder setMaxSpans(int maxSpans) {
		if (maxSpans < 1 || maxSpans > 1_000_000) {
			throw new IllegalArgumentException("maxSpans must be between 1 and 1000000, was " + maxSpans);
		}
		this.maxSpans = maxSpans;
		return this;
	}

	/**
	 * Sets how many span names are counted separately; spans of later names are counted
	 * together under {@value RecentSpansProcessor#OTHER_NAMES}.
	 * @param maxSpanNames from 1 to 10,000
	 * @return this builder
	 * @throws IllegalArgumentException when out of range
	 */
	public RecentSpansProcessorBuilder setMaxSpanNames(int maxSpanNames) {
		if (maxSpanNames < 1 || maxSpanNames > 10_000) {
			throw new IllegalArgumentException("maxSpanNames must be between 1 and 10000, was " + maxSpanNames);
		}
		this.maxSpanNames = maxSpanNames;
		return this;
	}

	/**
	 * Sets how many sample spans are kept per name and latency bucket, and per name for
	 * errors.
	 * @param samplesPerBucket from 0 to 16
	 * @return this builder
	 * @throws IllegalArgumentException when out of range
	 */
	public RecentSpansProcessorBuilder setSamplesPerBucket(int samplesPerBucket) {
		if (samplesPerBucket < 0 || samplesPerBucket > 16) {
			throw new IllegalArgumentException("samplesPerBucket must be between 0 and 16, was " + samplesPerBucket);
		}
		this.samplesPerBucket = samplesPerBucket;
		return this;
	}

	/**
	 * Builds the processor.
	 * @return the processor
	 */
	public RecentSpansProcessor build() {
		return new RecentSpansProcessor(this.maxSpans, this.maxSpanNames, this.samplesPerBucket);
	}

}

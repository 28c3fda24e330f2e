package dev.telemetry.sdk.metrics;

import java.util.List;

import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;

/**
 * A snapshot of the metrics SDK's own state, for diagnostics pages: each reader's
 * collections, each stream's attribute sets and overflows, the views that dropped or
 * conflicted, and the asynchronous callbacks that failed. Immutable.
 *
 * @param readers one entry per registered reader, in registration order
 * @param streams one entry per stream and reader
 * @param droppedStreams instrument streams a view dropped ({@link Aggregation#drop()})
 * @param conflicts stream names that two different streams of one meter share
 * @param callbackFailures how many asynchronous callback runs threw
 * @param callbackTimeouts how many asynchronous callback runs a collection stopped
 * waiting for
 * @since 0.1.0
 */
public record MetricsDiagnostics(List<Reader> readers, List<Stream> streams, List<DroppedStream> droppedStreams,
		List<Conflict> conflicts, long callbackFailures, long callbackTimeouts) {

	public MetricsDiagnostics {
		readers = List.copyOf(readers);
		streams = List.copyOf(streams);
		droppedStreams = List.copyOf(droppedStreams);
		conflicts = List.copyOf(conflicts);
	}

	/**
	 * One reader's collections.
	 *
	 * @param reader the reader's {@code toString()}
	 * @param collections how many collections ran
	 * @param lastCollectionEpochNanos when the last collection started, or 0 before the
	 * first
	 * @param lastCollectionDurationNanos how long the last collection took
	 */
	public record Reader(String reader, long collections, long lastCollectionEpochNanos,
			long lastCollectionDurationNanos) {
	}

	/**
	 * One stream as one reader sees it.
	 *
	 * @param reader the reader's {@code toString()}
	 * @param scope the meter's scope
	 * @param instrumentName the instrument's name
	 * @param instrumentType the instrument's kind
	 * @param streamName the stream's name
	 * @param aggregation the aggregation in use
	 * @param temporality the temporality in use
	 * @param seriesCount how many attribute sets the stream holds now, counting the
	 * overflow set
	 * @param cardinalityLimit the stream's cardinality limit
	 * @param overflowMeasurements how many measurements went to the overflow set because
	 * the limit was reached
	 */
	public record Stream(String reader, InstrumentationScope scope, String instrumentName,
			InstrumentType instrumentType, String streamName, String aggregation, AggregationTemporality temporality,
			int seriesCount, int cardinalityLimit, long overflowMeasurements) {
	}

	/**
	 * An instrument stream that a view dropped.
	 *
	 * @param scope the meter's scope
	 * @param instrumentName the instrument's name
	 */
	public record DroppedStream(InstrumentationScope scope, String instrumentName) {
	}

	/**
	 * Two or more different streams of one meter that share a name; they are kept apart
	 * and both exported, which back ends may reject or mix up.
	 *
	 * @param scope the meter's scope
	 * @param streamName the shared stream name
	 * @param reason what differs between them
	 */
	public record Conflict(InstrumentationScope scope, String streamName, String reason) {
	}

}

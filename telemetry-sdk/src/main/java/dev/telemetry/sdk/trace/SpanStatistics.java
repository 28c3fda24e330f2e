package dev.telemetry.sdk.trace;

import java.util.List;

import dev.telemetry.sdk.trace.samplers.SamplingDecision;

/**
 * A snapshot of how many spans a {@link TracerProvider} started and how many of the
 * recording ones are still running. The counters only grow; a snapshot taken while spans
 * start and end may be off by those, each counter on its own is exact.
 * <p>
 * Immutable.
 *
 * @param started spans started since the provider was built, one entry per sampling
 * decision and parent origin (all nine, zeros included); spans started after shutdown
 * count as {@link SamplingDecision#DROP}
 * @param liveSampled recording and sampled spans that have not ended yet
 * @param liveRecordOnly recording but unsampled spans that have not ended yet
 * @since 0.1.0
 */
public record SpanStatistics(List<Started> started, long liveSampled, long liveRecordOnly) {

	/**
	 * Copies the list.
	 * @param started the started counts
	 * @param liveSampled sampled spans running
	 * @param liveRecordOnly record-only spans running
	 */
	public SpanStatistics {
		started = List.copyOf(started);
	}

	/**
	 * Returns how many spans were started, whatever the decision and parent.
	 * @return the total
	 */
	public long startedTotal() {
		long total = 0;
		for (Started entry : this.started) {
			total += entry.count();
		}
		return total;
	}

	/**
	 * Returns how many spans were started with a decision, whatever the parent.
	 * @param decision the decision
	 * @return the count
	 */
	public long started(SamplingDecision decision) {
		long total = 0;
		for (Started entry : this.started) {
			if (entry.decision() == decision) {
				total += entry.count();
			}
		}
		return total;
	}

	/**
	 * How many spans were started with one decision and one kind of parent.
	 *
	 * @param decision the sampler's decision
	 * @param parentOrigin where the parent came from
	 * @param count the running total
	 */
	public record Started(SamplingDecision decision, ParentOrigin parentOrigin, long count) {

	}

}

package dev.telemetry.sdk.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import dev.telemetry.sdk.trace.samplers.SamplingDecision;
import dev.telemetry.sdk.trace.span.SpanContext;

/**
 * The counters behind {@link SpanStatistics}: one increment when a span starts and one
 * when a recording span ends.
 * <p>
 * Implementation: striped ({@link LongAdder}), because every application thread starting
 * spans would otherwise write one shared cache line. Live spans are not counted up and
 * down: they are the recording spans started minus those ended, computed when read.
 */
final class SpanCounters {

	private static final SamplingDecision[] DECISIONS = SamplingDecision.values();

	private static final ParentOrigin[] ORIGINS = ParentOrigin.values();

	private final LongAdder[] started = new LongAdder[DECISIONS.length * ORIGINS.length];

	private final LongAdder endedSampled = new LongAdder();

	private final LongAdder endedRecordOnly = new LongAdder();

	SpanCounters() {
		for (int i = 0; i < this.started.length; i++) {
			this.started[i] = new LongAdder();
		}
	}

	void started(SamplingDecision decision, SpanContext parent) {
		int origin = !parent.isValid() ? 0 : parent.isRemote() ? 2 : 1;
		this.started[decision.ordinal() * ORIGINS.length + origin].increment();
	}

	void ended(boolean sampled) {
		(sampled ? this.endedSampled : this.endedRecordOnly).increment();
	}

	SpanStatistics snapshot() {
		// Ends first: a span that starts and ends while we read is then never counted
		// as ended without having been counted as started.
		long endedSampled = this.endedSampled.sum();
		long endedRecordOnly = this.endedRecordOnly.sum();
		List<SpanStatistics.Started> started = new ArrayList<>(this.started.length);
		long startedSampled = 0;
		long startedRecordOnly = 0;
		for (SamplingDecision decision : DECISIONS) {
			for (ParentOrigin origin : ORIGINS) {
				long count = this.started[decision.ordinal() * ORIGINS.length + origin.ordinal()].sum();
				started.add(new SpanStatistics.Started(decision, origin, count));
				if (decision == SamplingDecision.RECORD_AND_SAMPLE) {
					startedSampled += count;
				}
				else if (decision == SamplingDecision.RECORD_ONLY) {
					startedRecordOnly += count;
				}
			}
		}
		return new SpanStatistics(started, Math.max(0, startedSampled - endedSampled),
				Math.max(0, startedRecordOnly - endedRecordOnly));
	}

}

package dev.telemetry.sdk.trace.recent;

import dev.telemetry.sdk.trace.span.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * One recent trace as far as {@link RecentSpansProcessor} still holds its spans.
 * <p>
 * Immutable.
 *
 * @param traceId the trace id, 32 lower-case hex digits
 * @param root the span without a parent in this process, or {@code null} when it has not
 * ended yet or has left the ring (then the earliest span stands in for it in
 * {@code name})
 * @param name the root span's name, else the earliest held span's
 * @param startEpochNanos when the earliest held span started
 * @param durationNanos from the earliest start to the latest end of the held spans
 * @param spanCount how many of its spans are held
 * @param errorCount how many of those have an error status
 * @param latestEndEpochNanos when the latest held span ended, for ordering traces
 * @since 0.1.0
 */
public record TraceSummary(String traceId, @Nullable SpanData root, String name, long startEpochNanos,
		long durationNanos, int spanCount, int errorCount, long latestEndEpochNanos) {

}

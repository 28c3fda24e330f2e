package dev.telemetry.autoconfigure.actuate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.EventDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.LatencyDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.RecentSpansDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.SpanDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.SpanNameDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.TraceDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.TraceSummaryDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.TracesDescriptor;
import dev.telemetry.sdk.trace.recent.RecentSpansProcessor;
import dev.telemetry.sdk.trace.recent.SpanNameSummary;
import dev.telemetry.sdk.trace.recent.TraceSummary;
import dev.telemetry.sdk.trace.span.EventData;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.StatusData;
import org.jspecify.annotations.Nullable;

/**
 * Describes what {@link RecentSpansProcessor} keeps: spans per name, recent traces and
 * one trace's spans, with attribute values as {@link AttributeValues} allows. Stateless
 * but for its collaborators; thread-safe.
 */
final class SpanDescriptions {

	private static final double NANOS_PER_MILLI = 1_000_000.0;

	private final RecentSpansProcessor recentSpans;

	private final AttributeValues values;

	SpanDescriptions(RecentSpansProcessor recentSpans, AttributeValues values) {
		this.recentSpans = recentSpans;
		this.values = values;
	}

	RecentSpansDescriptor names(boolean shown) {
		List<SpanNameDescriptor> names = new ArrayList<>();
		for (SpanNameSummary summary : this.recentSpans.getSpanNameSummaries()) {
			List<LatencyDescriptor> latencies = new ArrayList<>();
			for (SpanNameSummary.Bucket bucket : summary.latencies()) {
				if (bucket.count() > 0) {
					latencies.add(new LatencyDescriptor(bucket.bucket().name(),
							bucket.bucket().getLowerBound().toNanos() / NANOS_PER_MILLI, bucket.count(),
							spans(bucket.samples(), shown)));
				}
			}
			names.add(new SpanNameDescriptor(summary.name(), summary.count(), summary.errorCount(), latencies,
					spans(summary.errorSamples(), shown)));
		}
		return new RecentSpansDescriptor(this.recentSpans.getMaxSpans(), this.recentSpans.getSpanCount(),
				this.recentSpans.getMaxSpanNames(), this.recentSpans.getSamplesPerBucket(), shown, names);
	}

	TracesDescriptor traces(int limit, boolean shown) {
		List<TraceSummaryDescriptor> traces = new ArrayList<>();
		for (TraceSummary trace : this.recentSpans.getRecentTraces(limit)) {
			SpanData root = trace.root();
			traces.add(new TraceSummaryDescriptor(trace.traceId(), trace.name(), (root != null) ? service(root) : null,
					instant(trace.startEpochNanos()), trace.startEpochNanos(), trace.durationNanos() / NANOS_PER_MILLI,
					trace.spanCount(), trace.errorCount(), root != null));
		}
		return new TracesDescriptor(shown, traces);
	}

	@Nullable TraceDescriptor trace(String traceId, boolean shown) {
		List<SpanData> spans = this.recentSpans.getTrace(traceId);
		if (spans.isEmpty()) {
			return null;
		}
		return new TraceDescriptor(spans.get(0).getSpanContext().getTraceId(), shown, spans(spans, shown));
	}

	private List<SpanDescriptor> spans(List<SpanData> spans, boolean shown) {
		List<SpanDescriptor> descriptors = new ArrayList<>(spans.size());
		for (SpanData span : spans) {
			descriptors.add(span(span, shown));
		}
		return descriptors;
	}

	SpanDescriptor span(SpanData span, boolean shown) {
		SpanContext context = span.getSpanContext();
		SpanContext parent = span.getParentSpanContext();
		StatusData status = span.getStatus();
		List<EventDescriptor> events = new ArrayList<>(span.getEvents().size());
		for (EventData event : span.getEvents()) {
			events.add(new EventDescriptor(event.name(), instant(event.epochNanos()), event.epochNanos(),
					this.values.span(event.attributes(), shown)));
		}
		return new SpanDescriptor(context.getTraceId(), context.getSpanId(),
				parent.isValid() ? parent.getSpanId() : null, parent.isValid() && parent.isRemote(), span.getName(),
				span.getKind().name(), instant(span.getStartEpochNanos()), span.getStartEpochNanos(),
				Math.max(0, span.getEndEpochNanos() - span.getStartEpochNanos()) / NANOS_PER_MILLI,
				status.code().name(), this.values.text("status.description", status.description(), shown),
				service(span), scope(span), this.values.span(span.getAttributes(), shown), events);
	}

	private static @Nullable String service(SpanData span) {
		Object name = span.getResource().getAttributes().get("service.name");
		return (name != null) ? name.toString() : null;
	}

	private static String scope(SpanData span) {
		String version = span.getInstrumentationScope().version();
		return span.getInstrumentationScope().name() + ((version != null) ? " " + version : "");
	}

	static String instant(long epochNanos) {
		return Instant
			.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L))
			.toString();
	}

}

package dev.telemetry.autoconfigure.actuate;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What {@code GET /actuator/telemetry} answers: the story of a span from start to
 * collector. Every part is also served alone ({@code /actuator/telemetry/{part}}). Times
 * are ISO-8601 instants, durations milliseconds. {@code docs/actuator.md} describes every
 * field.
 *
 * @param resource the resource every span carries
 * @param sampler the sampler, configured and in effect
 * @param spans spans started and running
 * @param processors the batch processors between spans and exporters
 * @param exporters the exporters
 * @param metrics the metrics pipeline, or {@code null} when metrics are off
 * @since 0.1.0
 */
public record TelemetryDescriptor(ResourceDescriptor resource, SamplerDescriptor sampler, SpansDescriptor spans,
		List<ProcessorDescriptor> processors, List<ExporterDescriptor> exporters,
		@Nullable MetricsDescriptor metrics) implements OperationResponseBody {

	/**
	 * The resource.
	 *
	 * @param attributes its attributes; values of keys that look like credentials masked
	 */
	public record ResourceDescriptor(Map<String, Object> attributes) implements OperationResponseBody {

	}

	/**
	 * The sampler.
	 *
	 * @param configured the description of the sampler built from the configuration
	 * @param effective the description of the sampler deciding now
	 * @param type the sampler type in effect, when the starter built it
	 * @param ratio the ratio in effect, when the sampler has one
	 * @param change the run-time change in effect, or {@code null}
	 * @param rules per rule (and the fallback) how many spans it matched and sampled
	 * since the sampler in effect was built
	 * @param steerable whether write operations can change it (the application did not
	 * define its own sampler)
	 */
	public record SamplerDescriptor(String configured, String effective, @Nullable String type, @Nullable Double ratio,
			@Nullable ChangeDescriptor change, List<RuleDescriptor> rules,
			boolean steerable) implements OperationResponseBody {

	}

	/**
	 * A run-time change of the sampler.
	 *
	 * @param what what was set
	 * @param changedBy the principal who set it, or {@code anonymous}
	 * @param changedAt when
	 * @param until when it reverts to the configuration, or {@code null} if it does not
	 * on its own
	 */
	public record ChangeDescriptor(String what, String changedBy, String changedAt, @Nullable String until) {

	}

	/**
	 * One rule of a rule-based sampler.
	 *
	 * @param rule the rule's description
	 * @param matched spans it decided for
	 * @param sampled of those, spans it sampled
	 */
	public record RuleDescriptor(String rule, long matched, long sampled) {

	}

	/**
	 * Spans started and running.
	 *
	 * @param started spans started, by sampling result ({@code DROP},
	 * {@code RECORD_ONLY}, {@code RECORD_AND_SAMPLE}) and then parent origin
	 * ({@code none}, {@code local}, {@code remote})
	 * @param startedTotal all spans started
	 * @param live recording spans not ended yet, by sampling result
	 * @param recent what ended recently, per span name; only in
	 * {@code /actuator/telemetry/spans}
	 */
	public record SpansDescriptor(Map<String, Map<String, Long>> started, long startedTotal, Map<String, Long> live,
			@Nullable RecentSpansDescriptor recent) implements OperationResponseBody {

	}

	/**
	 * The batch span processors, as {@code /actuator/telemetry/processors} shows them.
	 *
	 * @param processors the processors
	 */
	public record ProcessorsDescriptor(List<ProcessorDescriptor> processors) implements OperationResponseBody {

	}

	/**
	 * The exporters, as {@code /actuator/telemetry/exporters} shows them.
	 *
	 * @param exporters the exporters
	 */
	public record ExportersDescriptor(List<ExporterDescriptor> exporters) implements OperationResponseBody {

	}

	/**
	 * A batch span processor.
	 *
	 * @param name its {@code otel.component.name}
	 * @param type its {@code otel.component.type}
	 * @param queueSize spans waiting in the queue
	 * @param queueCapacity the most the queue holds
	 * @param processed spans handed to the exporter
	 * @param exported of those, spans the exporter accepted
	 * @param failed spans of exports that failed or timed out
	 * @param dropped spans dropped, by reason ({@code queue_full},
	 * {@code already_shutdown})
	 */
	public record ProcessorDescriptor(String name, String type, long queueSize, int queueCapacity, long processed,
			long exported, long failed, Map<String, Long> dropped) {

	}

	/**
	 * An exporter.
	 *
	 * @param name its {@code otel.component.name}
	 * @param type its {@code otel.component.type}
	 * @param protocol {@code grpc} or {@code http/protobuf}, or {@code null} for an
	 * exporter that is not OTLP
	 * @param endpoint where it sends, credentials and query masked
	 * @param headers names of the headers it sends (never their values)
	 * @param state {@code ok}, {@code failing}, or {@code unknown} for an exporter that
	 * keeps no statistics
	 * @param failingSince when the current run of failures began
	 * @param exports export calls: attempted, succeeded, failed
	 * @param spans spans: exported, failed, rejected, inFlight
	 * @param failedByKind failed spans by the kind of the export's last failure
	 * @param retries attempts after the first
	 * @param lastError the latest failed attempt
	 * @param lastSuccess when the collector last accepted an export
	 * @param latency export latency in milliseconds: last, mean, max
	 */
	public record ExporterDescriptor(String name, String type, @Nullable String protocol, @Nullable String endpoint,
			List<String> headers, String state, @Nullable String failingSince, Map<String, Long> exports,
			Map<String, Long> spans, Map<String, Long> failedByKind, long retries, @Nullable ErrorDescriptor lastError,
			@Nullable String lastSuccess, Map<String, Double> latency) {

	}

	/**
	 * A failed export attempt.
	 *
	 * @param kind a status such as {@code UNAVAILABLE}, {@code HTTP 503} or
	 * {@code CONNECTION_REFUSED}
	 * @param message what happened and its likely cause, secrets masked
	 * @param time when
	 */
	public record ErrorDescriptor(String kind, @Nullable String message, @Nullable String time) {

	}

	/**
	 * Recently ended spans per name.
	 *
	 * @param maxSpans the size of the ring of recent spans
	 * @param heldSpans spans in the ring now
	 * @param maxSpanNames names counted separately at most
	 * @param samplesPerBucket samples kept per name and bucket
	 * @param valuesShown whether attribute values are shown to this caller
	 * @param names per span name
	 */
	public record RecentSpansDescriptor(int maxSpans, int heldSpans, int maxSpanNames, int samplesPerBucket,
			boolean valuesShown, List<SpanNameDescriptor> names) {

	}

	/**
	 * The recent spans of one name.
	 *
	 * @param name the span name
	 * @param count spans ended since start
	 * @param errorCount of those, spans with an error status
	 * @param latencies per latency bucket with at least one span: its lower bound in
	 * milliseconds, count and samples
	 * @param errorSamples a few recent error spans
	 */
	public record SpanNameDescriptor(String name, long count, long errorCount, List<LatencyDescriptor> latencies,
			List<SpanDescriptor> errorSamples) {

	}

	/**
	 * One latency bucket of a span name.
	 *
	 * @param bucket the bucket's name, such as {@code UNDER_10_MILLIS}
	 * @param fromMillis its lower bound, inclusive
	 * @param count spans in it
	 * @param samples a few recent ones
	 */
	public record LatencyDescriptor(String bucket, double fromMillis, long count, List<SpanDescriptor> samples) {

	}

	/**
	 * Recent traces.
	 *
	 * @param valuesShown whether attribute values are shown to this caller
	 * @param traces the traces, latest first
	 */
	public record TracesDescriptor(boolean valuesShown,
			List<TraceSummaryDescriptor> traces) implements OperationResponseBody {

	}

	/**
	 * One recent trace.
	 *
	 * @param traceId the trace id
	 * @param name the name of its local root span (else of its earliest held span)
	 * @param service the {@code service.name} of that span
	 * @param start when its earliest held span started
	 * @param startEpochNanos the same, in nanoseconds since the epoch
	 * @param durationMillis from its earliest start to its latest end
	 * @param spanCount spans held
	 * @param errorCount of those, spans with an error status
	 * @param complete whether its local root span is held
	 */
	public record TraceSummaryDescriptor(String traceId, String name, @Nullable String service, String start,
			long startEpochNanos, double durationMillis, int spanCount, int errorCount, boolean complete) {

	}

	/**
	 * The held spans of one trace.
	 *
	 * @param traceId the trace id
	 * @param valuesShown whether attribute values are shown to this caller
	 * @param spans its spans, earliest start first
	 */
	public record TraceDescriptor(String traceId, boolean valuesShown,
			List<SpanDescriptor> spans) implements OperationResponseBody {

	}

	/**
	 * One ended span.
	 *
	 * @param traceId the trace id
	 * @param spanId the span id
	 * @param parentSpanId the parent's span id, or {@code null} for a root span
	 * @param remoteParent whether the parent is in another process
	 * @param name the name
	 * @param kind the kind
	 * @param start when it started
	 * @param startEpochNanos the same, in nanoseconds since the epoch
	 * @param durationMillis how long it took
	 * @param status {@code UNSET}, {@code OK} or {@code ERROR}
	 * @param statusDescription the status description, masked unless values are shown
	 * @param service the {@code service.name} of its resource
	 * @param scope its instrumentation scope
	 * @param attributes its attributes, values masked unless shown
	 * @param events its events (exceptions among them), attribute values masked unless
	 * shown
	 */
	public record SpanDescriptor(String traceId, String spanId, @Nullable String parentSpanId, boolean remoteParent,
			String name, String kind, String start, long startEpochNanos, double durationMillis, String status,
			String statusDescription, @Nullable String service, String scope, Map<String, Object> attributes,
			List<EventDescriptor> events) {

	}

	/**
	 * One span event.
	 *
	 * @param name the name ({@code exception} for a recorded exception)
	 * @param time when
	 * @param epochNanos the same, in nanoseconds since the epoch
	 * @param attributes its attributes, values masked unless shown
	 */
	public record EventDescriptor(String name, String time, long epochNanos, Map<String, Object> attributes) {

	}

	/**
	 * The outcome of a flush of spans and, when metrics are on, metrics.
	 *
	 * @param completed whether it finished within the timeout, for every signal
	 * @param success whether every export in it succeeded, for every signal
	 * @param exportedSpans spans exported meanwhile
	 * @param failedSpans spans whose export failed meanwhile
	 * @param tookMillis how long it took
	 * @param metrics the metrics part of the flush, or {@code null} when metrics are off
	 */
	public record FlushDescriptor(boolean completed, boolean success, long exportedSpans, long failedSpans,
			double tookMillis, @Nullable SignalFlushDescriptor metrics) implements OperationResponseBody {

	}

	/**
	 * The outcome of the flush of one signal.
	 *
	 * @param completed whether it finished within the timeout
	 * @param success whether every export in it succeeded
	 * @param exportedDataPoints data points the collector accepted meanwhile
	 * @param failedDataPoints data points whose export failed, or that the collector
	 * rejected, meanwhile
	 */
	public record SignalFlushDescriptor(boolean completed, boolean success, long exportedDataPoints,
			long failedDataPoints) {

	}

	/**
	 * The metrics pipeline, as {@code /actuator/telemetry/metrics} shows it.
	 *
	 * @param readers each reader's collections
	 * @param instruments each instrument's streams, per reader
	 * @param droppedStreams instrument streams a view dropped
	 * @param conflicts stream names two different streams of one meter share
	 * @param callbacks asynchronous callback runs that {@code failed} (threw) or
	 * {@code timedOut}
	 * @param exporters the OTLP metric exporters
	 */
	public record MetricsDescriptor(List<ReaderDescriptor> readers, List<MetricInstrumentDescriptor> instruments,
			List<DroppedStreamDescriptor> droppedStreams, List<ConflictDescriptor> conflicts,
			Map<String, Long> callbacks, List<MetricExporterDescriptor> exporters) implements OperationResponseBody {

	}

	/**
	 * A metric reader.
	 *
	 * @param name its {@code otel.component.name}
	 * @param description what it is, as the SDK describes it
	 * @param collections collections run
	 * @param lastCollection when the last collection started, or {@code null} before the
	 * first
	 * @param lastCollectionMillis how long the last collection took, or {@code null}
	 * before the first
	 */
	public record ReaderDescriptor(String name, String description, long collections, @Nullable String lastCollection,
			@Nullable Double lastCollectionMillis) {

	}

	/**
	 * An instrument and its streams.
	 *
	 * @param scope the meter's scope name
	 * @param scopeVersion the meter's scope version, or {@code null}
	 * @param instrument the instrument's name
	 * @param instrumentType the instrument's kind, such as {@code COUNTER}
	 * @param seriesCount attribute sets over all its streams
	 * @param overflowMeasurements measurements over all its streams that went to the
	 * overflow series
	 * @param streams its streams, one per view and reader
	 */
	public record MetricInstrumentDescriptor(String scope, @Nullable String scopeVersion, String instrument,
			String instrumentType, long seriesCount, long overflowMeasurements, List<StreamDescriptor> streams) {

	}

	/**
	 * One stream of an instrument as one reader sees it.
	 *
	 * @param name the stream's (the metric's) name
	 * @param reader the reader's {@code otel.component.name}
	 * @param aggregation the aggregation
	 * @param temporality {@code CUMULATIVE} or {@code DELTA}
	 * @param seriesCount attribute sets held now, the overflow series included
	 * @param cardinalityLimit the most attribute sets it holds
	 * @param overflowMeasurements measurements that went to the
	 * {@code otel.metric.overflow} series because the limit was reached
	 */
	public record StreamDescriptor(String name, String reader, String aggregation, String temporality, int seriesCount,
			int cardinalityLimit, long overflowMeasurements) {

	}

	/**
	 * An instrument stream a view dropped.
	 *
	 * @param scope the meter's scope name
	 * @param instrument the instrument's name
	 */
	public record DroppedStreamDescriptor(String scope, String instrument) {

	}

	/**
	 * Different streams of one meter that share a name.
	 *
	 * @param scope the meter's scope name
	 * @param stream the shared name
	 * @param reason what differs between them
	 */
	public record ConflictDescriptor(String scope, String stream, String reason) {

	}

	/**
	 * An OTLP metric exporter; as {@link ExporterDescriptor}, with data points where a
	 * span exporter has spans.
	 *
	 * @param name its {@code otel.component.name}
	 * @param type its {@code otel.component.type}
	 * @param protocol {@code grpc} or {@code http/protobuf}
	 * @param endpoint where it sends
	 * @param headers names of the headers it sends (never their values)
	 * @param state {@code ok} or {@code failing}
	 * @param failingSince when the current run of failures began
	 * @param exports export calls: attempted, succeeded, failed
	 * @param dataPoints data points: exported, failed, rejected, inFlight
	 * @param failedByKind failed data points by the kind of the export's last failure
	 * @param retries attempts after the first
	 * @param lastError the latest failed attempt
	 * @param lastSuccess when the collector last accepted an export
	 * @param latency export latency in milliseconds: last, mean, max
	 */
	public record MetricExporterDescriptor(String name, String type, String protocol, String endpoint,
			List<String> headers, String state, @Nullable String failingSince, Map<String, Long> exports,
			Map<String, Long> dataPoints, Map<String, Long> failedByKind, long retries,
			@Nullable ErrorDescriptor lastError, @Nullable String lastSuccess, Map<String, Double> latency) {

	}

}

package dev.telemetry.autoconfigure.actuate;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.FlushDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.MetricsDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.SignalFlushDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.SpansDescriptor;
import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.export.otlp.ExporterStatistics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;

/**
 * The {@code telemetry} endpoint: reads the tracing pipeline (resource, sampler, spans,
 * processors, exporters) and, when metrics are on, the metrics pipeline (readers,
 * streams, series, overflows, exporters), what was traced recently (per span name, and as
 * traces), and steers it (the sampler; a flush). Read-only by default; the write
 * operations need {@code management.endpoint.telemetry.access=unrestricted}.
 * <ul>
 * <li>{@code GET /actuator/telemetry}: the whole document;</li>
 * <li>{@code GET /actuator/telemetry/{part}}: {@code resource}, {@code sampler},
 * {@code spans} (with the recent spans per name), {@code processors}, {@code exporters},
 * {@code metrics} (absent when metrics are off), or {@code traces} (recent traces;
 * {@code ?limit=} at most, 100 by default);</li>
 * <li>{@code GET /actuator/telemetry/traces/{traceId}}: the held spans of one trace;</li>
 * <li>{@code POST /actuator/telemetry/sampler} with {@code {"ratio": 1.0}} or
 * {@code {"rules": true}}, either with {@code "duration": "15m"} to revert on its own;
 * with neither, back to the configuration;</li>
 * <li>{@code POST /actuator/telemetry/flush}, optionally {@code {"timeout": "10s"}}:
 * spans and metrics.</li>
 * </ul>
 * Attribute values of spans are shown only as {@code management.endpoint.telemetry.
 * show-values} allows. Unknown parts and traces answer 404, invalid requests 400.
 *
 * @since 0.1.0
 */
@Endpoint(id = "telemetry", defaultAccess = Access.READ_ONLY)
public class TelemetryEndpoint {

	/** How long a flush waits when the request names no timeout. */
	static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofSeconds(10);

	/** The longest flush timeout accepted. */
	static final Duration MAX_FLUSH_TIMEOUT = Duration.ofMinutes(1);

	/** The longest sampler change duration accepted. */
	static final Duration MAX_CHANGE_DURATION = Duration.ofDays(1);

	static final int DEFAULT_TRACE_LIMIT = 100;

	private static final Log logger = LogFactory.getLog(TelemetryEndpoint.class);

	private final TelemetryPipeline pipeline;

	private final PipelineDescriptions descriptions;

	private final SpanDescriptions spanDescriptions;

	private final AttributeValues values;

	private final @Nullable SamplerSteering steering;

	private final @Nullable MetricsPipeline metricsPipeline;

	private final @Nullable MetricsDescriptions metricsDescriptions;

	TelemetryEndpoint(TelemetryPipeline pipeline, @Nullable MetricsPipeline metricsPipeline,
			@Nullable SamplerSteering steering, SpanDescriptions spanDescriptions, AttributeValues values) {
		this.pipeline = pipeline;
		this.metricsPipeline = metricsPipeline;
		this.metricsDescriptions = (metricsPipeline != null) ? new MetricsDescriptions(metricsPipeline) : null;
		this.steering = steering;
		this.descriptions = new PipelineDescriptions(pipeline, steering, values);
		this.spanDescriptions = spanDescriptions;
		this.values = values;
	}

	/**
	 * Describes the whole pipeline.
	 * @return the document
	 */
	@ReadOperation
	public TelemetryDescriptor telemetry() {
		return new TelemetryDescriptor(this.descriptions.resource(), this.descriptions.sampler(),
				this.descriptions.spans(null), this.descriptions.processors(), this.descriptions.exporters(),
				metrics());
	}

	/**
	 * Describes one part of the pipeline.
	 * @param securityContext the caller, for {@code show-values}
	 * @param part the part's name
	 * @param limit for {@code traces}, the most traces to return
	 * @return the part, or {@code null} (404) for an unknown one
	 */
	@ReadOperation
	public @Nullable Object part(SecurityContext securityContext, @Selector String part, @Nullable Integer limit) {
		return switch (part) {
			case "resource" -> this.descriptions.resource();
			case "sampler" -> this.descriptions.sampler();
			case "spans" -> spans(securityContext);
			case "processors" -> new TelemetryDescriptor.ProcessorsDescriptor(this.descriptions.processors());
			case "exporters" -> new TelemetryDescriptor.ExportersDescriptor(this.descriptions.exporters());
			case "metrics" -> metrics();
			case "traces" -> this.spanDescriptions.traces(limit(limit), this.values.isShown(securityContext));
			default -> null;
		};
	}

	/**
	 * Describes the held spans of one trace.
	 * @param securityContext the caller, for {@code show-values}
	 * @param part must be {@code traces}
	 * @param id the trace id
	 * @return the trace, or {@code null} (404) when none of its spans is held
	 */
	@ReadOperation
	public TelemetryDescriptor.@Nullable TraceDescriptor trace(SecurityContext securityContext, @Selector String part,
			@Selector String id) {
		if (!"traces".equals(part)) {
			return null;
		}
		return this.spanDescriptions.trace(id, this.values.isShown(securityContext));
	}

	/**
	 * Steers the pipeline: changes the sampler or flushes.
	 * @param securityContext the caller, named in the log
	 * @param part {@code sampler} or {@code flush}
	 * @param ratio for {@code sampler}: the new ratio
	 * @param rules for {@code sampler}: {@code true} to use the configured rules
	 * @param duration for {@code sampler}: how long the change lasts, such as {@code 15m}
	 * @param timeout for {@code flush}: how long to wait, such as {@code 10s}
	 * @return the sampler after the change, or what the flush exported
	 */
	@WriteOperation
	public OperationResponseBody steer(SecurityContext securityContext, @Selector String part, @Nullable Double ratio,
			@Nullable Boolean rules, @Nullable String duration, @Nullable String timeout) {
		String who = who(securityContext);
		return switch (part) {
			case "sampler" -> changeSampler(ratio, rules, duration, who);
			case "flush" -> flush(timeout, who);
			default -> throw new InvalidEndpointRequestException("Unknown operation '" + part + "'",
					"Only sampler and flush can be written");
		};
	}

	private @Nullable MetricsDescriptor metrics() {
		return (this.metricsDescriptions != null) ? this.metricsDescriptions.metrics() : null;
	}

	private SpansDescriptor spans(SecurityContext securityContext) {
		return this.descriptions.spans(this.spanDescriptions.names(this.values.isShown(securityContext)));
	}

	private TelemetryDescriptor.SamplerDescriptor changeSampler(@Nullable Double ratio, @Nullable Boolean rules,
			@Nullable String duration, String who) {
		SamplerSteering steering = this.steering;
		if (steering == null) {
			throw new InvalidEndpointRequestException("The application defines its own sampler",
					"The sampler cannot be changed: the application defines its own Sampler bean");
		}
		boolean useRules = Boolean.TRUE.equals(rules);
		if (ratio != null && useRules) {
			throw new InvalidEndpointRequestException("Give either ratio or rules", "Give either ratio or rules");
		}
		Duration lasting = (duration != null) ? duration("duration", duration, MAX_CHANGE_DURATION) : null;
		try {
			if (ratio != null) {
				steering.setRatio(ratio, lasting, who);
			}
			else if (useRules) {
				steering.useConfiguredRules(lasting, who);
			}
			else if (lasting != null) {
				throw new InvalidEndpointRequestException("A duration needs a ratio or rules",
						"A duration needs a ratio or rules");
			}
			else {
				steering.reset(who);
			}
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
		return this.descriptions.sampler();
	}

	private FlushDescriptor flush(@Nullable String timeout, String who) {
		Duration wait = (timeout != null) ? duration("timeout", timeout, MAX_FLUSH_TIMEOUT) : DEFAULT_FLUSH_TIMEOUT;
		long[] spansBefore = spans();
		long[] dataPointsBefore = dataPoints();
		long start = System.nanoTime();
		long deadline = start + wait.toNanos();
		// Both signals flush at once; each is waited for until the same deadline.
		CompletableResult spans = this.pipeline.tracerProvider().forceFlush();
		CompletableResult metrics = (this.metricsPipeline != null) ? this.metricsPipeline.meterProvider().forceFlush()
				: null;
		spans.join(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
		SignalFlushDescriptor metricsFlushed = null;
		if (metrics != null) {
			metrics.join(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			long[] dataPoints = dataPoints();
			metricsFlushed = new SignalFlushDescriptor(metrics.isDone(), metrics.isSuccess(),
					dataPoints[0] - dataPointsBefore[0], dataPoints[1] - dataPointsBefore[1]);
		}
		double took = (System.nanoTime() - start) / 1_000_000.0;
		boolean completed = spans.isDone() && (metricsFlushed == null || metricsFlushed.completed());
		boolean success = spans.isSuccess() && (metricsFlushed == null || metricsFlushed.success());
		long[] spansAfter = spans();
		FlushDescriptor flushed = new FlushDescriptor(completed, success, spansAfter[0] - spansBefore[0],
				spansAfter[1] - spansBefore[1], took, metricsFlushed);
		logger.info(
				"Telemetry flush requested by " + who + ": "
						+ (flushed.completed() ? "completed" : "timed out after " + wait) + ", "
						+ flushed.exportedSpans() + " spans exported, " + flushed.failedSpans() + " failed"
						+ ((metricsFlushed != null) ? "; " + metricsFlushed.exportedDataPoints()
								+ " metric data points exported, " + metricsFlushed.failedDataPoints() + " failed"
								: ""));
		return flushed;
	}

	// Exported and failed spans over the batch processors.
	private long[] spans() {
		long[] totals = new long[2];
		for (TelemetryPipeline.Processor processor : this.pipeline.processors()) {
			totals[0] += processor.processor().getExportedSpans();
			totals[1] += processor.processor().getFailedSpans();
		}
		return totals;
	}

	// Exported, and failed or rejected, data points over the OTLP metric exporters.
	private long[] dataPoints() {
		long[] totals = new long[2];
		List<MetricsPipeline.Exporter> exporters = (this.metricsPipeline != null) ? this.metricsPipeline.exporters()
				: List.of();
		for (MetricsPipeline.Exporter exporter : exporters) {
			ExporterStatistics statistics = exporter.exporter().getStatistics();
			totals[0] += statistics.itemsExported();
			totals[1] += statistics.itemsFailed() + statistics.itemsRejected();
		}
		return totals;
	}

	private static Duration duration(String name, String value, Duration max) {
		Duration parsed;
		try {
			parsed = DurationStyle.detectAndParse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException("Invalid " + name + " '" + value + "'",
					name + " must be a duration such as 30s or 15m");
		}
		if (parsed.isNegative() || parsed.isZero() || parsed.compareTo(max) > 0) {
			throw new InvalidEndpointRequestException("Invalid " + name + " '" + value + "'",
					name + " must be greater than zero and at most " + max);
		}
		return parsed;
	}

	private static int limit(@Nullable Integer limit) {
		if (limit == null) {
			return DEFAULT_TRACE_LIMIT;
		}
		if (limit < 1) {
			throw new InvalidEndpointRequestException("Invalid limit " + limit, "limit must be at least 1");
		}
		return limit;
	}

	private static String who(SecurityContext securityContext) {
		Principal principal = securityContext.getPrincipal();
		return (principal != null) ? principal.getName() : "anonymous";
	}

}

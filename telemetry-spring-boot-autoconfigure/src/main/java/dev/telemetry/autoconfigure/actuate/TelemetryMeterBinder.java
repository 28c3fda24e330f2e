package dev.telemetry.autoconfigure.actuate;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import dev.telemetry.sdk.export.otlp.ExporterStatistics;
import dev.telemetry.sdk.export.otlp.OtlpExporter;
import dev.telemetry.sdk.export.otlp.OtlpSpanExporter;
import dev.telemetry.sdk.trace.ParentOrigin;
import dev.telemetry.sdk.trace.SpanStatistics;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.sdk.trace.samplers.SamplingDecision;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's self-metrics, named as the OpenTelemetry semantic conventions name them
 * ({@code otel.sdk.*}), in Micrometer's registry: so {@code /actuator/metrics} and a
 * Prometheus scrape show sampled, dropped and failed spans. Every meter is a function of
 * a counter the SDK keeps anyway and is read only when the registry publishes: nothing is
 * added to the span path.
 * <p>
 * Exporter failures are counted by {@code error.type}; a meter for a kind of failure is
 * registered when it is first seen at a publication.
 */
final class TelemetryMeterBinder implements MeterBinder {

	private static final String SPAN = "{span}";

	private static final Items SPAN_EXPORTER = new Items("otel.sdk.exporter.span", SPAN, "spans");

	private static final Items METRIC_EXPORTER = new Items("otel.sdk.exporter.metric_data_point", "{data_point}",
			"metric data points");

	private final TelemetryPipeline pipeline;

	private final @Nullable MetricsPipeline metrics;

	TelemetryMeterBinder(TelemetryPipeline pipeline, @Nullable MetricsPipeline metrics) {
		this.pipeline = pipeline;
		this.metrics = metrics;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		TracerProvider provider = this.pipeline.tracerProvider();
		for (SamplingDecision decision : SamplingDecision.values()) {
			for (ParentOrigin origin : ParentOrigin.values()) {
				FunctionCounter
					.builder("otel.sdk.span.started", provider,
							(tracerProvider) -> started(tracerProvider.getSpanStatistics(), decision, origin))
					.description("The number of created spans")
					.baseUnit(SPAN)
					.tags("otel.span.sampling_result", decision.name(), "otel.span.parent.origin", origin.value())
					.register(registry);
			}
		}
		Gauge
			.builder("otel.sdk.span.live", provider,
					(tracerProvider) -> tracerProvider.getSpanStatistics().liveSampled())
			.description(
					"The number of created spans with recording=true for which the end operation has not been called yet")
			.baseUnit(SPAN)
			.tags("otel.span.sampling_result", SamplingDecision.RECORD_AND_SAMPLE.name())
			.register(registry);
		Gauge
			.builder("otel.sdk.span.live", provider,
					(tracerProvider) -> tracerProvider.getSpanStatistics().liveRecordOnly())
			.description(
					"The number of created spans with recording=true for which the end operation has not been called yet")
			.baseUnit(SPAN)
			.tags("otel.span.sampling_result", SamplingDecision.RECORD_ONLY.name())
			.register(registry);
		for (TelemetryPipeline.Processor processor : this.pipeline.processors()) {
			bindProcessor(registry, processor);
		}
		for (TelemetryPipeline.Exporter exporter : this.pipeline.exporters()) {
			OtlpSpanExporter otlp = exporter.otlp();
			if (otlp != null) {
				new ExporterMeters(registry, exporter.name(), exporter.type(), otlp, SPAN_EXPORTER).bind();
			}
		}
		if (this.metrics != null) {
			for (MetricsPipeline.Exporter exporter : this.metrics.exporters()) {
				new ExporterMeters(registry, exporter.name(), exporter.type(), exporter.exporter(), METRIC_EXPORTER)
					.bind();
			}
		}
	}

	private static long started(SpanStatistics statistics, SamplingDecision decision, ParentOrigin origin) {
		for (SpanStatistics.Started entry : statistics.started()) {
			if (entry.decision() == decision && entry.parentOrigin() == origin) {
				return entry.count();
			}
		}
		return 0;
	}

	private static void bindProcessor(MeterRegistry registry, TelemetryPipeline.Processor named) {
		BatchSpanProcessor processor = named.processor();
		Tags tags = Tags.of("otel.component.type", named.type(), "otel.component.name", named.name());
		Gauge.builder("otel.sdk.processor.span.queue.size", processor, BatchSpanProcessor::getQueueSize)
			.description("The number of spans in the queue of a given instance of an SDK span processor")
			.baseUnit(SPAN)
			.tags(tags)
			.register(registry);
		Gauge.builder("otel.sdk.processor.span.queue.capacity", processor, BatchSpanProcessor::getQueueCapacity)
			.description("The maximum number of spans the queue of a given instance of an SDK span processor can hold")
			.baseUnit(SPAN)
			.tags(tags)
			.register(registry);
		processed(registry, processor, tags, BatchSpanProcessor::getProcessedSpans);
		processed(registry, processor, tags.and("error.type", "queue_full"),
				BatchSpanProcessor::getDroppedSpansQueueFull);
		processed(registry, processor, tags.and("error.type", "already_shutdown"),
				BatchSpanProcessor::getDroppedSpansAfterShutdown);
	}

	private static void processed(MeterRegistry registry, BatchSpanProcessor processor, Tags tags,
			ToDoubleFunction<BatchSpanProcessor> count) {
		FunctionCounter.builder("otel.sdk.processor.span.processed", processor, count)
			.description("The number of spans for which the processing has finished, either successful or failed")
			.baseUnit(SPAN)
			.tags(tags)
			.register(registry);
	}

	/**
	 * The meters of one OTLP exporter of spans or metrics.
	 */
	private static final class ExporterMeters {

		private final MeterRegistry registry;

		private final OtlpExporter exporter;

		private final Tags tags;

		private final Items items;

		private final Set<String> kindsRegistered = ConcurrentHashMap.newKeySet();

		ExporterMeters(MeterRegistry registry, String name, String type, OtlpExporter exporter, Items items) {
			this.registry = registry;
			this.exporter = exporter;
			this.items = items;
			ServerAddress server = ServerAddress.of(exporter.getEndpoint());
			String host = (server != null) ? server.address() : "unknown";
			String port = (server != null) ? String.valueOf(server.port()) : "unknown";
			this.tags = Tags.of("otel.component.type", type, "otel.component.name", name, "server.address", host,
					"server.port", port);
		}

		void bind() {
			Gauge.builder(this.items.prefix() + ".inflight", this, ExporterMeters::inFlight)
				.description("The number of " + this.items.description()
						+ " which were passed to the exporter, but that have not been exported yet")
				.baseUnit(this.items.unit())
				.tags(this.tags)
				.register(this.registry);
			exported(this.tags, (statistics) -> registerNewKinds(statistics).itemsExported());
			exported(this.tags.and("error.type", "rejected"), ExporterStatistics::itemsRejected);
			FunctionTimer
				.builder("otel.sdk.exporter.operation.duration", this.exporter,
						(exporter) -> exporter.getStatistics().exportsEnded(),
						(exporter) -> exporter.getStatistics().totalExportLatency().toNanos(), TimeUnit.NANOSECONDS)
				.description("The duration of exporting a batch of telemetry records")
				.tags(this.tags)
				.register(this.registry);
		}

		private double inFlight() {
			return registerNewKinds(this.exporter.getStatistics()).itemsInFlight();
		}

		// Publication reads the exporter's meters anyway: the moment to add one for each
		// kind of failure seen since the previous publication.
		private ExporterStatistics registerNewKinds(ExporterStatistics statistics) {
			for (Map.Entry<String, Long> entry : statistics.itemsFailedByKind().entrySet()) {
				String kind = entry.getKey();
				if (this.kindsRegistered.add(kind)) {
					exported(this.tags.and("error.type", kind),
							(current) -> current.itemsFailedByKind().getOrDefault(kind, 0L));
				}
			}
			return statistics;
		}

		private void exported(Tags tags, ToDoubleFunction<ExporterStatistics> count) {
			FunctionCounter
				.builder(this.items.prefix() + ".exported", this.exporter,
						(exporter) -> count.applyAsDouble(exporter.getStatistics()))
				.description("The number of " + this.items.description()
						+ " for which the export has finished, either successful or failed")
				.baseUnit(this.items.unit())
				.tags(tags)
				.register(this.registry);
		}

	}

	/**
	 * What an exporter's meters count.
	 *
	 * @param prefix the meter name prefix
	 * @param unit the unit of the counts
	 * @param description the items, in words
	 */
	private record Items(String prefix, String unit, String description) {
	}

}

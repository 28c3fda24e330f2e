package dev.telemetry.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.export.otlp.ExporterStatistics;
import dev.telemetry.sdk.export.otlp.OtlpExporter;
import dev.telemetry.sdk.metrics.DoubleHistogram;
import dev.telemetry.sdk.metrics.Meter;
import dev.telemetry.sdk.metrics.ObservableInstrument;
import dev.telemetry.sdk.metrics.ObservableLongMeasurement;
import dev.telemetry.sdk.trace.ParentOrigin;
import dev.telemetry.sdk.trace.SpanStatistics;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.sdk.trace.samplers.SamplingDecision;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's self-metrics as asynchronous instruments of the starter's own meter provider
 * (scope {@value #SCOPE}), so they are exported with the application's metrics (OTLP, the
 * Prometheus scrape). Named, typed and attributed as the OpenTelemetry semantic
 * conventions for SDK self-observability define them. Every callback reads counters the
 * SDK keeps anyway, at collection: nothing is added to the span or recording path.
 * <p>
 * The one synchronous instrument is {@code otel.sdk.exporter.operation.duration}: the
 * conventions make it a histogram, which needs each export's duration, so every OTLP
 * exporter reports its exports' ends to it ({@link OtlpExporter#setExportListener}), once
 * per export. Closing removes every callback and listener.
 */
final class TelemetrySelfInstruments implements AutoCloseable {

	/** The instrumentation scope of the self-metrics. */
	static final String SCOPE = "dev.telemetry.sdk";

	private static final String SPAN = "{span}";

	private static final String DATA_POINT = "{data_point}";

	private static final String COMPONENT_TYPE = "otel.component.type";

	private static final String COMPONENT_NAME = "otel.component.name";

	private static final String ERROR_TYPE = "error.type";

	// Seconds; the conventions advise no boundaries, these cover a local collector
	// (milliseconds) to a slow one with retries (seconds).
	private static final List<Double> DURATION_BOUNDARIES = List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5,
			0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

	private final List<ObservableInstrument> instruments = new ArrayList<>();

	private final List<OtlpExporter> listenedTo = new ArrayList<>();

	TelemetrySelfInstruments(Meter meter, TelemetryPipeline pipeline, @Nullable MetricsPipeline metrics) {
		spans(meter, pipeline);
		processors(meter, pipeline.processors());
		List<ExporterAttributes> spanExporters = new ArrayList<>();
		for (TelemetryPipeline.Exporter exporter : pipeline.exporters()) {
			OtlpExporter otlp = exporter.otlp();
			if (otlp != null) {
				spanExporters.add(new ExporterAttributes(exporter.name(), exporter.type(), otlp));
			}
		}
		exporters(meter, "otel.sdk.exporter.span", SPAN, "spans", spanExporters);
		List<ExporterAttributes> metricExporters = new ArrayList<>();
		if (metrics != null) {
			for (MetricsPipeline.Exporter exporter : metrics.exporters()) {
				metricExporters.add(new ExporterAttributes(exporter.name(), exporter.type(), exporter.exporter()));
			}
			exporters(meter, "otel.sdk.exporter.metric_data_point", DATA_POINT, "metric data points", metricExporters);
		}
		List<ExporterAttributes> all = new ArrayList<>(spanExporters);
		all.addAll(metricExporters);
		operationDuration(meter, all);
	}

	private void operationDuration(Meter meter, List<ExporterAttributes> exporters) {
		if (exporters.isEmpty()) {
			return;
		}
		DoubleHistogram duration = meter.histogramBuilder("otel.sdk.exporter.operation.duration")
			.setUnit("s")
			.setDescription("The duration of exporting a batch of telemetry records.")
			.setExplicitBucketBoundariesAdvice(DURATION_BOUNDARIES)
			.build();
		for (ExporterAttributes exporter : exporters) {
			exporter.exporter.setExportListener((nanos, errorType) -> duration.record(nanos / 1e9,
					(errorType != null) ? exporter.errorType(errorType) : exporter.component));
			this.listenedTo.add(exporter.exporter);
		}
	}

	private void spans(Meter meter, TelemetryPipeline pipeline) {
		// One attribute set per sampling result and parent origin, built once.
		Attributes[][] started = new Attributes[SamplingDecision.values().length][ParentOrigin.values().length];
		for (SamplingDecision decision : SamplingDecision.values()) {
			for (ParentOrigin origin : ParentOrigin.values()) {
				started[decision.ordinal()][origin.ordinal()] = Attributes.builder()
					.put("otel.span.parent.origin", origin.value())
					.put("otel.span.sampling_result", decision.name())
					.build();
			}
		}
		this.instruments.add(meter.counterBuilder("otel.sdk.span.started")
			.setUnit(SPAN)
			.setDescription("The number of created spans.")
			.buildWithCallback((measurement) -> {
				for (SpanStatistics.Started entry : pipeline.tracerProvider().getSpanStatistics().started()) {
					measurement.record(entry.count(),
							started[entry.decision().ordinal()][entry.parentOrigin().ordinal()]);
				}
			}));
		Attributes recordOnly = Attributes.of("otel.span.sampling_result", SamplingDecision.RECORD_ONLY.name());
		Attributes sampled = Attributes.of("otel.span.sampling_result", SamplingDecision.RECORD_AND_SAMPLE.name());
		this.instruments.add(meter.upDownCounterBuilder("otel.sdk.span.live")
			.setUnit(SPAN)
			.setDescription(
					"The number of created spans with recording=true for which the end operation has not been called yet.")
			.buildWithCallback((measurement) -> {
				SpanStatistics statistics = pipeline.tracerProvider().getSpanStatistics();
				measurement.record(statistics.liveRecordOnly(), recordOnly);
				measurement.record(statistics.liveSampled(), sampled);
			}));
	}

	private void processors(Meter meter, List<TelemetryPipeline.Processor> processors) {
		if (processors.isEmpty()) {
			return;
		}
		int count = processors.size();
		Attributes[] component = new Attributes[count];
		Attributes[] queueFull = new Attributes[count];
		Attributes[] afterShutdown = new Attributes[count];
		for (int i = 0; i < count; i++) {
			TelemetryPipeline.Processor processor = processors.get(i);
			component[i] = component(processor.type(), processor.name()).build();
			queueFull[i] = component(processor.type(), processor.name()).put(ERROR_TYPE, "queue_full").build();
			afterShutdown[i] = component(processor.type(), processor.name()).put(ERROR_TYPE, "already_shutdown")
				.build();
		}
		this.instruments.add(meter.upDownCounterBuilder("otel.sdk.processor.span.queue.size")
			.setUnit(SPAN)
			.setDescription("The number of spans in the queue of a given instance of an SDK span processor.")
			.buildWithCallback((measurement) -> eachProcessor(processors,
					(i, processor) -> measurement.record(processor.getQueueSize(), component[i]))));
		this.instruments.add(meter.upDownCounterBuilder("otel.sdk.processor.span.queue.capacity")
			.setUnit(SPAN)
			.setDescription(
					"The maximum number of spans the queue of a given instance of an SDK span processor can hold.")
			.buildWithCallback((measurement) -> eachProcessor(processors,
					(i, processor) -> measurement.record(processor.getQueueCapacity(), component[i]))));
		this.instruments.add(meter.counterBuilder("otel.sdk.processor.span.processed")
			.setUnit(SPAN)
			.setDescription("The number of spans for which the processing has finished, either successful or failed.")
			.buildWithCallback((measurement) -> eachProcessor(processors, (i, processor) -> {
				measurement.record(processor.getProcessedSpans(), component[i]);
				measurement.record(processor.getDroppedSpansQueueFull(), queueFull[i]);
				measurement.record(processor.getDroppedSpansAfterShutdown(), afterShutdown[i]);
			})));
	}

	private static void eachProcessor(List<TelemetryPipeline.Processor> processors, ProcessorConsumer consumer) {
		for (int i = 0; i < processors.size(); i++) {
			consumer.accept(i, processors.get(i).processor());
		}
	}

	private void exporters(Meter meter, String prefix, String unit, String items, List<ExporterAttributes> exporters) {
		if (exporters.isEmpty()) {
			return;
		}
		this.instruments.add(meter.upDownCounterBuilder(prefix + ".inflight")
			.setUnit(unit)
			.setDescription("The number of " + items
					+ " which were passed to the exporter, but that have not been exported yet (neither successful, nor failed).")
			.buildWithCallback((measurement) -> {
				for (ExporterAttributes exporter : exporters) {
					measurement.record(exporter.exporter.getStatistics().itemsInFlight(), exporter.component);
				}
			}));
		this.instruments.add(meter.counterBuilder(prefix + ".exported")
			.setUnit(unit)
			.setDescription(
					"The number of " + items + " for which the export has finished, either successful or failed.")
			.buildWithCallback((measurement) -> {
				for (ExporterAttributes exporter : exporters) {
					exporter.recordExported(measurement);
				}
			}));
	}

	private static AttributesBuilder component(String type, String name) {
		return Attributes.builder().put(COMPONENT_TYPE, type).put(COMPONENT_NAME, name);
	}

	@Override
	public void close() {
		this.instruments.forEach(ObservableInstrument::close);
		this.listenedTo.forEach((exporter) -> exporter.setExportListener(null));
	}

	@FunctionalInterface
	private interface ProcessorConsumer {

		void accept(int index, BatchSpanProcessor processor);

	}

	/**
	 * The attribute sets of one OTLP exporter, built once; one per kind of failure, built
	 * the first time the kind is seen at a collection.
	 */
	private static final class ExporterAttributes {

		private final OtlpExporter exporter;

		private final String type;

		private final String name;

		// Left out when unknown: the conventions recommend these attributes, not require
		// them.
		private final @Nullable ServerAddress server;

		private final Attributes component;

		private final ConcurrentMap<String, Attributes> byErrorType = new ConcurrentHashMap<>();

		ExporterAttributes(String name, String type, OtlpExporter exporter) {
			this.exporter = exporter;
			this.type = type;
			this.name = name;
			this.server = ServerAddress.of(exporter.getEndpoint());
			this.component = attributes(null);
		}

		private Attributes attributes(@Nullable String errorType) {
			AttributesBuilder builder = component(this.type, this.name);
			if (this.server != null) {
				builder.put("server.address", this.server.address()).put("server.port", this.server.port());
			}
			if (errorType != null) {
				builder.put(ERROR_TYPE, errorType);
			}
			return builder.build();
		}

		void recordExported(ObservableLongMeasurement measurement) {
			ExporterStatistics statistics = this.exporter.getStatistics();
			measurement.record(statistics.itemsExported(), this.component);
			// Rejected in a partial success, as the conventions ask, without a reason
			// the collector would give.
			measurement.record(statistics.itemsRejected(), errorType("rejected"));
			statistics.itemsFailedByKind().forEach((kind, count) -> measurement.record(count, errorType(kind)));
		}

		private Attributes errorType(String kind) {
			return this.byErrorType.computeIfAbsent(kind, this::attributes);
		}

	}

}

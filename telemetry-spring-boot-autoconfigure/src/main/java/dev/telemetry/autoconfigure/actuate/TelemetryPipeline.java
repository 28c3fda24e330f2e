package dev.telemetry.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.telemetry.sdk.export.otlp.OtlpGrpcSpanExporter;
import dev.telemetry.sdk.export.otlp.OtlpHttpSpanExporter;
import dev.telemetry.sdk.export.otlp.OtlpSpanExporter;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The parts of the tracing pipeline that the endpoint, the health indicator and the
 * self-metrics read, each with the {@code otel.component.type} and
 * {@code otel.component.name} the semantic conventions give it, so that all three name a
 * component the same way.
 */
final class TelemetryPipeline {

	static final String BATCHING_SPAN_PROCESSOR = "batching_span_processor";

	private final TracerProvider tracerProvider;

	private final List<Processor> processors;

	private final List<Exporter> exporters;

	TelemetryPipeline(TracerProvider tracerProvider, List<BatchSpanProcessor> processors,
			List<SpanExporter> exporters) {
		this.tracerProvider = tracerProvider;
		List<Processor> namedProcessors = new ArrayList<>();
		for (int i = 0; i < processors.size(); i++) {
			namedProcessors.add(new Processor(BATCHING_SPAN_PROCESSOR + "/" + i, processors.get(i)));
		}
		this.processors = List.copyOf(namedProcessors);
		List<Exporter> namedExporters = new ArrayList<>();
		// Numbered per type, so two exporters of different classes are each "/0".
		Map<String, Integer> counts = new HashMap<>();
		for (SpanExporter exporter : exporters) {
			String type = type(exporter);
			int index = counts.merge(type, 1, Integer::sum) - 1;
			namedExporters.add(new Exporter(type + "/" + index, type, exporter));
		}
		this.exporters = List.copyOf(namedExporters);
	}

	static TelemetryPipeline of(TracerProvider tracerProvider, ObjectProvider<BatchSpanProcessor> processors,
			ObjectProvider<SpanExporter> exporters) {
		return new TelemetryPipeline(tracerProvider, processors.orderedStream().toList(),
				exporters.orderedStream().toList());
	}

	TracerProvider tracerProvider() {
		return this.tracerProvider;
	}

	List<Processor> processors() {
		return this.processors;
	}

	List<Exporter> exporters() {
		return this.exporters;
	}

	private static String type(SpanExporter exporter) {
		if (exporter instanceof OtlpGrpcSpanExporter) {
			return "otlp_grpc_span_exporter";
		}
		if (exporter instanceof OtlpHttpSpanExporter) {
			return "otlp_http_span_exporter";
		}
		// The conventions' choice for components they do not list: the class name.
		return exporter.getClass().getName();
	}

	/**
	 * A batch processor and its name.
	 *
	 * @param name the {@code otel.component.name}
	 * @param processor the processor
	 */
	record Processor(String name, BatchSpanProcessor processor) {

		String type() {
			return BATCHING_SPAN_PROCESSOR;
		}

	}

	/**
	 * An exporter and its name.
	 *
	 * @param name the {@code otel.component.name}
	 * @param type the {@code otel.component.type}
	 * @param exporter the exporter
	 */
	record Exporter(String name, String type, SpanExporter exporter) {

		@Nullable OtlpSpanExporter otlp() {
			return (this.exporter instanceof OtlpSpanExporter otlp) ? otlp : null;
		}

		@Nullable String protocol() {
			if (this.exporter instanceof OtlpGrpcSpanExporter) {
				return "grpc";
			}
			return (this.exporter instanceof OtlpHttpSpanExporter) ? "http/protobuf" : null;
		}

	}

}

package dev.telemetry.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.telemetry.sdk.export.otlp.OtlpGrpcMetricExporter;
import dev.telemetry.sdk.export.otlp.OtlpMetricExporter;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.MetricReader;
import dev.telemetry.sdk.metrics.export.MetricExporter;
import dev.telemetry.sdk.metrics.export.PeriodicMetricReader;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The parts of the metrics pipeline that the endpoint and the self-metrics read: the
 * meter provider, its readers and its OTLP exporters, each with the
 * {@code otel.component.type} and {@code otel.component.name} the semantic conventions
 * give it.
 */
final class MetricsPipeline {

	static final String PERIODIC_METRIC_READER = "periodic_metric_reader";

	private final MeterProvider meterProvider;

	// By the reader's description, which is what the SDK's diagnostics name it by.
	private final Map<String, String> readerNames;

	private final List<Exporter> exporters;

	MetricsPipeline(MeterProvider meterProvider, List<MetricReader> readers, List<MetricExporter> exporters) {
		this.meterProvider = meterProvider;
		Map<String, String> readerNames = new HashMap<>();
		Map<String, Integer> counts = new HashMap<>();
		for (MetricReader reader : readers) {
			String type = (reader instanceof PeriodicMetricReader) ? PERIODIC_METRIC_READER
					: reader.getClass().getName();
			int index = counts.merge(type, 1, Integer::sum) - 1;
			readerNames.putIfAbsent(reader.toString(), type + "/" + index);
		}
		this.readerNames = Map.copyOf(readerNames);
		List<Exporter> named = new ArrayList<>();
		counts.clear();
		for (MetricExporter exporter : exporters) {
			if (exporter instanceof OtlpMetricExporter otlp) {
				String type = (otlp instanceof OtlpGrpcMetricExporter) ? "otlp_grpc_metric_exporter"
						: "otlp_http_metric_exporter";
				int index = counts.merge(type, 1, Integer::sum) - 1;
				named.add(new Exporter(type + "/" + index, type, otlp));
			}
		}
		this.exporters = List.copyOf(named);
	}

	/**
	 * Returns the metrics pipeline, or {@code null} when there is no meter provider
	 * (metrics are off).
	 */
	static @Nullable MetricsPipeline of(ObjectProvider<MeterProvider> meterProvider,
			ObjectProvider<MetricReader> readers, ObjectProvider<MetricExporter> exporters) {
		MeterProvider provider = meterProvider.getIfUnique();
		return (provider != null)
				? new MetricsPipeline(provider, readers.orderedStream().toList(), exporters.orderedStream().toList())
				: null;
	}

	MeterProvider meterProvider() {
		return this.meterProvider;
	}

	List<Exporter> exporters() {
		return this.exporters;
	}

	/**
	 * Returns the {@code otel.component.name} of a reader, from its description in the
	 * SDK's diagnostics; the description itself for a reader that is not a bean.
	 */
	String readerName(String description) {
		return this.readerNames.getOrDefault(description, description);
	}

	/**
	 * An OTLP metric exporter and its name.
	 *
	 * @param name the {@code otel.component.name}
	 * @param type the {@code otel.component.type}
	 * @param exporter the exporter
	 */
	record Exporter(String name, String type, OtlpMetricExporter exporter) {

		String protocol() {
			return (this.exporter instanceof OtlpGrpcMetricExporter) ? "grpc" : "http/protobuf";
		}

	}

}

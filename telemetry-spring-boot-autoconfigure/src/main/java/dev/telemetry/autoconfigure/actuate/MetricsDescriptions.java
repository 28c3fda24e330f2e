package dev.telemetry.autoconfigure.actuate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.telemetry.autoconfigure.actuate.PipelineDescriptions.Outcomes;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.ConflictDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.DroppedStreamDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.MetricExporterDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.MetricInstrumentDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.MetricsDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.ReaderDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.StreamDescriptor;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.metrics.MetricsDiagnostics;

/**
 * Describes the metrics pipeline for the endpoint, from the meter provider's diagnostics
 * (computed when asked, nothing is kept on the recording path) and the exporters'
 * statistics. Thread-safe.
 */
final class MetricsDescriptions {

	private final MetricsPipeline pipeline;

	MetricsDescriptions(MetricsPipeline pipeline) {
		this.pipeline = pipeline;
	}

	MetricsDescriptor metrics() {
		MetricsDiagnostics diagnostics = this.pipeline.meterProvider().getDiagnostics();
		List<ReaderDescriptor> readers = new ArrayList<>();
		for (MetricsDiagnostics.Reader reader : diagnostics.readers()) {
			boolean collected = reader.collections() > 0;
			readers.add(new ReaderDescriptor(this.pipeline.readerName(reader.reader()), reader.reader(),
					reader.collections(),
					collected ? Instant.EPOCH.plusNanos(reader.lastCollectionEpochNanos()).toString() : null,
					collected ? reader.lastCollectionDurationNanos() / 1_000_000.0 : null));
		}
		Map<String, Long> callbacks = new LinkedHashMap<>();
		callbacks.put("failed", diagnostics.callbackFailures());
		callbacks.put("timedOut", diagnostics.callbackTimeouts());
		return new MetricsDescriptor(readers, instruments(diagnostics.streams()), dropped(diagnostics),
				conflicts(diagnostics), callbacks, exporters());
	}

	private List<MetricInstrumentDescriptor> instruments(List<MetricsDiagnostics.Stream> streams) {
		Map<Instrument, List<MetricsDiagnostics.Stream>> byInstrument = new LinkedHashMap<>();
		for (MetricsDiagnostics.Stream stream : streams) {
			byInstrument
				.computeIfAbsent(new Instrument(stream.scope(), stream.instrumentName()), (key) -> new ArrayList<>())
				.add(stream);
		}
		List<MetricInstrumentDescriptor> instruments = new ArrayList<>();
		byInstrument.forEach((instrument, ofInstrument) -> {
			List<StreamDescriptor> described = new ArrayList<>();
			long series = 0;
			long overflow = 0;
			for (MetricsDiagnostics.Stream stream : ofInstrument) {
				series += stream.seriesCount();
				overflow += stream.overflowMeasurements();
				described.add(new StreamDescriptor(stream.streamName(), this.pipeline.readerName(stream.reader()),
						stream.aggregation(), stream.temporality().name(), stream.seriesCount(),
						stream.cardinalityLimit(), stream.overflowMeasurements()));
			}
			instruments.add(new MetricInstrumentDescriptor(instrument.scope().name(), instrument.scope().version(),
					instrument.name(), ofInstrument.get(0).instrumentType().name(), series, overflow, described));
		});
		return instruments;
	}

	private static List<DroppedStreamDescriptor> dropped(MetricsDiagnostics diagnostics) {
		List<DroppedStreamDescriptor> dropped = new ArrayList<>();
		for (MetricsDiagnostics.DroppedStream stream : diagnostics.droppedStreams()) {
			dropped.add(new DroppedStreamDescriptor(stream.scope().name(), stream.instrumentName()));
		}
		return dropped;
	}

	private static List<ConflictDescriptor> conflicts(MetricsDiagnostics diagnostics) {
		List<ConflictDescriptor> conflicts = new ArrayList<>();
		for (MetricsDiagnostics.Conflict conflict : diagnostics.conflicts()) {
			conflicts.add(new ConflictDescriptor(conflict.scope().name(), conflict.streamName(), conflict.reason()));
		}
		return conflicts;
	}

	private List<MetricExporterDescriptor> exporters() {
		List<MetricExporterDescriptor> exporters = new ArrayList<>();
		for (MetricsPipeline.Exporter named : this.pipeline.exporters()) {
			Outcomes outcomes = Outcomes.of(named.exporter().getStatistics());
			exporters.add(new MetricExporterDescriptor(named.name(), named.type(), named.protocol(),
					named.exporter().getEndpoint(), named.exporter().getHeaderNames(), outcomes.state(),
					outcomes.failingSince(), outcomes.exports(), outcomes.items(), outcomes.failedByKind(),
					outcomes.retries(), outcomes.lastError(), outcomes.lastSuccess(), outcomes.latency()));
		}
		return exporters;
	}

	private record Instrument(InstrumentationScope scope, String name) {
	}

}

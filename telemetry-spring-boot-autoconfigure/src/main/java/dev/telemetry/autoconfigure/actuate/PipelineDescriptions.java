package dev.telemetry.autoconfigure.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.ChangeDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.ErrorDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.ExporterDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.ProcessorDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.RecentSpansDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.ResourceDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.RuleDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.SamplerDescriptor;
import dev.telemetry.autoconfigure.actuate.TelemetryDescriptor.SpansDescriptor;
import dev.telemetry.autoconfigure.trace.SamplerControl;
import dev.telemetry.sdk.export.otlp.ExporterStatistics;
import dev.telemetry.sdk.export.otlp.OtlpSpanExporter;
import dev.telemetry.sdk.trace.SpanStatistics;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.samplers.SamplingDecision;
import dev.telemetry.sdk.trace.samplers.SamplingRuleStatistics;
import org.jspecify.annotations.Nullable;

/**
 * Describes the pipeline for the endpoint: resource, sampler, span counts, processors and
 * exporters, read from counters the SDK keeps. Thread-safe.
 */
final class PipelineDescriptions {

	private final TelemetryPipeline pipeline;

	private final @Nullable SamplerSteering steering;

	private final AttributeValues values;

	PipelineDescriptions(TelemetryPipeline pipeline, @Nullable SamplerSteering steering, AttributeValues values) {
		this.pipeline = pipeline;
		this.steering = steering;
		this.values = values;
	}

	ResourceDescriptor resource() {
		return new ResourceDescriptor(
				this.values.resource(this.pipeline.tracerProvider().getResource().getAttributes()));
	}

	SamplerDescriptor sampler() {
		Sampler sampler = this.pipeline.tracerProvider().getSampler();
		List<RuleDescriptor> rules = new ArrayList<>();
		for (SamplingRuleStatistics rule : sampler.getRuleStatistics()) {
			rules.add(new RuleDescriptor(rule.rule(), rule.matched(), rule.sampled()));
		}
		SamplerSteering steering = this.steering;
		if (steering == null) {
			return new SamplerDescriptor(sampler.getDescription(), sampler.getDescription(), null, null, null, rules,
					false);
		}
		SamplerSteering.Change change = steering.getChange();
		SamplerControl control = steering.getControl();
		ChangeDescriptor changeDescriptor = (change != null) ? new ChangeDescriptor(change.what(), change.changedBy(),
				change.changedAt().toString(), (change.until() != null) ? change.until().toString() : null) : null;
		return new SamplerDescriptor(steering.getConfiguredDescription(), control.getDescription(),
				control.getType().name().toLowerCase(Locale.ROOT), control.getRatio(), changeDescriptor, rules, true);
	}

	SpansDescriptor spans(@Nullable RecentSpansDescriptor recent) {
		SpanStatistics statistics = this.pipeline.tracerProvider().getSpanStatistics();
		Map<String, Map<String, Long>> started = new LinkedHashMap<>();
		for (SpanStatistics.Started entry : statistics.started()) {
			started.computeIfAbsent(entry.decision().name(), (key) -> new LinkedHashMap<>())
				.put(entry.parentOrigin().value(), entry.count());
		}
		Map<String, Long> live = new LinkedHashMap<>();
		live.put(SamplingDecision.RECORD_ONLY.name(), statistics.liveRecordOnly());
		live.put(SamplingDecision.RECORD_AND_SAMPLE.name(), statistics.liveSampled());
		return new SpansDescriptor(started, statistics.startedTotal(), live, recent);
	}

	List<ProcessorDescriptor> processors() {
		List<ProcessorDescriptor> processors = new ArrayList<>();
		for (TelemetryPipeline.Processor named : this.pipeline.processors()) {
			BatchSpanProcessor processor = named.processor();
			Map<String, Long> dropped = new LinkedHashMap<>();
			dropped.put("queue_full", processor.getDroppedSpansQueueFull());
			dropped.put("already_shutdown", processor.getDroppedSpansAfterShutdown());
			processors.add(new ProcessorDescriptor(named.name(), named.type(), processor.getQueueSize(),
					processor.getQueueCapacity(), processor.getProcessedSpans(), processor.getExportedSpans(),
					processor.getFailedSpans(), dropped));
		}
		return processors;
	}

	List<ExporterDescriptor> exporters() {
		List<ExporterDescriptor> exporters = new ArrayList<>();
		for (TelemetryPipeline.Exporter named : this.pipeline.exporters()) {
			OtlpSpanExporter otlp = named.otlp();
			if (otlp == null) {
				exporters.add(new ExporterDescriptor(named.name(), named.type(), null, null, List.of(), "unknown", null,
						Map.of(), Map.of(), Map.of(), 0, null, null, Map.of()));
				continue;
			}
			Outcomes outcomes = Outcomes.of(otlp.getStatistics());
			// No masking needed: the OTLP exporters refuse endpoints with user
			// information or a query string.
			exporters.add(new ExporterDescriptor(named.name(), named.type(), named.protocol(), otlp.getEndpoint(),
					otlp.getHeaderNames(), outcomes.state(), outcomes.failingSince(), outcomes.exports(),
					outcomes.items(), outcomes.failedByKind(), outcomes.retries(), outcomes.lastError(),
					outcomes.lastSuccess(), outcomes.latency()));
		}
		return exporters;
	}

	static String state(ExporterStatistics statistics) {
		return (statistics.failingSince() != null) ? "failing" : "ok";
	}

	static double millis(Duration duration) {
		return duration.toNanos() / 1_000_000.0;
	}

	static @Nullable String string(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	/**
	 * What an OTLP exporter's statistics say, as the endpoint shows it for span and
	 * metric exporters alike ({@code items} are spans or data points).
	 */
	record Outcomes(String state, @Nullable String failingSince, Map<String, Long> exports, Map<String, Long> items,
			Map<String, Long> failedByKind, long retries, @Nullable ErrorDescriptor lastError,
			@Nullable String lastSuccess, Map<String, Double> latency) {

		static Outcomes of(ExporterStatistics statistics) {
			Map<String, Long> exports = new LinkedHashMap<>();
			exports.put("attempted", statistics.exportsAttempted());
			exports.put("succeeded", statistics.exportsSucceeded());
			exports.put("failed", statistics.exportsFailed());
			Map<String, Long> items = new LinkedHashMap<>();
			items.put("exported", statistics.itemsExported());
			items.put("failed", statistics.itemsFailed());
			items.put("rejected", statistics.itemsRejected());
			items.put("inFlight", statistics.itemsInFlight());
			Map<String, Double> latency = new LinkedHashMap<>();
			latency.put("last", millis(statistics.lastExportLatency()));
			latency.put("mean", millis(statistics.meanExportLatency()));
			latency.put("max", millis(statistics.maxExportLatency()));
			ErrorDescriptor lastError = (statistics.lastErrorKind() != null)
					? new ErrorDescriptor(statistics.lastErrorKind(), statistics.lastErrorMessage(),
							string(statistics.lastErrorTime()))
					: null;
			return new Outcomes(PipelineDescriptions.state(statistics), string(statistics.failingSince()), exports,
					items, new TreeMap<>(statistics.itemsFailedByKind()), statistics.retries(), lastError,
					string(statistics.lastSuccessTime()), latency);
		}

	}

}

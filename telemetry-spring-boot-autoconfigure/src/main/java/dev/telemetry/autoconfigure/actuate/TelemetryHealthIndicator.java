package dev.telemetry.autoconfigure.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.telemetry.sdk.export.otlp.ExporterStatistics;
import dev.telemetry.sdk.export.otlp.OtlpSpanExporter;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code telemetry} health indicator: UP with details (each exporter's state, each
 * queue's fill, spans dropped since the previous check) while exports work. Once an
 * exporter has been failing for longer than
 * {@code management.health.telemetry.failure-threshold}, its details show the failure
 * (masked, as everywhere); the status stays UP unless
 * {@code management.health.telemetry.down-when-failing} is set, because an outage of the
 * tracing back end should not take the application out of service.
 * <p>
 * Thread-safe; checks may run concurrently (the drop delta is then shared between them).
 */
final class TelemetryHealthIndicator extends AbstractHealthIndicator {

	private final TelemetryPipeline pipeline;

	private final Duration failureThreshold;

	private final boolean downWhenFailing;

	private final Clock clock;

	// Per processor name, the drop total at the previous check.
	private final Map<String, Long> dropsAtLastCheck = new HashMap<>();

	TelemetryHealthIndicator(TelemetryPipeline pipeline, Duration failureThreshold, boolean downWhenFailing,
			Clock clock) {
		super("Telemetry health check failed");
		this.pipeline = pipeline;
		this.failureThreshold = failureThreshold;
		this.downWhenFailing = downWhenFailing;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean failing = false;
		Instant now = this.clock.instant();
		Map<String, Object> exporters = new LinkedHashMap<>();
		for (TelemetryPipeline.Exporter named : this.pipeline.exporters()) {
			OtlpSpanExporter otlp = named.otlp();
			if (otlp == null) {
				continue;
			}
			ExporterStatistics statistics = otlp.getStatistics();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("endpoint", otlp.getEndpoint());
			details.put("state", PipelineDescriptions.state(statistics));
			Instant since = statistics.failingSince();
			if (since != null) {
				details.put("failingSince", since.toString());
				if (Duration.between(since, now).compareTo(this.failureThreshold) >= 0) {
					failing = true;
					details.put("error", statistics.lastErrorKind());
					details.put("message", statistics.lastErrorMessage());
				}
			}
			if (statistics.lastSuccessTime() != null) {
				details.put("lastSuccess", statistics.lastSuccessTime().toString());
			}
			exporters.put(named.name(), details);
		}
		Map<String, Object> processors = new LinkedHashMap<>();
		for (TelemetryPipeline.Processor named : this.pipeline.processors()) {
			BatchSpanProcessor processor = named.processor();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("queueSize", processor.getQueueSize());
			details.put("queueCapacity", processor.getQueueCapacity());
			details.put("droppedSinceLastCheck", dropsSinceLastCheck(named.name(), processor.getDroppedSpans()));
			processors.put(named.name(), details);
		}
		if (failing && this.downWhenFailing) {
			builder.down();
		}
		else {
			builder.up();
		}
		builder.withDetail("exporters", exporters).withDetail("processors", processors);
	}

	private long dropsSinceLastCheck(String name, long dropped) {
		synchronized (this.dropsAtLastCheck) {
			Long previous = this.dropsAtLastCheck.put(name, dropped);
			return dropped - ((previous != null) ? previous : 0L);
		}
	}

}

package dev.telemetry.autoconfigure.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.export.otlp.OtlpGrpcSpanExporter;
import dev.telemetry.sdk.export.otlp.RetryPolicy;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.testing.OtlpTestReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TelemetryHealthIndicator} against a real exporter and a real receiver,
 * with the clock that decides the failure threshold fixed by the test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TelemetryHealthIndicatorTests {

	private static final Duration THRESHOLD = Duration.ofMinutes(5);

	private OtlpTestReceiver receiver;

	private OtlpGrpcSpanExporter exporter;

	private BatchSpanProcessor processor;

	private TelemetryPipeline pipeline;

	@BeforeEach
	void start() {
		this.receiver = OtlpTestReceiver.start();
		this.exporter = OtlpGrpcSpanExporter.builder()
			.setEndpoint(this.receiver.endpoint())
			.setRetryPolicy(RetryPolicy.disabled())
			.build();
		this.processor = BatchSpanProcessor.builder(this.exporter).setMaxQueueSize(4).setMaxExportBatchSize(4).build();
		TracerProvider provider = TracerProvider.builder().addSpanProcessor(this.processor).build();
		this.pipeline = new TelemetryPipeline(provider, List.of(this.processor), List.of(this.exporter));
	}

	@AfterEach
	void stop() {
		this.processor.shutdown().join(10, TimeUnit.SECONDS);
		this.receiver.close();
	}

	@Test
	void upWithDetailsWhileExportsWork() {
		export();
		Health health = indicator(false, Instant.now()).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		Map<String, Object> exporter = detail(health, "exporters", "otlp_grpc_span_exporter/0");
		assertThat(exporter).containsEntry("state", "ok").containsKey("lastSuccess").doesNotContainKey("error");
		assertThat(detail(health, "processors", "batching_span_processor/0")).containsEntry("queueCapacity", 4)
			.containsEntry("droppedSinceLastCheck", 0L);
	}

	@Test
	void showsTheFailureOnlyAfterTheThresholdAndStaysUpByDefault() {
		this.receiver.refuseConnections();
		export();
		Instant failingSince = this.exporter.getStatistics().failingSince();
		assertThat(failingSince).isNotNull();

		Health early = indicator(false, failingSince.plus(THRESHOLD).minusSeconds(1)).health();
		assertThat(early.getStatus()).isEqualTo(Status.UP);
		assertThat(detail(early, "exporters", "otlp_grpc_span_exporter/0")).containsEntry("state", "failing")
			.doesNotContainKey("error");

		Health late = indicator(false, failingSince.plus(THRESHOLD)).health();
		assertThat(late.getStatus()).isEqualTo(Status.UP);
		assertThat(detail(late, "exporters", "otlp_grpc_span_exporter/0")).containsEntry("state", "failing")
			.containsKeys("error", "message", "failingSince");

		assertThat(indicator(true, failingSince.plus(THRESHOLD)).health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(indicator(true, failingSince.plus(THRESHOLD).minusSeconds(1)).health().getStatus())
			.isEqualTo(Status.UP);
	}

	@Test
	void countsDropsSinceThePreviousCheck() {
		TelemetryHealthIndicator indicator = indicator(false, Instant.now());
		indicator.health();
		this.processor.shutdown().join(10, TimeUnit.SECONDS);
		this.pipeline.tracerProvider().get("test", null).spanBuilder("late").startSpan().end();
		// the provider is not shut down, so the span reaches the processor, which drops
		// it
		assertThat(detail(indicator.health(), "processors", "batching_span_processor/0"))
			.containsEntry("droppedSinceLastCheck", 1L);
		assertThat(detail(indicator.health(), "processors", "batching_span_processor/0"))
			.containsEntry("droppedSinceLastCheck", 0L);
	}

	private void export() {
		this.pipeline.tracerProvider().get("test", null).spanBuilder("work").startSpan().end();
		this.processor.forceFlush().join(10, TimeUnit.SECONDS);
	}

	private TelemetryHealthIndicator indicator(boolean downWhenFailing, Instant now) {
		return new TelemetryHealthIndicator(this.pipeline, THRESHOLD, downWhenFailing,
				Clock.fixed(now, ZoneOffset.UTC));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> detail(Health health, String group, String name) {
		return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get(group)).get(name);
	}

}

package dev.telemetry.autoconfigure.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.export.otlp.OtlpGrpcSpanExporter;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.testing.OtlpTestReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TelemetryFlushLifecycle} against a real OTLP receiver.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TelemetryFlushLifecycleTests {

	private OtlpTestReceiver receiver;

	private TracerProvider tracerProvider;

	@BeforeEach
	void startReceiver() {
		this.receiver = OtlpTestReceiver.start();
	}

	@AfterEach
	void stopReceiver() {
		if (this.tracerProvider != null) {
			this.tracerProvider.shutdown();
		}
		this.receiver.close();
	}

	@Test
	void phaseIsBelowTheWebServersStopAndGracefulShutdownPhases() {
		TelemetryFlushLifecycle lifecycle = new TelemetryFlushLifecycle(TracerProvider.builder().build(),
				Duration.ofSeconds(1));
		assertThat(lifecycle.getPhase()).isEqualTo(TelemetryFlushLifecycle.PHASE)
			.isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE)
			.isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
		// Lifecycles stop from the highest phase down: the server first, then this.
		assertThat(lifecycle.isAutoStartup()).isTrue();
		assertThat(lifecycle).isInstanceOf(SmartLifecycle.class);
	}

	@Test
	void stopExportsSpansEndedBeforeStop() {
		this.tracerProvider = tracerProvider(Duration.ofSeconds(10));
		TelemetryFlushLifecycle lifecycle = new TelemetryFlushLifecycle(this.tracerProvider, Duration.ofSeconds(10));
		lifecycle.start();
		this.tracerProvider.get("test", null).spanBuilder("last words").startSpan().end();
		assertThat(this.receiver.spans()).as("nothing exported before stop with a 1h schedule delay").isEmpty();
		lifecycle.stop();
		assertThat(this.receiver.awaitSpans(1, Duration.ofSeconds(5)))
			.extracting(io.opentelemetry.proto.trace.v1.Span::getName)
			.containsExactly("last words");
		Span late = this.tracerProvider.get("test", null).spanBuilder("too late").startSpan();
		assertThat(late.isRecording()).as("the provider is shut down after stop").isFalse();
	}

	@Test
	void stopWithAHangingReceiverReturnsWithinTheShutdownTimeout() {
		this.receiver.hang(true);
		this.tracerProvider = tracerProvider(Duration.ofSeconds(30));
		TelemetryFlushLifecycle lifecycle = new TelemetryFlushLifecycle(this.tracerProvider, Duration.ofMillis(500));
		lifecycle.start();
		this.tracerProvider.get("test", null).spanBuilder("stuck").startSpan().end();
		long started = System.nanoTime();
		lifecycle.stop();
		long elapsed = System.nanoTime() - started;
		assertThat(Duration.ofNanos(elapsed)).isLessThan(Duration.ofSeconds(5));
		assertThat(lifecycle.isRunning()).isFalse();
	}

	@Test
	void stopWithCallbackRunsTheCallbackAfterFlushing() throws InterruptedException {
		this.tracerProvider = tracerProvider(Duration.ofSeconds(10));
		TelemetryFlushLifecycle lifecycle = new TelemetryFlushLifecycle(this.tracerProvider, Duration.ofSeconds(10));
		lifecycle.start();
		this.tracerProvider.get("test", null).spanBuilder("flushed").startSpan().end();
		CountDownLatch stopped = new CountDownLatch(1);
		lifecycle.stop(stopped::countDown);
		assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.receiver.awaitSpans(1, Duration.ofSeconds(5))).hasSize(1);
	}

	@Test
	void isRunningBetweenStartAndStop() {
		TelemetryFlushLifecycle lifecycle = new TelemetryFlushLifecycle(TracerProvider.builder().build(),
				Duration.ofSeconds(1));
		assertThat(lifecycle.isRunning()).isFalse();
		lifecycle.start();
		assertThat(lifecycle.isRunning()).isTrue();
		lifecycle.stop();
		assertThat(lifecycle.isRunning()).isFalse();
	}

	@Test
	void stopBeforeStartLeavesTheProviderRunning() {
		TracerProvider provider = TracerProvider.builder().setSampler(Sampler.alwaysOn()).build();
		TelemetryFlushLifecycle lifecycle = new TelemetryFlushLifecycle(provider, Duration.ofSeconds(1));
		lifecycle.stop();
		assertThat(lifecycle.isRunning()).isFalse();
		assertThat(provider.get("test", null).spanBuilder("still recording").startSpan().isRecording()).isTrue();
		provider.shutdown();
	}

	@Test
	void stoppingTwiceIsHarmless() {
		this.tracerProvider = tracerProvider(Duration.ofSeconds(10));
		TelemetryFlushLifecycle lifecycle = new TelemetryFlushLifecycle(this.tracerProvider, Duration.ofSeconds(10));
		lifecycle.start();
		this.tracerProvider.get("test", null).spanBuilder("once").startSpan().end();
		lifecycle.stop();
		lifecycle.stop();
		assertThat(lifecycle.isRunning()).isFalse();
		assertThat(this.receiver.awaitSpans(1, Duration.ofSeconds(5))).hasSize(1);
		assertThat(this.receiver.spans()).hasSize(1);
	}

	private TracerProvider tracerProvider(Duration exportTimeout) {
		OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder()
			.setEndpoint(this.receiver.endpoint())
			.setTimeout(exportTimeout)
			.build();
		BatchSpanProcessor processor = BatchSpanProcessor.builder(exporter)
			.setScheduleDelay(Duration.ofHours(1))
			.setExporterTimeout(exportTimeout)
			.build();
		return TracerProvider.builder().setSampler(Sampler.alwaysOn()).addSpanProcessor(processor).build();
	}

}

package dev.telemetry.autoconfigure.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.telemetry.autoconfigure.export.OtlpExportAutoConfiguration;
import dev.telemetry.autoconfigure.propagation.PropagationAutoConfiguration;
import dev.telemetry.autoconfigure.resource.TelemetryResourceAutoConfiguration;
import dev.telemetry.autoconfigure.trace.TracingAutoConfiguration;
import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.export.otlp.OtlpGrpcSpanExporter;
import dev.telemetry.sdk.trace.Tracer;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.sdk.trace.export.SpanExporter;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.testing.CollectingSpanExporter;
import dev.telemetry.testing.OtlpTestReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
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
		Span late = this.tracerProvider.get("test", null).spanBuilder("still traced").startSpan();
		assertThat(late.isRecording()).as("stop only flushes").isTrue();
		late.end();
		lifecycle.destroy();
		assertThat(this.receiver.awaitSpans(2, Duration.ofSeconds(5)))
			.extracting(io.opentelemetry.proto.trace.v1.Span::getName)
			.containsExactly("last words", "still traced");
		Span tooLate = this.tracerProvider.get("test", null).spanBuilder("too late").startSpan();
		assertThat(tooLate.isRecording()).as("the provider is shut down at destruction").isFalse();
	}

	@Test
	void stopThenStartKeepsTracing() {
		TracerProvider provider = TracerProvider.builder().setSampler(Sampler.alwaysOn()).build();
		TelemetryFlushLifecycle lifecycle = new TelemetryFlushLifecycle(provider, Duration.ofSeconds(1));
		lifecycle.start();
		lifecycle.stop();
		lifecycle.start();
		assertThat(lifecycle.isRunning()).isTrue();
		assertThat(provider.get("test", null).spanBuilder("after restart").startSpan().isRecording()).isTrue();
		lifecycle.destroy();
		assertThat(provider.get("test", null).spanBuilder("after destroy").startSpan().isRecording()).isFalse();
	}

	@Test
	void everyComponentIsFlushedOnStopAndShutDownOnceOnDestroy() {
		List<String> calls = new CopyOnWriteArrayList<>();
		TelemetryFlushLifecycle lifecycle = new TelemetryFlushLifecycle(
				List.of(component("tracing", calls), new TelemetryFlushLifecycle.Component("broken", () -> {
					throw new IllegalStateException("flush");
				}, () -> {
					throw new IllegalStateException("shutdown");
				}), component("metrics", calls)), Duration.ofSeconds(1));
		lifecycle.start();
		lifecycle.stop();
		assertThat(calls).containsExactly("flush tracing", "flush metrics");
		lifecycle.destroy();
		lifecycle.destroy();
		lifecycle.stop();
		assertThat(calls).containsExactly("flush tracing", "flush metrics", "shutdown tracing", "shutdown metrics");
	}

	@Test
	void oneComponentThatNeverFinishesCostsTheTimeoutOnceForAll() {
		CompletableResult never = new CompletableResult();
		TelemetryFlushLifecycle lifecycle = new TelemetryFlushLifecycle(
				List.of(new TelemetryFlushLifecycle.Component("stuck", () -> never, () -> never),
						new TelemetryFlushLifecycle.Component("stuck too", () -> never, () -> never)),
				Duration.ofMillis(200));
		lifecycle.start();
		long started = System.nanoTime();
		lifecycle.stop();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(lifecycle.isRunning()).isFalse();
	}

	@Test
	@Timeout(5) // the old code waited the second timeout, 10 s, in real time
	void aFlushThatUsedTheWholeTimeoutLeavesTheShutdownNoTimeToWait() {
		AtomicLong now = new AtomicLong();
		List<String> calls = new CopyOnWriteArrayList<>();
		List<CompletableResult> shutdowns = new CopyOnWriteArrayList<>();
		// The flush takes the whole timeout on the lifecycle's clock, and never finishes.
		TelemetryFlushLifecycle lifecycle = new TelemetryFlushLifecycle(
				List.of(new TelemetryFlushLifecycle.Component("stuck", () -> {
					now.addAndGet(Duration.ofSeconds(10).toNanos());
					return new CompletableResult();
				}, () -> {
					calls.add("shutdown stuck");
					CompletableResult shutdown = new CompletableResult();
					shutdowns.add(shutdown);
					return shutdown;
				})), Duration.ofSeconds(10), now::get);
		lifecycle.start();
		lifecycle.stop();
		lifecycle.destroy();
		// Asked to shut down, without a wait.
		assertThat(calls).containsExactly("shutdown stuck");
		assertThat(shutdowns).singleElement().satisfies((shutdown) -> assertThat(shutdown.isDone()).isFalse());
	}

	@Test
	void aContextStoppedAndStartedAgainKeepsTracingAndShutsDownOnceWhenClosed() {
		CollectingSpanExporter exporter = new CollectingSpanExporter();
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TelemetryResourceAutoConfiguration.class, PropagationAutoConfiguration.class,
							OtlpExportAutoConfiguration.class, TracingAutoConfiguration.class))
			.withBean(SpanExporter.class, () -> exporter)
			.run((context) -> {
				Tracer tracer = context.getBean(TracerProvider.class).get("test", null);
				tracer.spanBuilder("before stop").startSpan().end();
				context.stop();
				assertThat(exporter.names()).as("stop flushes").containsExactly("before stop");
				context.start();
				Span restarted = tracer.spanBuilder("after restart").startSpan();
				assertThat(restarted.isRecording()).as("tracing survives stop and start").isTrue();
				restarted.end();
				assertThat(exporter.shutdowns()).isZero();
			});
		assertThat(exporter.names()).containsExactly("before stop", "after restart");
		assertThat(exporter.shutdowns()).as("shut down once, when the context closed").isOne();
	}

	private static TelemetryFlushLifecycle.Component component(String name, List<String> calls) {
		return new TelemetryFlushLifecycle.Component(name, () -> {
			calls.add("flush " + name);
			return CompletableResult.ofSuccess();
		}, () -> {
			calls.add("shutdown " + name);
			return CompletableResult.ofSuccess();
		});
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

package dev.telemetry.autoconfigure.task;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.telemetry.testing.SpanCollector;
import dev.telemetry.autoconfigure.instrumentation.InstrumentationTestApplication;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.StatusCode;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Work handed to other threads in a real application: {@code @Async} methods, the
 * auto-configured task executor and {@code @Scheduled} methods.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TaskInstrumentationIntegrationTests {

	@Test
	void asyncMethodRunsInTheTraceOfItsCaller() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			AsyncWorker worker = context.getBean(AsyncWorker.class);
			Map<String, String> seen = Observation.createNotStarted("request", registry)
				.observe(() -> worker.work().join());
			SpanCollector spans = context.getBean(SpanCollector.class);
			SpanData request = spans.awaitNamed("request");
			SpanData work = spans.awaitNamed("async-work");
			assertThat(seen.get("thread")).isNotEqualTo(Thread.currentThread().getName());
			assertThat(work.getParentSpanContext().getSpanId()).isEqualTo(request.getSpanContext().getSpanId());
			assertThat(work.getSpanContext().getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
			// Log lines on the worker carry the caller's trace too.
			assertThat(seen.get("trace_id")).isEqualTo(request.getSpanContext().getTraceId());
		}
	}

	@Test
	void autoConfiguredExecutorCarriesTheCurrentSpan() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			TaskExecutor executor = context.getBean("applicationTaskExecutor", TaskExecutor.class);
			CountDownLatch done = new CountDownLatch(1);
			Observation.createNotStarted("submit", registry).observe(() -> executor.execute(() -> {
				Observation.createNotStarted("handed-off", registry).observe(() -> {
				});
				done.countDown();
			}));
			assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
			SpanCollector spans = context.getBean(SpanCollector.class);
			SpanData submit = spans.awaitNamed("submit");
			SpanData handedOff = spans.awaitNamed("handed-off");
			assertThat(handedOff.getParentSpanContext().getSpanId()).isEqualTo(submit.getSpanContext().getSpanId());
		}
	}

	@Test
	void withoutAsyncInstrumentationTheWorkerStartsItsOwnTrace() throws Exception {
		try (ConfigurableApplicationContext context = start("telemetry.instrumentation.async.enabled=false")) {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			AsyncWorker worker = context.getBean(AsyncWorker.class);
			Observation.createNotStarted("request", registry).observe(() -> worker.work().join());
			SpanData work = context.getBean(SpanCollector.class).awaitNamed("async-work");
			assertThat(work.getParentSpanContext().isValid()).isFalse();
		}
	}

	@Test
	void scheduledRunIsARootSpanNamedAfterTheMethod() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			ScheduledJob job = context.getBean(ScheduledJob.class);
			Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> job.runs.get() >= 2);
			SpanData run = context.getBean(SpanCollector.class).awaitNamed("ScheduledJob.tick");
			assertThat(run.getParentSpanContext().isValid()).isFalse();
			assertThat(SpanCollector.attributes(run)).containsEntry("code.function.name",
					ScheduledJob.class.getName() + ".tick");
			assertThat(run.getStatus().code()).isEqualTo(StatusCode.UNSET);
			SpanData child = context.getBean(SpanCollector.class).awaitNamed("inside-tick");
			assertThat(child.getParentSpanContext().getSpanId()).isEqualTo(run.getSpanContext().getSpanId());
		}
	}

	@Test
	void scheduledRunsAreNotTracedWhenSwitchedOff() throws Exception {
		try (ConfigurableApplicationContext context = start("telemetry.instrumentation.scheduled.enabled=false")) {
			ScheduledJob job = context.getBean(ScheduledJob.class);
			// With a fixed delay, run 3 starts after run 2's observation stopped.
			Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> job.runs.get() >= 3);
			SpanCollector spans = context.getBean(SpanCollector.class);
			SpanData inside = spans.awaitNamed("inside-tick");
			assertThat(inside.getParentSpanContext().isValid()).isFalse();
			assertThat(spans.spans()).extracting(SpanData::getName).doesNotContain("ScheduledJob.tick");
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(InstrumentationTestApplication.class, AsyncWorker.class, ScheduledJob.class,
				Enablers.class)
			.web(WebApplicationType.NONE)
			.properties(InstrumentationTestApplication.PROPERTIES)
			.properties(properties)
			.run();
	}

	@EnableAsync
	@EnableScheduling
	static class Enablers {

	}

	static class AsyncWorker {

		private final ObservationRegistry registry;

		AsyncWorker(ObservationRegistry registry) {
			this.registry = registry;
		}

		@Async
		public CompletableFuture<Map<String, String>> work() {
			Observation.createNotStarted("async-work", this.registry).observe(() -> {
			});
			String traceId = MDC.get("trace_id");
			return CompletableFuture.completedFuture(
					Map.of("thread", Thread.currentThread().getName(), "trace_id", (traceId != null) ? traceId : ""));
		}

	}

	static class ScheduledJob {

		final AtomicInteger runs = new AtomicInteger();

		private final ObservationRegistry registry;

		ScheduledJob(ObservationRegistry registry) {
			this.registry = registry;
		}

		@Scheduled(fixedDelay = 50)
		public void tick() {
			Observation.createNotStarted("inside-tick", this.registry).observe(() -> {
			});
			this.runs.incrementAndGet();
		}

	}

}

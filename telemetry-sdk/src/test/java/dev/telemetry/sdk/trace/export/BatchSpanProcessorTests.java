package dev.telemetry.sdk.trace.export;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.internal.ExportThread;
import dev.telemetry.sdk.testing.TestSpanData;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import dev.telemetry.testing.LogCapture;
import dev.telemetry.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link BatchSpanProcessor}.
 */
class BatchSpanProcessorTests {

	private static final Duration DEADLINE = Duration.ofSeconds(5);

	private static final Duration ONE_HOUR = Duration.ofHours(1);

	private final List<BatchSpanProcessor> processors = new ArrayList<>();

	private final List<RecordingExporter> exporters = new ArrayList<>();

	@AfterEach
	void shutDownProcessors() {
		for (RecordingExporter exporter : this.exporters) {
			exporter.release();
		}
		for (BatchSpanProcessor processor : this.processors) {
			processor.shutdown().join(5, TimeUnit.SECONDS);
		}
	}

	@Test
	@Timeout(10)
	void exportsWhenBatchIsFullWellBeforeScheduleDelay() {
		RecordingExporter exporter = exporter();
		BatchSpanProcessor processor = build(
				BatchSpanProcessor.builder(exporter).setMaxExportBatchSize(4).setScheduleDelay(ONE_HOUR));
		endSpans(processor, 1, 8);
		await().atMost(DEADLINE).until(() -> exporter.batches.size() == 2);
		assertThat(exporter.batches).allSatisfy((batch) -> assertThat(batch).hasSize(4));
		assertThat(exporter.exportedSpanIds()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
		await().atMost(DEADLINE).until(() -> processor.getExportedSpans() == 8);
		assertThat(processor.getQueueSize()).isZero();
	}

	@Test
	@Timeout(10)
	void callsTheExporterOnAnExportThread() {
		// Which tells an exporter that it may send on the calling thread.
		RecordingExporter exporter = exporter();
		List<Boolean> onExportThread = new CopyOnWriteArrayList<>();
		exporter.onExport = (spans) -> onExportThread.add(ExportThread.isCurrent());
		BatchSpanProcessor processor = build(
				BatchSpanProcessor.builder(exporter).setMaxExportBatchSize(2).setScheduleDelay(ONE_HOUR));
		endSpans(processor, 1, 2);
		await().atMost(DEADLINE).until(() -> processor.getExportedSpans() == 2);
		assertThat(onExportThread).containsExactly(true);
		assertThat(processor.getWorkerThread().isDaemon()).isTrue();
	}

	@Test
	@Timeout(10)
	void exportsPartialBatchOnceScheduleDelayHasPassed() {
		RecordingExporter exporter = exporter();
		ManualClock clock = new ManualClock(0);
		BatchSpanProcessor processor = build(
				BatchSpanProcessor.builder(exporter).setScheduleDelay(Duration.ofSeconds(5)).setClock(clock));
		endSpans(processor, 1, 3);
		advance(processor, clock, Duration.ofSeconds(4));
		awaitParked(processor);
		assertThat(exporter.exportCalls).as("exported before the schedule delay passed").hasValue(0);
		advance(processor, clock, Duration.ofSeconds(1));
		await().atMost(DEADLINE).until(() -> exporter.exportedSpanIds().size() == 3);
		endSpans(processor, 4, 2);
		advance(processor, clock, Duration.ofSeconds(5));
		await().atMost(DEADLINE).until(() -> exporter.exportedSpanIds().size() == 5);
		assertThat(exporter.exportedSpanIds()).containsExactly(1L, 2L, 3L, 4L, 5L);
		await().atMost(DEADLINE).until(() -> processor.getExportedSpans() == 5);
	}

	@Test
	@Timeout(10)
	void neverExportsUnsampledSpans() {
		RecordingExporter exporter = exporter();
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter).setScheduleDelay(ONE_HOUR));
		processor.onEnd(unsampledSpan(1));
		processor.onEnd(TestSpanData.of("sampled", 2));
		processor.onEnd(unsampledSpan(3));
		assertThat(processor.forceFlush().join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(exporter.exportedSpanIds()).containsExactly(2L);
		assertThat(processor.getEnqueuedSpans()).isEqualTo(1);
		assertThat(processor.getDroppedSpans()).isZero();
	}

	@Test
	@Timeout(10)
	void onlyRequiresEndEventsAndIgnoresStart() {
		RecordingExporter exporter = exporter();
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter));
		assertThat(processor.isStartRequired()).isFalse();
		assertThat(processor.isEndRequired()).isTrue();
		processor.onStart(Context.root(), Span.invalid());
		assertThat(processor.getEnqueuedSpans()).isZero();
	}

	@Test
	@Timeout(10)
	void dropsSpanWhenQueueIsFullWithoutBlockingTheCaller() throws Exception {
		RecordingExporter exporter = exporter();
		exporter.blockExports();
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter)
			.setMaxQueueSize(8)
			.setMaxExportBatchSize(4)
			.setScheduleDelay(ONE_HOUR));
		// The first full batch leaves the queue and the worker gets stuck exporting it.
		endSpans(processor, 1, 4);
		assertThat(exporter.exportEntered.await(5, TimeUnit.SECONDS)).isTrue();
		// Now the queue fills (8) and everything beyond it (5) is dropped.
		Thread producer = new Thread(() -> endSpans(processor, 5, 8 + 5));
		producer.start();
		producer.join(TimeUnit.SECONDS.toMillis(5));
		assertThat(producer.isAlive()).as("producer still blocked").isFalse();
		assertThat(exporter.exportCalls).as("exporter still blocked in its first export").hasValue(1);
		assertThat(exporter.exportsBlocked()).isTrue();
		assertThat(processor.getDroppedSpans()).isEqualTo(5);
		assertThat(processor.getDroppedSpansQueueFull()).isEqualTo(5);
		assertThat(processor.getDroppedSpansAfterShutdown()).isZero();
		assertThat(processor.getEnqueuedSpans()).isEqualTo(4 + 8);
		assertThat(processor.getQueueSize()).isEqualTo(8);
		assertThat(processor.getQueueCapacity()).isEqualTo(8);
		// handed to the exporter when the export is called, before its outcome
		assertThat(processor.getProcessedSpans()).isEqualTo(4);
		exporter.release();
		assertThat(processor.forceFlush().join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(exporter.exportedSpanIds()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
		assertThat(processor.getExportedSpans()).isEqualTo(12);
		assertThat(processor.getFailedSpans()).isZero();
	}

	@Test
	@Timeout(10)
	void logsDroppedSpansAsOneSummaryRatherThanPerSpan() throws Exception {
		List<String> messages = new CopyOnWriteArrayList<>();
		Handler handler = new Handler() {

			@Override
			public void publish(LogRecord record) {
				messages.add(record.getMessage());
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};
		Logger logger = Logger.getLogger(BatchSpanProcessor.class.getName());
		logger.addHandler(handler);
		try {
			RecordingExporter exporter = exporter();
			exporter.blockExports();
			BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter)
				.setMaxQueueSize(4)
				.setMaxExportBatchSize(2)
				.setScheduleDelay(ONE_HOUR));
			endSpans(processor, 1, 2);
			assertThat(exporter.exportEntered.await(5, TimeUnit.SECONDS)).isTrue();
			endSpans(processor, 3, 4 + 3);
			assertThat(processor.getDroppedSpans()).isEqualTo(3);
			exporter.release();
			await().atMost(DEADLINE).until(() -> messages.contains("dropped 3 spans: queue full (max-queue-size=4)"));
			assertThat(processor.forceFlush().join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
			assertThat(messages).filteredOn((message) -> message.startsWith("dropped")).hasSize(1);
		}
		finally {
			logger.removeHandler(handler);
		}
	}

	@Test
	@Timeout(10)
	void forceFlushExportsEverythingQueuedAndFlushesTheExporter() {
		RecordingExporter exporter = exporter();
		BatchSpanProcessor processor = build(
				BatchSpanProcessor.builder(exporter).setMaxExportBatchSize(4).setScheduleDelay(ONE_HOUR));
		endSpans(processor, 1, 10);
		CompletableResult flush = processor.forceFlush();
		assertThat(flush.join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(exporter.exportedSpanIds()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
		assertThat(exporter.batches).allSatisfy((batch) -> assertThat(batch.size()).isLessThanOrEqualTo(4));
		assertThat(exporter.flushCalls).hasValue(1);
		assertThat(processor.getExportedSpans()).isEqualTo(10);
		assertThat(processor.getQueueSize()).isZero();
	}

	@Test
	@Timeout(10)
	void forceFlushFailsWhenAnExportFails() {
		RecordingExporter exporter = exporter();
		exporter.behaviour = (call) -> CompletableResult.ofFailure();
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter).setScheduleDelay(ONE_HOUR));
		endSpans(processor, 1, 3);
		CompletableResult flush = processor.forceFlush().join(5, TimeUnit.SECONDS);
		assertThat(flush.isDone()).isTrue();
		assertThat(flush.isSuccess()).isFalse();
		assertThat(processor.getFailedSpans()).isEqualTo(3);
	}

	@Test
	@Timeout(10)
	void queueStatisticsTrackWaitingSpans() {
		RecordingExporter exporter = exporter();
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter).setScheduleDelay(ONE_HOUR));
		endSpans(processor, 1, 3);
		assertThat(processor.getQueueSize()).isEqualTo(3);
		assertThat(processor.getEnqueuedSpans()).isEqualTo(3);
		assertThat(processor.getExportedSpans()).isZero();
		processor.forceFlush().join(5, TimeUnit.SECONDS);
		assertThat(processor.getQueueSize()).isZero();
		assertThat(processor.getEnqueuedSpans()).isEqualTo(3);
		assertThat(processor.getExportedSpans()).isEqualTo(3);
	}

	@Test
	@Timeout(10)
	void shutdownExportsRemainingSpansAndShutsDownExporterOnce() throws Exception {
		RecordingExporter exporter = exporter();
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter).setScheduleDelay(ONE_HOUR));
		endSpans(processor, 1, 5);
		CompletableResult shutdown = processor.shutdown();
		assertThat(shutdown.join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(exporter.exportedSpanIds()).containsExactly(1L, 2L, 3L, 4L, 5L);
		assertThat(exporter.shutdownCalls).hasValue(1);
		assertThat(processor.shutdown()).isSameAs(shutdown);
		assertThat(processor.shutdown()).isSameAs(shutdown);
		processor.close();
		assertThat(exporter.shutdownCalls).hasValue(1);
		processor.getWorkerThread().join(TimeUnit.SECONDS.toMillis(5));
		assertThat(processor.getWorkerThread().isAlive()).isFalse();
		assertThat(processor.forceFlush()).isSameAs(shutdown);
	}

	@Test
	@Timeout(10)
	void dropsAndCountsSpansEndedAfterShutdownWithTheirReason() {
		RecordingExporter exporter = exporter();
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter));
		assertThat(processor.shutdown().join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
		endSpans(processor, 1, 3);
		assertThat(processor.getDroppedSpans()).isEqualTo(3);
		assertThat(processor.getDroppedSpansAfterShutdown()).isEqualTo(3);
		assertThat(processor.getDroppedSpansQueueFull()).isZero();
		assertThat(processor.getEnqueuedSpans()).isZero();
		assertThat(processor.getQueueSize()).isZero();
		assertThat(exporter.exportCalls).hasValue(0);
	}

	@Test
	@Timeout(10)
	void reportsSpansRefusedDuringShutdownAsSuchNotAsQueueFull() throws Exception {
		RecordingExporter exporter = exporter();
		exporter.blockExports();
		BatchSpanProcessor processor = build(
				BatchSpanProcessor.builder(exporter).setMaxExportBatchSize(2).setScheduleDelay(ONE_HOUR));
		try (LogCapture log = new LogCapture(BatchSpanProcessor.class)) {
			endSpans(processor, 1, 2);
			assertThat(exporter.exportEntered.await(5, TimeUnit.SECONDS)).isTrue();
			CompletableResult shutdown = processor.shutdown();
			endSpans(processor, 3, 2);
			exporter.release();
			assertThat(shutdown.join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
			assertThat(log.messages(Level.WARNING)).containsExactly("dropped 2 spans: ended after shutdown");
		}
		assertThat(processor.getDroppedSpansAfterShutdown()).isEqualTo(2);
		assertThat(processor.getExportedSpans()).isEqualTo(2);
	}

	@RepeatedTest(10)
	@Timeout(20)
	void everyOfferedSpanIsCountedOnceWhenShutdownRacesProducers() throws Exception {
		int producers = 3;
		int perProducer = 2_000;
		RecordingExporter exporter = exporter();
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter)
			.setMaxQueueSize(512)
			.setMaxExportBatchSize(64)
			.setScheduleDelay(ONE_HOUR));
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int p = 0; p < producers; p++) {
			long firstId = 1 + (long) p * perProducer;
			Thread thread = new Thread(() -> {
				awaitQuietly(start);
				endSpans(processor, firstId, perProducer);
			});
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		// Shut down while the producers are still ending spans.
		await().atMost(DEADLINE).until(() -> processor.getEnqueuedSpans() > 0);
		CompletableResult shutdown = processor.shutdown();
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(10));
			assertThat(thread.isAlive()).isFalse();
		}
		assertThat(shutdown.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		long offered = (long) producers * perProducer;
		assertThat(processor.getEnqueuedSpans() + processor.getDroppedSpans()).isEqualTo(offered);
		assertThat(processor.getExportedSpans() + processor.getFailedSpans() + processor.getLostSpans())
			.as("every span accepted before the shutdown is exported or failed")
			.isEqualTo(processor.getEnqueuedSpans());
		assertThat((long) exporter.exportedSpanIds().size()).isEqualTo(processor.getExportedSpans());
	}

	@Test
	@Timeout(10)
	void tellsTheExporterHowLongItWaitsForTheCall() {
		// So that an exporter sending on the worker does not hold it past the timeout.
		RecordingExporter exporter = exporter();
		List<Boolean> mayBlock = new CopyOnWriteArrayList<>();
		exporter.onExport = (spans) -> {
			mayBlock.add(ExportThread.mayBlockFor(Duration.ofMillis(100).toNanos()));
			mayBlock.add(ExportThread.mayBlockFor(Duration.ofSeconds(5).toNanos()));
		};
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter)
			.setMaxExportBatchSize(2)
			.setScheduleDelay(ONE_HOUR)
			.setExporterTimeout(Duration.ofSeconds(2)));
		endSpans(processor, 1, 2);
		await().atMost(DEADLINE).until(() -> processor.getExportedSpans() == 2);
		assertThat(mayBlock).containsExactly(true, false);
	}

	@Test
	@Timeout(10)
	void tellsTheExportersFlushHowLongItWaits() {
		RecordingExporter exporter = exporter();
		List<Boolean> mayBlock = new CopyOnWriteArrayList<>();
		exporter.flushBehaviour = () -> {
			mayBlock.add(ExportThread.mayBlockFor(Duration.ofMillis(100).toNanos()));
			mayBlock.add(ExportThread.mayBlockFor(Duration.ofSeconds(5).toNanos()));
			return CompletableResult.ofSuccess();
		};
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter)
			.setScheduleDelay(ONE_HOUR)
			.setExporterTimeout(Duration.ofSeconds(2)));

		assertThat(processor.forceFlush().join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(mayBlock).containsExactly(true, false);
	}

	@Test
	@Timeout(10)
	void tellsTheExporterWhatIsLeftOfTheShutdownsBudget() throws Exception {
		RecordingExporter exporter = exporter();
		ManualClock clock = new ManualClock(0);
		long twoSeconds = Duration.ofSeconds(2).toNanos();
		long aTenth = Duration.ofMillis(100).toNanos();
		List<String> mayBlock = new CopyOnWriteArrayList<>();
		exporter.onExport = (spans) -> mayBlock
			.add("export " + ExportThread.mayBlockFor(twoSeconds) + " " + ExportThread.mayBlockFor(aTenth));
		// The shutdown's first batch uses 9 of its 10 seconds.
		exporter.behaviour = (call) -> {
			if (call == 2) {
				clock.advance(Duration.ofSeconds(9));
			}
			return CompletableResult.ofSuccess();
		};
		exporter.shutdownBehaviour = () -> {
			mayBlock.add("shutdown " + ExportThread.mayBlockFor(twoSeconds) + " " + ExportThread.mayBlockFor(aTenth));
			return CompletableResult.ofSuccess();
		};
		exporter.blockExports();
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter)
			.setMaxExportBatchSize(2)
			.setScheduleDelay(ONE_HOUR)
			.setExporterTimeout(Duration.ofSeconds(10))
			.setClock(clock));
		endSpans(processor, 1, 2);
		assertThat(exporter.exportEntered.await(5, TimeUnit.SECONDS)).isTrue();
		// Queued while the first export is held, so that the shutdown exports them.
		endSpans(processor, 3, 4);
		CompletableResult shutdown = processor.shutdown();
		exporter.release();

		assertThat(shutdown.join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(mayBlock).containsExactly("export true true", "export true true", "export false true",
				"shutdown false true");
	}

	@Test
	@Timeout(10)
	void shutdownSpendsOneExporterTimeoutOnTheRestWhenExporterHangs() throws Exception {
		RecordingExporter exporter = exporter();
		// Neither exports nor the exporter's shutdown ever complete.
		exporter.behaviour = (call) -> new CompletableResult();
		exporter.shutdownBehaviour = CompletableResult::new;
		ManualClock clock = new ManualClock(0);
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter)
			.setMaxExportBatchSize(2)
			.setScheduleDelay(ONE_HOUR)
			.setExporterTimeout(Duration.ofMillis(200))
			.setClock(clock));
		endSpans(processor, 1, 2);
		assertThat(exporter.exportEntered.await(5, TimeUnit.SECONDS)).isTrue();
		// Ten more batches: exporting them one timeout each would take two seconds.
		endSpans(processor, 3, 20);
		CompletableResult shutdown = processor.shutdown();
		long start = clock.nanoTime();
		while (!shutdown.isDone()) {
			awaitParked(processor);
			advance(processor, clock, Duration.ofMillis(50));
		}
		assertThat(shutdown.isSuccess()).isFalse();
		// The export in progress (200ms) plus the shutdown budget (200ms), on the
		// processor's clock.
		assertThat(Duration.ofNanos(clock.nanoTime() - start)).isLessThanOrEqualTo(Duration.ofMillis(450));
		assertThat(exporter.exportCalls).as("the rest failed without an export each").hasValue(2);
		assertThat(exporter.shutdownCalls).hasValue(1);
		assertThat(processor.getFailedSpans()).isEqualTo(22);
		assertThat(processor.getExportedSpans()).isZero();
		processor.getWorkerThread().join(TimeUnit.SECONDS.toMillis(5));
		assertThat(processor.getWorkerThread().isAlive()).isFalse();
	}

	@Test
	@Timeout(10)
	void countsFailedExportAndKeepsExportingLaterBatches() {
		RecordingExporter exporter = exporter();
		exporter.behaviour = (call) -> (call == 1) ? CompletableResult.ofFailure() : CompletableResult.ofSuccess();
		BatchSpanProcessor processor = build(
				BatchSpanProcessor.builder(exporter).setMaxExportBatchSize(2).setScheduleDelay(ONE_HOUR));
		endSpans(processor, 1, 2);
		await().atMost(DEADLINE).until(() -> processor.getFailedSpans() == 2);
		endSpans(processor, 3, 2);
		await().atMost(DEADLINE).until(() -> processor.getExportedSpans() == 2);
		assertThat(processor.getFailedSpans()).isEqualTo(2);
		assertThat(exporter.exportedSpanIds()).containsExactly(1L, 2L, 3L, 4L);
	}

	@Test
	@Timeout(10)
	void survivesExporterThatThrowsAndKeepsExporting() {
		RecordingExporter exporter = exporter();
		exporter.behaviour = (call) -> {
			if (call == 1) {
				throw new IllegalStateException("broken exporter");
			}
			return CompletableResult.ofSuccess();
		};
		BatchSpanProcessor processor = build(
				BatchSpanProcessor.builder(exporter).setMaxExportBatchSize(2).setScheduleDelay(ONE_HOUR));
		endSpans(processor, 1, 2);
		await().atMost(DEADLINE).until(() -> processor.getFailedSpans() == 2);
		endSpans(processor, 3, 2);
		await().atMost(DEADLINE).until(() -> processor.getExportedSpans() == 2);
		assertThat(processor.getWorkerThread().isAlive()).isTrue();
		assertThat(processor.forceFlush().join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
	}

	@Test
	@Timeout(10)
	void countsTimedOutExportAsFailedAndLeavesItsBatchToTheExporter() {
		RecordingExporter exporter = exporter();
		List<Collection<SpanData>> received = new CopyOnWriteArrayList<>();
		exporter.behaviour = (call) -> (call == 1) ? new CompletableResult() : CompletableResult.ofSuccess();
		exporter.onExport = received::add;
		ManualClock clock = new ManualClock(0);
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter)
			.setMaxExportBatchSize(2)
			.setScheduleDelay(ONE_HOUR)
			.setExporterTimeout(Duration.ofMillis(100))
			.setClock(clock));
		endSpans(processor, 1, 2);
		await().atMost(DEADLINE).until(() -> exporter.exportCalls.get() == 1);
		awaitParked(processor);
		assertThat(processor.getFailedSpans()).as("failed before the timeout").isZero();
		advance(processor, clock, Duration.ofMillis(100));
		await().atMost(DEADLINE).until(() -> processor.getFailedSpans() == 2);
		endSpans(processor, 3, 2);
		await().atMost(DEADLINE).until(() -> processor.getExportedSpans() == 2);
		// The collection handed to the hung export must not have been reused.
		assertThat(received.get(0)).extracting((span) -> span.getSpanContext().getSpanIdLong()).containsExactly(1L, 2L);
	}

	@Test
	@Timeout(10)
	void countsTheTimeAnExportSpentInTheCallTowardsItsTimeout() {
		// An exporter that does its work in the call (OTLP/HTTP on an export thread) and
		// used up the timeout there: the processor does not wait for it once more.
		RecordingExporter exporter = exporter();
		ManualClock clock = new ManualClock(0);
		exporter.behaviour = (call) -> {
			clock.advance(Duration.ofMillis(100));
			return (call == 1) ? new CompletableResult() : CompletableResult.ofSuccess();
		};
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter)
			.setMaxExportBatchSize(2)
			.setScheduleDelay(ONE_HOUR)
			.setExporterTimeout(Duration.ofMillis(100))
			.setClock(clock));
		endSpans(processor, 1, 2);
		await().atMost(DEADLINE).until(() -> processor.getFailedSpans() == 2);
		endSpans(processor, 3, 2);
		await().atMost(DEADLINE).until(() -> processor.getExportedSpans() == 2);
	}

	@Test
	@Timeout(10)
	void survivesAnErrorThrownByTheExporterAndCountsTheBatchAsFailed() {
		RecordingExporter exporter = exporter();
		exporter.behaviour = (call) -> {
			if (call == 1) {
				throw new OutOfMemoryError("encoding a huge batch");
			}
			return CompletableResult.ofSuccess();
		};
		BatchSpanProcessor processor = build(
				BatchSpanProcessor.builder(exporter).setMaxExportBatchSize(2).setScheduleDelay(ONE_HOUR));
		try (LogCapture log = new LogCapture(BatchSpanProcessor.class)) {
			endSpans(processor, 1, 2);
			await().atMost(DEADLINE).until(() -> processor.getFailedSpans() == 2);
			endSpans(processor, 3, 2);
			await().atMost(DEADLINE).until(() -> processor.getExportedSpans() == 2);
			assertThat(processor.getWorkerThread().isAlive()).isTrue();
			assertThat(log.messages(Level.SEVERE)).singleElement()
				.asString()
				.contains("Exporter threw while exporting 2 spans");
		}
		assertThat(processor.shutdown().join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(exporter.exportCalls).hasValue(2);
		assertThat(processor.getExportedSpans()).isEqualTo(2);
	}

	@Test
	@Timeout(10)
	void parksRatherThanSpinsForAProducerThatNeverPublishesThenSkipsItsSpan() throws Exception {
		RecordingExporter exporter = exporter();
		ManualClock clock = new ManualClock(0);
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter)
			.setMaxExportBatchSize(2)
			.setScheduleDelay(ONE_HOUR)
			.setClock(clock));
		// A producer claims the first position and its thread dies before it stores the
		// span; two spans that ended later sit behind it.
		claimWithoutPublishing(processor);
		endSpans(processor, 1, 2);
		awaitParkedWhileStalled(processor);
		assertThat(exporter.exportCalls).hasValue(0);
		advance(processor, clock, Duration.ofSeconds(BatchSpanProcessor.STALLED_PRODUCER_TIMEOUT_SECONDS));
		await().atMost(DEADLINE).until(() -> processor.getExportedSpans() == 2);
		assertThat(processor.getLostSpans()).isEqualTo(1);
		assertThat(exporter.exportedSpanIds()).containsExactly(1L, 2L);
		assertThat(processor.shutdown().join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(processor.getEnqueuedSpans())
			.isEqualTo(processor.getExportedSpans() + processor.getFailedSpans() + processor.getLostSpans());
	}

	@Test
	@Timeout(20)
	void multipleProducersNeitherLoseNorDuplicateSpans() throws Exception {
		int producers = 4;
		int perProducer = 50_000;
		Set<Long> exportedIds = ConcurrentHashMap.newKeySet();
		AtomicLong duplicates = new AtomicLong();
		SpanExporter exporter = new SpanExporter() {

			@Override
			public CompletableResult export(Collection<SpanData> spans) {
				for (SpanData span : spans) {
					if (!exportedIds.add(span.getSpanContext().getSpanIdLong())) {
						duplicates.incrementAndGet();
					}
				}
				return CompletableResult.ofSuccess();
			}

			@Override
			public CompletableResult flush() {
				return CompletableResult.ofSuccess();
			}

			@Override
			public CompletableResult shutdown() {
				return CompletableResult.ofSuccess();
			}

		};
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter).setScheduleDelay(ONE_HOUR));
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int p = 0; p < producers; p++) {
			long firstId = 1 + (long) p * perProducer;
			Thread thread = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				endSpans(processor, firstId, perProducer);
			});
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(15));
			assertThat(thread.isAlive()).isFalse();
		}
		assertThat(processor.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		long offered = (long) producers * perProducer;
		assertThat(processor.getEnqueuedSpans() + processor.getDroppedSpans()).isEqualTo(offered);
		assertThat(processor.getExportedSpans()).isEqualTo(processor.getEnqueuedSpans());
		assertThat(processor.getFailedSpans()).isZero();
		assertThat(processor.getQueueSize()).isZero();
		assertThat(duplicates).hasValue(0);
		assertThat((long) exportedIds.size()).isEqualTo(processor.getExportedSpans());
		assertThat(exportedIds).allMatch((id) -> id >= 1 && id <= offered);
	}

	@Test
	@Timeout(10)
	void runsOnOneNamedDaemonThread() {
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter()));
		assertThat(processor.getWorkerThread().getName()).isEqualTo("telemetry-span-exporter");
		assertThat(processor.getWorkerThread().isDaemon()).isTrue();
		assertThat(processor.getWorkerThread().isAlive()).isTrue();
	}

	@Test
	@Timeout(10)
	void usesDefaultsAndPrintsConfiguration() {
		assertThat(BatchSpanProcessor.DEFAULT_MAX_QUEUE_SIZE).isEqualTo(2048);
		assertThat(BatchSpanProcessor.DEFAULT_MAX_EXPORT_BATCH_SIZE).isEqualTo(512);
		assertThat(BatchSpanProcessor.DEFAULT_SCHEDULE_DELAY).isEqualTo(Duration.ofSeconds(5));
		assertThat(BatchSpanProcessor.DEFAULT_EXPORTER_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
		BatchSpanProcessor processor = build(BatchSpanProcessor.builder(exporter()));
		assertThat(processor.toString()).contains("maxQueueSize=2048", "maxExportBatchSize=512", "scheduleDelay=PT5S",
				"exporterTimeout=PT30S");
		BatchSpanProcessor custom = build(BatchSpanProcessor.builder(exporter())
			.setMaxQueueSize(100)
			.setMaxExportBatchSize(10)
			.setScheduleDelay(Duration.ofMillis(250))
			.setExporterTimeout(Duration.ofSeconds(2)));
		assertThat(custom.toString()).contains("maxQueueSize=100", "maxExportBatchSize=10", "scheduleDelay=PT0.25S",
				"exporterTimeout=PT2S");
	}

	@Test
	@Timeout(10)
	void builderRejectsInvalidSettingsNamingSettingAndValue() {
		BatchSpanProcessorBuilder builder = BatchSpanProcessor.builder(SpanExporter.noop());
		assertThatIllegalArgumentException().isThrownBy(() -> builder.setMaxQueueSize(0))
			.withMessageContaining("max-queue-size")
			.withMessageContaining("0");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.setMaxExportBatchSize(-3))
			.withMessageContaining("max-export-batch-size")
			.withMessageContaining("-3");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.setScheduleDelay(Duration.ZERO))
			.withMessageContaining("schedule-delay")
			.withMessageContaining("PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.setExporterTimeout(Duration.ofSeconds(-1)))
			.withMessageContaining("exporter-timeout")
			.withMessageContaining("PT-1S");
		assertThatNullPointerException().isThrownBy(() -> BatchSpanProcessor.builder(null));
	}

	@Test
	@Timeout(10)
	void builderRejectsBatchLargerThanQueue() {
		BatchSpanProcessorBuilder builder = BatchSpanProcessor.builder(SpanExporter.noop())
			.setMaxQueueSize(4)
			.setMaxExportBatchSize(8);
		assertThatIllegalArgumentException().isThrownBy(builder::build)
			.withMessageContaining("max-export-batch-size")
			.withMessageContaining("8")
			.withMessageContaining("max-queue-size");
	}

	private RecordingExporter exporter() {
		RecordingExporter exporter = new RecordingExporter();
		this.exporters.add(exporter);
		return exporter;
	}

	private BatchSpanProcessor build(BatchSpanProcessorBuilder builder) {
		BatchSpanProcessor processor = builder.build();
		this.processors.add(processor);
		return processor;
	}

	private static void advance(BatchSpanProcessor processor, ManualClock clock, Duration duration) {
		clock.advance(duration);
		// The worker parks for real time; moving the clock does not wake it by itself.
		LockSupport.unpark(processor.getWorkerThread());
	}

	private static void awaitParked(BatchSpanProcessor processor) {
		Thread worker = processor.getWorkerThread();
		await().atMost(DEADLINE)
			.until(() -> !worker.isAlive() || worker.getState() == Thread.State.TIMED_WAITING
					|| worker.getState() == Thread.State.WAITING);
	}

	private static void awaitParkedWhileStalled(BatchSpanProcessor processor) {
		// The worker backs off to parks of 10ms; spinning, it would always be RUNNABLE.
		Thread worker = processor.getWorkerThread();
		await().atMost(DEADLINE).until(() -> worker.getState() == Thread.State.TIMED_WAITING);
	}

	private static void claimWithoutPublishing(BatchSpanProcessor processor) throws ReflectiveOperationException {
		Field queueField = BatchSpanProcessor.class.getDeclaredField("queue");
		queueField.setAccessible(true);
		Field tailField = BoundedMpscQueue.class.getDeclaredField("tail");
		tailField.setAccessible(true);
		((AtomicLong) tailField.get(queueField.get(processor))).incrementAndGet();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void endSpans(BatchSpanProcessor processor, long firstId, int count) {
		for (long id = firstId; id < firstId + count; id++) {
			processor.onEnd(TestSpanData.of("span-" + id, id));
		}
	}

	private static SpanData unsampledSpan(long spanId) {
		TestSpanData sampled = TestSpanData.of("unsampled-" + spanId, spanId);
		SpanContext context = SpanContext.create(sampled.getSpanContext().getTraceIdHigh(),
				sampled.getSpanContext().getTraceIdLow(), spanId, TraceFlags.NONE, TraceState.empty());
		return new TestSpanData(sampled.getName(), sampled.getKind(), context, sampled.getParentSpanContext(),
				sampled.getStartEpochNanos(), sampled.getEndEpochNanos(), sampled.getAttributes(), sampled.getEvents(),
				sampled.getStatus(), sampled.getResource(), sampled.getInstrumentationScope());
	}

	/**
	 * Records every batch (as a copy) and can be told to block in {@code export} until
	 * released, or to answer with results of the test's choosing.
	 */
	static final class RecordingExporter implements SpanExporter {

		final List<List<SpanData>> batches = new CopyOnWriteArrayList<>();

		final AtomicInteger exportCalls = new AtomicInteger();

		final AtomicInteger flushCalls = new AtomicInteger();

		final AtomicInteger shutdownCalls = new AtomicInteger();

		final CountDownLatch exportEntered = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		private volatile boolean blocking;

		volatile ExportBehaviour behaviour = (call) -> CompletableResult.ofSuccess();

		volatile Supplier<CompletableResult> shutdownBehaviour = CompletableResult::ofSuccess;

		volatile Supplier<CompletableResult> flushBehaviour = CompletableResult::ofSuccess;

		volatile Consumer<Collection<SpanData>> onExport = (spans) -> {
		};

		void blockExports() {
			this.blocking = true;
		}

		boolean exportsBlocked() {
			return this.blocking && this.released.getCount() > 0;
		}

		void release() {
			this.released.countDown();
		}

		List<Long> exportedSpanIds() {
			List<Long> ids = new ArrayList<>();
			for (List<SpanData> batch : this.batches) {
				for (SpanData span : batch) {
					ids.add(span.getSpanContext().getSpanIdLong());
				}
			}
			return ids;
		}

		@Override
		public CompletableResult export(Collection<SpanData> spans) {
			int call = this.exportCalls.incrementAndGet();
			this.onExport.accept(spans);
			this.exportEntered.countDown();
			if (this.blocking) {
				try {
					this.released.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			this.batches.add(List.copyOf(spans));
			return this.behaviour.export(call);
		}

		@Override
		public CompletableResult flush() {
			this.flushCalls.incrementAndGet();
			return this.flushBehaviour.get();
		}

		@Override
		public CompletableResult shutdown() {
			this.shutdownCalls.incrementAndGet();
			return this.shutdownBehaviour.get();
		}

	}

	@FunctionalInterface
	interface ExportBehaviour {

		CompletableResult export(int call);

	}

}

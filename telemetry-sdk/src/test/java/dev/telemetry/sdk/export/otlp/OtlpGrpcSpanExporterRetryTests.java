package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.testing.TestSpanData;
import dev.telemetry.testing.OtlpTestReceiver;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How {@link OtlpGrpcSpanExporter} retries, against a real gRPC receiver on loopback that
 * injects the faults. Timing assertions are lower bounds only (a scheduler never fires
 * early) plus generous upper bounds far from the values that would show a bug.
 */
@Timeout(60)
class OtlpGrpcSpanExporterRetryTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final long MS = 1_000_000L;

	/** Short waits, so each test takes a fraction of a second. */
	private static final RetryPolicy FAST = RetryPolicy.builder()
		.setMaxAttempts(5)
		.setInitialBackoff(Duration.ofMillis(20))
		.setMaxBackoff(Duration.ofMillis(50))
		.build();

	private OtlpTestReceiver receiver;

	private final List<OtlpGrpcSpanExporter> exporters = new ArrayList<>();

	@BeforeEach
	void startReceiver() {
		this.receiver = OtlpTestReceiver.start();
	}

	@AfterEach
	void stopEverything() {
		for (OtlpGrpcSpanExporter exporter : this.exporters) {
			exporter.shutdown().join(10, TimeUnit.SECONDS);
		}
		this.receiver.close();
	}

	@ParameterizedTest
	@EnumSource(names = { "CANCELLED", "DEADLINE_EXCEEDED", "ABORTED", "OUT_OF_RANGE", "UNAVAILABLE", "DATA_LOSS" })
	void retriesTransientStatusesUntilTheCollectorAccepts(Status.Code code) {
		this.receiver.failNext(2, code.toStatus().withDescription("try again"));
		OtlpGrpcSpanExporter exporter = exporter(FAST);

		CompletableResult result = exporter.export(List.of(TestSpanData.of("persistent", 1)));

		assertThat(result.join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(this.receiver.callCount()).isEqualTo(3);
		assertThat(this.receiver.spans()).extracting((span) -> span.getName()).containsExactly("persistent");
		ExporterStatistics statistics = exporter.getStatistics();
		assertThat(statistics.retries()).isEqualTo(2);
		assertThat(statistics.exportsAttempted()).isOne();
		assertThat(statistics.exportsSucceeded()).isOne();
		assertThat(statistics.exportsFailed()).isZero();
		assertThat(statistics.itemsExported()).isOne();
		assertThat(statistics.itemsInFlight()).isZero();
		assertThat(statistics.lastErrorKind()).isEqualTo(code.name());
	}

	@ParameterizedTest
	@EnumSource(names = { "INVALID_ARGUMENT", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "FAILED_PRECONDITION",
			"UNIMPLEMENTED", "INTERNAL", "UNAUTHENTICATED", "UNKNOWN", "RESOURCE_EXHAUSTED" })
	void doesNotRetryPermanentStatuses(Status.Code code) {
		this.receiver.failNext(1, code.toStatus());
		OtlpGrpcSpanExporter exporter = exporter(FAST);
		try (CapturedLog log = new CapturedLog()) {
			CompletableResult result = exporter.export(List.of(TestSpanData.of("doomed", 1)));

			assertThat(result.join(20, TimeUnit.SECONDS).isDone()).isTrue();
			assertThat(result.isSuccess()).isFalse();
			assertThat(this.receiver.callCount()).isOne();
			assertThat(exporter.getStatistics().retries()).isZero();
			assertThat(exporter.getStatistics().itemsFailed()).isOne();
			assertThat(log.atLevel(Level.WARNING)).singleElement()
				.extracting(LogRecord::getMessage)
				.asString()
				.contains(code.name(), "this error is not retried");
		}
	}

	@Test
	void resourceExhaustedWithRetryInfoIsRetriedAfterTheDelayTheServerAsksFor() {
		this.receiver.failNextWithRetryInfo(1, Status.RESOURCE_EXHAUSTED.withDescription("slow down"),
				Duration.ofMillis(400));
		OtlpGrpcSpanExporter exporter = exporter(FAST);
		try (CapturedLog log = new CapturedLog()) {
			CompletableResult result = exporter.export(List.of(TestSpanData.of("patient", 1)));

			assertThat(result.join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
			List<Long> calls = this.receiver.callTimes();
			assertThat(calls).hasSize(2);
			// The policy alone would have waited at most 50 ms.
			assertThat(calls.get(1) - calls.get(0)).isGreaterThanOrEqualTo(400 * MS);
			assertThat(log.atLevel(Level.WARNING)).singleElement()
				.extracting(LogRecord::getMessage)
				.asString()
				.contains("RESOURCE_EXHAUSTED", "Retrying in 0.400s as the collector asked (attempt 1 of 5)");
		}
	}

	@Test
	void retryInfoOnAnyRetryableCodeReplacesTheComputedBackoff() {
		this.receiver.failNextWithRetryInfo(1, Status.UNAVAILABLE, Duration.ofMillis(300));
		OtlpGrpcSpanExporter exporter = exporter(FAST);

		assertThat(exporter.export(List.of(TestSpanData.of("a", 1))).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();

		List<Long> calls = this.receiver.callTimes();
		assertThat(calls.get(1) - calls.get(0)).isGreaterThanOrEqualTo(300 * MS);
	}

	@Test
	void aRetryInfoDelayBeyondTheBudgetEndsTheExportAtOnce() {
		this.receiver.failNextWithRetryInfo(1, Status.RESOURCE_EXHAUSTED, Duration.ofSeconds(30));
		OtlpGrpcSpanExporter exporter = exporter(
				OtlpGrpcSpanExporter.builder().setRetryPolicy(FAST).setRetryBudget(Duration.ofSeconds(2)));
		try (CapturedLog log = new CapturedLog()) {
			long start = System.nanoTime();
			CompletableResult result = exporter.export(List.of(TestSpanData.of("a", 1)));

			assertThat(result.join(20, TimeUnit.SECONDS).isDone()).isTrue();
			assertThat(result.isSuccess()).isFalse();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no pointless wait")
				.isLessThan(Duration.ofSeconds(10));
			assertThat(this.receiver.callCount()).isOne();
			assertThat(log.messages()).anySatisfy((message) -> assertThat(message)
				.contains("waiting 30.000s, as the collector asked,", "within the export budget of PT2S"));
		}
	}

	@Test
	void backoffGrowsExponentiallyBetweenAttempts() {
		this.receiver.failNext(3, Status.UNAVAILABLE);
		RetryPolicy policy = RetryPolicy.builder()
			.setMaxAttempts(4)
			.setInitialBackoff(Duration.ofMillis(100))
			.setBackoffMultiplier(2)
			.setMaxBackoff(Duration.ofSeconds(1))
			.build();
		OtlpGrpcSpanExporter exporter = exporter(policy);

		assertThat(exporter.export(List.of(TestSpanData.of("a", 1))).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();

		List<Long> calls = this.receiver.callTimes();
		assertThat(calls).hasSize(4);
		// 100, 200 and 400 ms, each less 20% jitter at worst.
		assertThat(calls.get(1) - calls.get(0)).isGreaterThanOrEqualTo(80 * MS);
		assertThat(calls.get(2) - calls.get(1)).isGreaterThanOrEqualTo(160 * MS);
		assertThat(calls.get(3) - calls.get(2)).isGreaterThanOrEqualTo(320 * MS);
	}

	@Test
	void stopsAfterTheMaximumNumberOfAttempts() {
		this.receiver.respondWith(Status.UNAVAILABLE);
		OtlpGrpcSpanExporter exporter = exporter(RetryPolicy.builder()
			.setMaxAttempts(3)
			.setInitialBackoff(Duration.ofMillis(10))
			.setMaxBackoff(Duration.ofMillis(10))
			.build());
		try (CapturedLog log = new CapturedLog()) {
			CompletableResult result = exporter.export(List.of(TestSpanData.of("a", 1), TestSpanData.of("b", 2)));

			assertThat(result.join(20, TimeUnit.SECONDS).isDone()).isTrue();
			assertThat(result.isSuccess()).isFalse();
			assertThat(this.receiver.callCount()).isEqualTo(3);
			ExporterStatistics statistics = exporter.getStatistics();
			assertThat(statistics.retries()).isEqualTo(2);
			assertThat(statistics.exportsFailed()).isOne();
			assertThat(statistics.itemsFailed()).isEqualTo(2);
			assertThat(statistics.itemsInFlight()).isZero();
			// The same kind three times within a minute: logged once.
			assertThat(log.atLevel(Level.WARNING)).singleElement()
				.extracting(LogRecord::getMessage)
				.asString()
				.contains("UNAVAILABLE", "Retrying in", "(attempt 1 of 3)");
		}
	}

	@Test
	void theBudgetBoundsTheWholeExportWhateverThePolicyAllows() {
		this.receiver.hang(true);
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder()
			.setTimeout(Duration.ofMillis(500))
			.setRetryBudget(Duration.ofSeconds(1))
			.setRetryPolicy(RetryPolicy.builder()
				.setMaxAttempts(10)
				.setInitialBackoff(Duration.ofMillis(10))
				.setMaxBackoff(Duration.ofMillis(10))
				.build()));
		long start = System.nanoTime();

		CompletableResult result = exporter.export(List.of(TestSpanData.of("a", 1)));

		assertThat(result.join(20, TimeUnit.SECONDS).isDone()).isTrue();
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(result.isSuccess()).isFalse();
		// Ten attempts of 500 ms would take five seconds; the budget allows about one.
		assertThat(took).isLessThan(Duration.ofMillis(3500));
		assertThat(this.receiver.callCount()).isBetween(2, 3);
		assertThat(exporter.getStatistics().lastErrorKind()).isEqualTo("DEADLINE_EXCEEDED");
		assertThat(exporter.getStatistics().maxExportLatency()).isLessThan(Duration.ofMillis(3500));
	}

	@Test
	void exportReturnsAtOnceAndRetriesOnTheSchedulerThread() {
		this.receiver.failNext(1, Status.UNAVAILABLE);
		OtlpGrpcSpanExporter exporter = exporter(RetryPolicy.builder()
			.setInitialBackoff(Duration.ofMillis(300))
			.setMaxBackoff(Duration.ofMillis(300))
			.build());

		CompletableResult result = exporter.export(List.of(TestSpanData.of("a", 1)));

		assertThat(result.isDone()).as("export does not wait for the collector").isFalse();
		await().atMost(WAIT).until(() -> exporter.getStatistics().retries() == 1);
		assertThat(result.isDone()).as("the retry waits on the scheduler, not here").isFalse();
		assertThat(Thread.getAllStackTraces().keySet()).anySatisfy((thread) -> {
			assertThat(thread.getName()).isEqualTo(OtlpGrpcSpanExporter.SCHEDULER_THREAD_NAME);
			assertThat(thread.isDaemon()).isTrue();
		});
		assertThat(result.join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
	}

	@Test
	void exportsWhenTheCollectorComesBackAfterRefusingConnections() {
		this.receiver.refuseConnections();
		OtlpGrpcSpanExporter exporter = exporter(RetryPolicy.builder()
			.setMaxAttempts(30)
			.setInitialBackoff(Duration.ofMillis(100))
			.setMaxBackoff(Duration.ofMillis(200))
			.build());
		try (CapturedLog log = new CapturedLog()) {
			CompletableResult result = exporter.export(List.of(TestSpanData.of("deployed", 1)));
			await().atMost(WAIT).until(() -> exporter.getStatistics().retries() >= 1);

			this.receiver.acceptConnections();

			assertThat(result.join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
			assertThat(this.receiver.spans()).extracting((span) -> span.getName()).containsExactly("deployed");
			assertThat(log.atLevel(Level.WARNING)).first()
				.extracting(LogRecord::getMessage)
				.asString()
				.contains("UNAVAILABLE", "is a collector listening on " + this.receiver.endpoint() + "?");
			assertThat(log.atLevel(Level.INFO)).singleElement()
				.extracting(LogRecord::getMessage)
				.asString()
				.contains("works again after");
		}
	}

	@Test
	void aCollectorThatStaysDownFailsEveryAttemptPromptly() {
		this.receiver.refuseConnections();
		OtlpGrpcSpanExporter exporter = exporter(RetryPolicy.builder()
			.setMaxAttempts(4)
			.setInitialBackoff(Duration.ofMillis(20))
			.setMaxBackoff(Duration.ofMillis(20))
			.build());
		try (CapturedLog log = new CapturedLog()) {
			CompletableResult result = exporter.export(List.of(TestSpanData.of("a", 1)));

			// Attempts after the first find the channel failed; each waits a moment for
			// it to reconnect, then fails, rather than waiting on the channel for good.
			assertThat(result.join(20, TimeUnit.SECONDS).isDone()).isTrue();
			assertThat(result.isSuccess()).isFalse();
			ExporterStatistics statistics = exporter.getStatistics();
			assertThat(statistics.retries()).isEqualTo(3);
			assertThat(statistics.lastErrorKind()).isEqualTo("UNAVAILABLE");
			assertThat(statistics.itemsInFlight()).isZero();
			// One kind of failure, four times within a minute: one line.
			assertThat(log.messages()).singleElement()
				.asString()
				.contains("is a collector listening on", "(attempt 1 of 4)");
		}
	}

	@Test
	void shutdownEndsAnExportWaitingForARetry() {
		this.receiver.failNext(1, Status.UNAVAILABLE);
		OtlpGrpcSpanExporter exporter = exporter(RetryPolicy.builder()
			.setInitialBackoff(Duration.ofSeconds(20))
			.setMaxBackoff(Duration.ofSeconds(20))
			.build());
		CompletableResult result = exporter.export(List.of(TestSpanData.of("a", 1)));
		await().atMost(WAIT).until(() -> exporter.getStatistics().retries() == 1);

		CompletableResult shutdown = exporter.shutdown();

		assertThat(result.join(10, TimeUnit.SECONDS).isDone()).as("not left waiting 20 s").isTrue();
		assertThat(result.isSuccess()).isFalse();
		assertThat(shutdown.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(this.receiver.callCount()).isOne();
		assertThat(exporter.getStatistics().itemsFailed()).isOne();
		await().atMost(WAIT)
			.until(() -> Thread.getAllStackTraces()
				.keySet()
				.stream()
				.noneMatch((thread) -> thread.getName().equals(OtlpGrpcSpanExporter.SCHEDULER_THREAD_NAME)
						&& thread.isAlive()));
	}

	@Test
	void disabledRetriesSendEachBatchOnce() {
		this.receiver.respondWith(Status.UNAVAILABLE);
		OtlpGrpcSpanExporter exporter = exporter(RetryPolicy.disabled());
		try (CapturedLog log = new CapturedLog()) {
			assertThat(exporter.export(List.of(TestSpanData.of("a", 1))).join(20, TimeUnit.SECONDS).isSuccess())
				.isFalse();

			assertThat(this.receiver.callCount()).isOne();
			assertThat(log.messages()).anySatisfy((message) -> assertThat(message).contains("retries are disabled"));
		}
	}

	@Test
	void eachNewKindOfFailureIsLoggedAtOnceAndRepeatsAreHeldBack() {
		ManualClock clock = new ManualClock();
		OtlpGrpcSpanExporter exporter = exporter(
				OtlpGrpcSpanExporter.builder().setClock(clock).setRetryPolicy(RetryPolicy.disabled()));
		try (CapturedLog log = new CapturedLog()) {
			this.receiver.respondWith(Status.UNAVAILABLE);
			exportAndWait(exporter);
			exportAndWait(exporter);
			this.receiver.respondWith(Status.UNAUTHENTICATED);
			exportAndWait(exporter);
			exportAndWait(exporter);
			this.receiver.respondWith(Status.UNAVAILABLE);
			exportAndWait(exporter);

			assertThat(log.atLevel(Level.WARNING)).extracting(LogRecord::getMessage)
				.satisfiesExactly((first) -> assertThat(first).contains("UNAVAILABLE"),
						(second) -> assertThat(second).contains("UNAUTHENTICATED"));
		}
		assertThat(exporter.getStatistics().exportsFailed()).isEqualTo(5);
		assertThat(exporter.getStatistics().lastErrorKind()).isEqualTo("UNAVAILABLE");
	}

	private OtlpGrpcSpanExporter exporter(RetryPolicy policy) {
		return exporter(OtlpGrpcSpanExporter.builder().setRetryPolicy(policy));
	}

	private OtlpGrpcSpanExporter exporter(OtlpGrpcSpanExporterBuilder builder) {
		OtlpGrpcSpanExporter exporter = builder.setEndpoint(this.receiver.endpoint()).build();
		this.exporters.add(exporter);
		return exporter;
	}

	private static void exportAndWait(OtlpGrpcSpanExporter exporter) {
		CompletableResult result = exporter.export(List.of(TestSpanData.of("x", 1)));
		assertThat(result.join(10, TimeUnit.SECONDS).isDone()).isTrue();
	}

}

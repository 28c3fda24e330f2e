package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.CompletableResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry state machine on a manual clock and scheduler: which attempts happen, when,
 * with what timeout, and what is logged and counted, without waiting for real time. The
 * real-time behaviour against real receivers is covered by the exporters' own tests.
 */
@Timeout(10)
class RetryingExporterTests {

	private static final Duration SECOND = Duration.ofSeconds(1);

	private final ManualClock clock = new ManualClock();

	private final ManualScheduler scheduler = new ManualScheduler(this.clock);

	private final ScriptedTransport transport = new ScriptedTransport();

	@Test
	void retriesARetryableFailureAfterTheBackoffAndSucceeds() {
		RetryingExporter exporter = exporter(OtlpSignal.TRACES, settings());
		this.transport.answer(unavailable(), accepted());

		CompletableResult result = exporter.export(2, () -> EncodedRequest.of(new byte[] { 1 }));

		assertThat(this.transport.timeouts).hasSize(1);
		assertThat(result.isDone()).isFalse();
		// Jitter 0.5 means no jitter: the first wait is the initial backoff.
		assertThat(this.scheduler.pendingDelays()).containsExactly(RetryPolicy.DEFAULT_INITIAL_BACKOFF);
		this.scheduler.advance(RetryPolicy.DEFAULT_INITIAL_BACKOFF.minusNanos(1));
		assertThat(this.transport.timeouts).hasSize(1);
		this.scheduler.advance(Duration.ofNanos(1));
		assertThat(this.transport.timeouts).hasSize(2);
		assertThat(result.isSuccess()).isTrue();
		ExporterStatistics statistics = exporter.statistics();
		assertThat(statistics.retries()).isOne();
		assertThat(statistics.itemsExported()).isEqualTo(2);
		assertThat(statistics.itemsInFlight()).isZero();
		assertThat(statistics.lastErrorKind()).isEqualTo("UNAVAILABLE");
		assertThat(statistics.lastExportLatency()).isEqualTo(RetryPolicy.DEFAULT_INITIAL_BACKOFF);
	}

	@Test
	void givesTheRequestsBufferBackOnlyWhenItsFirstAttemptWasAccepted() {
		RetryingExporter exporter = exporter(OtlpSignal.TRACES, settings());
		AtomicReference<byte[]> owner = new AtomicReference<>();
		byte[] buffer = new byte[] { 1, 2 };
		this.transport.answer(accepted());
		exporter.export(1, () -> EncodedRequest.handedOver(buffer, 2, owner));
		assertThat(owner.get()).isSameAs(buffer);

		owner.set(null);
		byte[] retried = new byte[] { 3, 4 };
		this.transport.answer(unavailable());
		exporter.export(1, () -> EncodedRequest.handedOver(retried, 2, owner));
		// Waiting for the retry: the next attempt still sends these bytes.
		assertThat(owner.get()).isNull();
		this.transport.answer(accepted());
		this.scheduler.advance(RetryPolicy.DEFAULT_INITIAL_BACKOFF);
		// Accepted at the second attempt: a transport may still hold the first
		// attempt's reference (a timed-out HTTP exchange), so the buffer is not reused.
		assertThat(owner.get()).isNull();
	}

	@Test
	void keepsTheRequestsBufferFromTheEncoderWhenTheExportFails() {
		ExporterSettings settings = settings();
		settings.setRetryPolicy(RetryPolicy.disabled());
		RetryingExporter exporter = exporter(OtlpSignal.TRACES, settings);
		AtomicReference<byte[]> owner = new AtomicReference<>();
		this.transport.answer(unavailable());

		CompletableResult result = exporter.export(1, () -> EncodedRequest.handedOver(new byte[] { 1 }, 1, owner));

		// A failed or cancelled attempt may still be queued in the transport.
		assertThat(result.isSuccess()).isFalse();
		assertThat(owner.get()).isNull();
	}

	@Test
	void backsOffExponentiallyUpToTheMaximum() {
		RetryPolicy policy = RetryPolicy.builder()
			.setMaxAttempts(5)
			.setInitialBackoff(SECOND)
			.setMaxBackoff(Duration.ofSeconds(3))
			.setBackoffMultiplier(2)
			.build();
		ExporterSettings settings = settings();
		settings.setRetryPolicy(policy);
		settings.setRetryBudget(Duration.ofMinutes(1));
		RetryingExporter exporter = exporter(OtlpSignal.TRACES, settings);
		this.transport.answer(unavailable(), unavailable(), unavailable(), unavailable(), unavailable());

		CompletableResult result = exporter.export(1, () -> EncodedRequest.of(new byte[0]));

		List<Duration> waits = new ArrayList<>();
		while (!this.scheduler.pendingDelays().isEmpty()) {
			Duration wait = this.scheduler.pendingDelays().get(0);
			waits.add(wait);
			this.scheduler.advance(wait);
		}
		assertThat(waits).containsExactly(SECOND, Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(3));
		assertThat(this.transport.timeouts).hasSize(5);
		assertThat(result.isDone()).isTrue();
		assertThat(result.isSuccess()).isFalse();
		assertThat(exporter.statistics().itemsFailed()).isOne();
		assertThat(exporter.statistics().retries()).isEqualTo(4);
	}

	@Test
	void waitsAsLongAsTheCollectorAsks() {
		RetryingExporter exporter = exporter(OtlpSignal.TRACES, settings());
		this.transport.answer(AttemptOutcome.failed("RESOURCE_EXHAUSTED", "RESOURCE_EXHAUSTED", true,
				Duration.ofSeconds(7).toNanos(), "the collector is shedding load", null), accepted());

		try (CapturedLog log = new CapturedLog()) {
			CompletableResult result = exporter.export(1, () -> EncodedRequest.of(new byte[0]));

			assertThat(this.scheduler.pendingDelays()).containsExactly(Duration.ofSeconds(7));
			assertThat(log.atLevel(Level.WARNING)).singleElement()
				.satisfies((record) -> assertThat(record.getMessage())
					.endsWith("Retrying in 7.000s as the collector asked (attempt 1 of 5)"));
			this.scheduler.advance(Duration.ofSeconds(7));
			assertThat(result.isSuccess()).isTrue();
		}
	}

	@Test
	void cutsTheAttemptTimeoutToTheTimeLeftInTheBudget() {
		ExporterSettings settings = settings();
		settings.setTimeout(Duration.ofSeconds(10));
		settings.setRetryBudget(Duration.ofSeconds(4));
		RetryingExporter exporter = exporter(OtlpSignal.TRACES, settings);
		this.transport.answer(unavailable(), accepted());

		exporter.export(1, () -> EncodedRequest.of(new byte[0]));
		this.scheduler.advance(SECOND);

		// 4 s less the reserve of a twentieth (200 ms), less the 1 s wait.
		assertThat(this.transport.timeouts).containsExactly(Duration.ofMillis(3800), Duration.ofMillis(2800));
	}

	@Test
	void dropsTheRequestWhenTheWaitWouldLeaveNoTimeForAnotherAttempt() {
		ExporterSettings settings = settings();
		settings.setRetryBudget(Duration.ofSeconds(2));
		RetryingExporter exporter = exporter(OtlpSignal.TRACES, settings);
		this.transport.answer(AttemptOutcome.failed("UNAVAILABLE", "UNAVAILABLE", true, Duration.ofSeconds(5).toNanos(),
				"the collector is unavailable", null));

		try (CapturedLog log = new CapturedLog()) {
			CompletableResult result = exporter.export(3, () -> EncodedRequest.of(new byte[0]));

			assertThat(result.isDone()).isTrue();
			assertThat(result.isSuccess()).isFalse();
			assertThat(this.scheduler.pendingDelays()).isEmpty();
			assertThat(log.atLevel(Level.WARNING)).singleElement()
				.satisfies((record) -> assertThat(record.getMessage()).contains("Failed to export 3 spans")
					.endsWith("The spans are dropped after 1 attempt: waiting 5.000s, as the collector asked, for"
							+ " another would leave no time for it within the export budget of PT2S"));
		}
		assertThat(exporter.statistics().retries()).isZero();
		assertThat(exporter.statistics().itemsFailed()).isEqualTo(3);
	}

	@Test
	void doesNotRetryAFailureThatCannotPass() {
		RetryingExporter exporter = exporter(OtlpSignal.TRACES, settings());
		this.transport.answer(AttemptOutcome.failed("UNAUTHENTICATED", "UNAUTHENTICATED", false, -1,
				"the collector refused the credentials", null));

		try (CapturedLog log = new CapturedLog()) {
			CompletableResult result = exporter.export(1, () -> EncodedRequest.of(new byte[0]));

			assertThat(result.isDone()).isTrue();
			assertThat(this.scheduler.pendingDelays()).isEmpty();
			assertThat(log.messages()).singleElement()
				.asString()
				.endsWith("the collector refused the credentials. The spans are dropped; this error is not retried");
		}
	}

	@Test
	void sendsOnceWhenRetriesAreDisabled() {
		ExporterSettings settings = settings();
		settings.setRetryPolicy(RetryPolicy.disabled());
		RetryingExporter exporter = exporter(OtlpSignal.TRACES, settings);
		this.transport.answer(unavailable());

		try (CapturedLog log = new CapturedLog()) {
			assertThat(exporter.export(1, () -> EncodedRequest.of(new byte[0])).isDone()).isTrue();
			assertThat(log.messages()).singleElement().asString().endsWith("retries are disabled");
		}
		assertThat(this.transport.timeouts).hasSize(1);
	}

	@Test
	void logsTheFirstFailureOfEachKindAtOnceAndThrottlesRepeats() {
		ExporterSettings settings = settings();
		settings.setRetryPolicy(RetryPolicy.disabled());
		RetryingExporter exporter = exporter(OtlpSignal.TRACES, settings);

		try (CapturedLog log = new CapturedLog()) {
			this.transport.answer(unavailable(), unavailable(), unavailable());
			for (int i = 0; i < 3; i++) {
				exporter.export(1, () -> EncodedRequest.of(new byte[0]));
			}
			assertThat(log.atLevel(Level.WARNING)).hasSize(1);

			this.transport
				.answer(AttemptOutcome.failed("DEADLINE_EXCEEDED", "DEADLINE_EXCEEDED", true, -1, "no answer", null));
			exporter.export(1, () -> EncodedRequest.of(new byte[0]));
			// A new kind is news, and says how many lines it follows that were held back.
			assertThat(log.atLevel(Level.WARNING)).hasSize(2)
				.last()
				.satisfies((record) -> assertThat(record.getMessage()).startsWith("Failed to export 1 span")
					.contains("DEADLINE_EXCEEDED")
					.endsWith("(2 similar messages suppressed)"));

			this.transport.answer(unavailable(), unavailable());
			exporter.export(1, () -> EncodedRequest.of(new byte[0]));
			assertThat(log.atLevel(Level.WARNING)).hasSize(2);
			this.clock.advance(RetryingExporter.FAILURE_LOG_INTERVAL);
			exporter.export(1, () -> EncodedRequest.of(new byte[0]));
			assertThat(log.atLevel(Level.WARNING)).hasSize(3)
				.last()
				.satisfies((record) -> assertThat(record.getMessage()).endsWith("(1 similar messages suppressed)"));
		}
	}

	@Test
	void reportsARecoveryOnceAndWarnsAtOnceAboutTheNextFailure() {
		ExporterSettings settings = settings();
		settings.setRetryPolicy(RetryPolicy.disabled());
		RetryingExporter exporter = exporter(OtlpSignal.TRACES, settings);

		try (CapturedLog log = new CapturedLog()) {
			this.transport.answer(unavailable(), unavailable(), accepted(), accepted(), unavailable());
			for (int i = 0; i < 5; i++) {
				exporter.export(1, () -> EncodedRequest.of(new byte[0]));
			}

			assertThat(log.atLevel(Level.INFO)).singleElement()
				.satisfies((record) -> assertThat(record.getMessage())
					.isEqualTo("Exporting spans to http://collector:4317 works again after 2 failed attempts"));
			assertThat(log.atLevel(Level.WARNING)).hasSize(2);
		}
	}

	@Test
	void countsRejectedItemsOfAPartialSuccessAndMasksHeaderValuesInTheMessage() {
		ExporterSettings settings = settings();
		settings.addHeader("authorization", "Bearer s3cr3t-token");
		RetryingExporter exporter = exporter(OtlpSignal.TRACES, settings);
		this.transport.answer(AttemptOutcome.accepted(9, "refused s3cr3t-token's spans"));

		try (CapturedLog log = new CapturedLog()) {
			assertThat(exporter.export(4, () -> EncodedRequest.of(new byte[0])).isSuccess()).isTrue();

			assertThat(log.atLevel(Level.WARNING)).singleElement()
				.satisfies((record) -> assertThat(record.getMessage())
					.isEqualTo("The collector at http://collector:4317 rejected 4 of 4 spans: refused ****'s spans"));
		}
		assertThat(exporter.statistics().itemsRejected()).isEqualTo(4);
		assertThat(exporter.statistics().itemsExported()).isZero();
	}

	@Test
	void failsWithoutRetryWhenTheRequestCannotBeEncoded() {
		RetryingExporter exporter = exporter(OtlpSignal.TRACES, settings());

		try (CapturedLog log = new CapturedLog()) {
			CompletableResult result = exporter.export(2, () -> {
				throw new IllegalStateException("changed while encoding");
			});

			assertThat(result.isDone()).isTrue();
			assertThat(result.getFailure()).hasMessage("changed while encoding");
			assertThat(log.messages()).singleElement()
				.isEqualTo("Failed to encode 2 spans for http://collector:4317; the batch was dropped");
		}
		assertThat(this.transport.timeouts).isEmpty();
		assertThat(exporter.statistics().lastErrorKind()).isEqualTo(ExportFailures.ENCODING);
	}

	@Test
	void namesTheItemsOfItsSignal() {
		ExporterSettings settings = settings();
		settings.setRetryPolicy(RetryPolicy.disabled());
		RetryingExporter exporter = exporter(OtlpSignal.METRICS, settings);
		this.transport.answer(unavailable(), accepted());

		try (CapturedLog log = new CapturedLog()) {
			exporter.export(3, () -> EncodedRequest.of(new byte[0]));
			exporter.export(1, () -> EncodedRequest.of(new byte[0]));

			assertThat(log.messages()).containsExactly(
					"Failed to export 3 data points to http://collector:4317: UNAVAILABLE; the collector is"
							+ " unavailable. The data points are dropped; retries are disabled",
					"Exporting data points to http://collector:4317 works again after 1 failed attempt");
		}
		assertThat(exporter.statistics().itemsFailed()).isEqualTo(3);
		assertThat(exporter.statistics().itemsExported()).isOne();
	}

	@Test
	void endsAnExportWaitingForARetryAtShutdown() {
		RetryingExporter exporter = exporter(OtlpSignal.TRACES, settings());
		this.transport.answer(unavailable());
		CompletableResult result = exporter.export(1, () -> EncodedRequest.of(new byte[0]));
		assertThat(this.scheduler.pendingDelays()).hasSize(1);

		assertThat(exporter.shutdown().isSuccess()).isTrue();

		assertThat(result.isDone()).isTrue();
		assertThat(result.isSuccess()).isFalse();
		assertThat(this.scheduler.pendingDelays()).isEmpty();
		assertThat(exporter.export(1, () -> EncodedRequest.of(new byte[0])).isSuccess()).isFalse();
		assertThat(this.transport.timeouts).hasSize(1);
	}

	@Test
	void listenerHearsEachExportOnceWithItsDurationAndOutcome() {
		RetryingExporter exporter = exporter(OtlpSignal.TRACES, settings());
		List<String> ended = new ArrayList<>();
		exporter.setExportListener((nanos, errorType) -> ended.add(Duration.ofNanos(nanos) + " " + errorType));
		this.transport.answer(unavailable(), accepted(), AttemptOutcome.failed("INVALID_ARGUMENT", "INVALID_ARGUMENT",
				false, -1, "the collector refused the request", null));

		exporter.export(2, () -> EncodedRequest.of(new byte[] { 1 }));
		assertThat(ended).isEmpty();
		this.scheduler.advance(RetryPolicy.DEFAULT_INITIAL_BACKOFF);
		exporter.export(1, () -> EncodedRequest.of(new byte[] { 1 }));

		assertThat(ended).containsExactly(RetryPolicy.DEFAULT_INITIAL_BACKOFF + " null", "PT0S INVALID_ARGUMENT");
		exporter.setExportListener((nanos, errorType) -> {
			throw new IllegalStateException("a broken listener");
		});
		this.transport.answer(accepted());
		assertThat(exporter.export(1, () -> EncodedRequest.of(new byte[] { 1 })).isSuccess()).isTrue();
		assertThat(exporter.statistics().exportsSucceeded()).isEqualTo(2);
		// An Error (say, a meter library missing a class) ends the export as well.
		exporter.setExportListener((nanos, errorType) -> {
			throw new NoClassDefFoundError("a listener's meter library");
		});
		this.transport.answer(accepted(), AttemptOutcome.failed("INVALID_ARGUMENT", "INVALID_ARGUMENT", false, -1,
				"the collector refused the request", null));
		assertThat(exporter.export(1, () -> EncodedRequest.of(new byte[] { 1 })).isSuccess()).isTrue();
		CompletableResult refused = exporter.export(1, () -> EncodedRequest.of(new byte[] { 1 }));
		assertThat(refused.isDone()).isTrue();
		assertThat(refused.isSuccess()).isFalse();
		assertThat(exporter.statistics().itemsInFlight()).isZero();
	}

	private ExporterSettings settings() {
		ExporterSettings settings = new ExporterSettings("http://collector:4317", (name) -> name);
		settings.setClock(this.clock);
		return settings;
	}

	private RetryingExporter exporter(OtlpSignal signal, ExporterSettings settings) {
		return new RetryingExporter(Logger.getLogger(RetryingExporterTests.class.getName()), signal, this.transport,
				settings, this.scheduler, () -> 0.5);
	}

	private static AttemptOutcome unavailable() {
		return AttemptOutcome.failed("UNAVAILABLE", "UNAVAILABLE", true, -1, "the collector is unavailable", null);
	}

	private static AttemptOutcome accepted() {
		return AttemptOutcome.accepted(0, "");
	}

}

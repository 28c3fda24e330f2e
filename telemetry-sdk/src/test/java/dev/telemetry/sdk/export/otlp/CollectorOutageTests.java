package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.sdk.trace.export.SpanExporter;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.testing.FaultInjectingReceiver;
import dev.telemetry.testing.OtlpHttpTestReceiver;
import dev.telemetry.testing.OtlpTestReceiver;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A collector that is down for a long time while the application keeps ending spans,
 * shown structurally instead of by waiting: the receiver accepts connections but never
 * answers, with timeouts, queue and batch scaled down so that the outage lasts as many
 * export rounds as thirty seconds would at the defaults. No timing is asserted; what
 * counts is where spans go and which thread touches the exporter.
 */
@Timeout(90)
class CollectorOutageTests {

	private static final int QUEUE = 64;

	private static final int BATCH = 16;

	private static final int SPANS_DURING_OUTAGE = 5_000;

	@ParameterizedTest
	@EnumSource
	void applicationThreadsNeverWaitDropsAreCountedMemoryStaysBoundedAndExportResumes(Transport transport) {
		try (FaultInjectingReceiver<?, ?> receiver = transport.receiver.get()) {
			receiver.hang(true);
			ThreadRecordingExporter exporter = new ThreadRecordingExporter(transport.exporter(receiver.endpoint()));
			BatchSpanProcessor processor = BatchSpanProcessor.builder(exporter)
				.setMaxQueueSize(QUEUE)
				.setMaxExportBatchSize(BATCH)
				.setScheduleDelay(Duration.ofMillis(20))
				.setExporterTimeout(Duration.ofMillis(800))
				.build();
			TracerProvider provider = TracerProvider.builder()
				.setSampler(Sampler.alwaysOn())
				.addSpanProcessor(processor)
				.build();
			try {
				long maxQueued = 0;
				long maxInFlight = 0;
				for (int i = 0; i < SPANS_DURING_OUTAGE; i++) {
					// Span end on the application's thread: it must return whatever the
					// collector does. The test's own timeout is the backstop.
					provider.get("outage", null).spanBuilder("during").startSpan().end();
					if (i % 50 == 0) {
						maxQueued = Math.max(maxQueued, processor.getQueueSize());
						maxInFlight = Math.max(maxInFlight, exporter.statistics().itemsInFlight());
					}
				}
				await().atMost(Duration.ofSeconds(20)).until(() -> exporter.statistics().exportsFailed() >= 1);

				assertThat(receiver.spans()).isEmpty();
				assertThat(processor.getDroppedSpans()).as("a full queue drops, and counts").isPositive();
				assertThat(processor.getEnqueuedSpans() + processor.getDroppedSpans()).isEqualTo(SPANS_DURING_OUTAGE);
				assertThat(maxQueued).isLessThanOrEqualTo(QUEUE);
				// The exporter holds only the batches being retried, in encoded form;
				// one at a time, two when the processor gives up on one as it ends.
				assertThat(maxInFlight).isLessThanOrEqualTo(2 * BATCH);
				assertThat(exporter.statistics().itemsInFlight()).isLessThanOrEqualTo(2 * BATCH);
				assertThat(exporter.callers).as("only the processor's worker calls the exporter")
					.containsExactly(BatchSpanProcessor.WORKER_THREAD_NAME);

				receiver.hang(false);
				receiver.awaitSpans(1, Duration.ofSeconds(30));
				await().atMost(Duration.ofSeconds(30)).until(() -> processor.getQueueSize() == 0);
				provider.get("outage", null).spanBuilder("after").startSpan().end();

				receiver.awaitSpans((spans) -> spans.stream().anyMatch((span) -> span.getName().equals("after")),
						Duration.ofSeconds(30));
				ExporterStatistics statistics = exporter.statistics();
				assertThat(statistics.exportsFailed()).isPositive();
				assertThat(statistics.exportsSucceeded()).isPositive();
				assertThat(statistics.retries()).isPositive();
				assertThat(statistics.lastSuccessTime()).isNotNull();
				assertThat(statistics.lastErrorTime()).isNotNull();
			}
			finally {
				provider.shutdown().join(10, TimeUnit.SECONDS);
			}
		}
	}

	enum Transport {

		GRPC(OtlpTestReceiver::start) {

			@Override
			SpanExporter exporter(String endpoint) {
				return OtlpGrpcSpanExporter.builder()
					.setEndpoint(endpoint)
					.setTimeout(Duration.ofMillis(200))
					.setRetryBudget(Duration.ofMillis(800))
					.setRetryPolicy(policy())
					.build();
			}

		},

		HTTP(OtlpHttpTestReceiver::start) {

			@Override
			SpanExporter exporter(String endpoint) {
				return OtlpHttpSpanExporter.builder()
					.setEndpoint(endpoint)
					.setTimeout(Duration.ofMillis(200))
					.setRetryBudget(Duration.ofMillis(800))
					.setRetryPolicy(policy())
					.build();
			}

		};

		private final Supplier<FaultInjectingReceiver<?, ?>> receiver;

		Transport(Supplier<FaultInjectingReceiver<?, ?>> receiver) {
			this.receiver = receiver;
		}

		abstract SpanExporter exporter(String endpoint);

		static RetryPolicy policy() {
			return RetryPolicy.builder()
				.setInitialBackoff(Duration.ofMillis(50))
				.setMaxBackoff(Duration.ofMillis(100))
				.build();
		}

	}

	/**
	 * Passes everything to the real exporter and notes which threads call it.
	 */
	private static final class ThreadRecordingExporter implements SpanExporter {

		private final SpanExporter delegate;

		private final Set<String> callers = ConcurrentHashMap.newKeySet();

		ThreadRecordingExporter(SpanExporter delegate) {
			this.delegate = delegate;
		}

		ExporterStatistics statistics() {
			return (this.delegate instanceof OtlpGrpcSpanExporter grpc) ? grpc.getStatistics()
					: ((OtlpHttpSpanExporter) this.delegate).getStatistics();
		}

		@Override
		public CompletableResult export(Collection<SpanData> spans) {
			this.callers.add(Thread.currentThread().getName());
			return this.delegate.export(spans);
		}

		@Override
		public CompletableResult flush() {
			return this.delegate.flush();
		}

		@Override
		public CompletableResult shutdown() {
			return this.delegate.shutdown();
		}

	}

}

package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.testing.TestSpanData;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.testing.OtlpHttpTestReceiver;
import dev.telemetry.testing.OtlpTestReceiver;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request larger than the collector accepts (a collector's 4 MiB gRPC message limit, a
 * proxy's body limit) can never pass: it is sent once, its spans are counted as failed
 * and the log names the limit, and the exporter goes on with the next batch. Run against
 * real receivers with a small limit.
 */
@Timeout(60)
class OversizedRequestTests {

	private static final int LIMIT = 4 * 1024;

	private static final RetryPolicy FAST = RetryPolicy.builder()
		.setInitialBackoff(Duration.ofMillis(20))
		.setMaxBackoff(Duration.ofMillis(50))
		.build();

	@Test
	void grpcRequestPastTheCollectorsMessageLimitIsDroppedWithoutRetries() {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start(LIMIT); CapturedLog log = new CapturedLog()) {
			OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder()
				.setEndpoint(receiver.endpoint())
				.setRetryPolicy(FAST)
				.build();
			try {
				assertOversizedIsDroppedAndNextBatchPasses(exporter, log);
				assertThat(exporter.getStatistics().lastErrorKind()).isEqualTo("RESOURCE_EXHAUSTED");
				assertThat(log.atLevel(Level.WARNING)).singleElement()
					.satisfies((record) -> assertThat(record.getMessage()).contains("RESOURCE_EXHAUSTED",
							"larger than the collector's maximum message size", OtlpSignal.SPAN_BATCH_SIZE_PROPERTY,
							"this error is not retried"));
				assertThat(receiver.spans()).extracting((span) -> span.getName()).containsExactly("small");
			}
			finally {
				exporter.shutdown().join(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void aTooLargeRequestIsNotRetriedEvenWhenTheServerAsksForARetry() {
		Status tooLarge = Status.RESOURCE_EXHAUSTED
			.withDescription("grpc: received message larger than max (5000000 vs. 4194304)");
		com.google.rpc.Status details = com.google.rpc.Status.newBuilder()
			.setCode(tooLarge.getCode().value())
			.setMessage(tooLarge.getDescription())
			.addDetails(Any.pack(RetryInfo.newBuilder()
				.setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(1))
				.build()))
			.build();
		GrpcTransport transport = GrpcTransport.create(OtlpSignal.TRACES,
				new ExporterSettings("http://127.0.0.1:1", GrpcTransport::validateHeaderName),
				ExporterSettings.newScheduler("test"));
		try {
			AttemptOutcome outcome = transport.classify(StatusProto.toStatusRuntimeException(details));

			assertThat(outcome.serverDelayNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(1));
			assertThat(outcome.retryable()).isFalse();
			assertThat(outcome.hint()).contains("larger than the collector's maximum message size");
			assertThat(
					transport.classify(Status.RESOURCE_EXHAUSTED.withDescription("shedding load").asRuntimeException())
						.retryable())
				.isFalse();
		}
		finally {
			transport.shutdownNow();
		}
	}

	@Test
	void httpRequestPastTheBodyLimitIsDroppedWithoutRetries() {
		try (OtlpHttpTestReceiver receiver = OtlpHttpTestReceiver.start(); CapturedLog log = new CapturedLog()) {
			receiver.limitRequestSize(LIMIT);
			OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
				.setEndpoint(receiver.endpoint())
				.setRetryPolicy(FAST)
				.build();
			try {
				assertOversizedIsDroppedAndNextBatchPasses(exporter, log);
				assertThat(exporter.getStatistics().lastErrorKind()).isEqualTo("HTTP 413");
				assertThat(log.atLevel(Level.WARNING)).singleElement()
					.satisfies((record) -> assertThat(record.getMessage()).contains("HTTP 413",
							"larger than the collector accepts", OtlpSignal.SPAN_BATCH_SIZE_PROPERTY,
							"this error is not retried"));
				assertThat(receiver.spans()).extracting((span) -> span.getName()).containsExactly("small");
			}
			finally {
				exporter.shutdown().join(10, TimeUnit.SECONDS);
			}
		}
	}

	private static void assertOversizedIsDroppedAndNextBatchPasses(OtlpSpanExporter exporter, CapturedLog log) {
		List<SpanData> large = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			large.add(TestSpanData.of("large-" + i + "-" + "x".repeat(1024), 1));
		}

		CompletableResult dropped = exporter.export(large);

		assertThat(dropped.join(20, TimeUnit.SECONDS).isDone()).isTrue();
		assertThat(dropped.isSuccess()).isFalse();
		ExporterStatistics statistics = exporter.getStatistics();
		assertThat(statistics.itemsFailed()).isEqualTo(8);
		assertThat(statistics.retries()).isZero();
		assertThat(statistics.itemsInFlight()).isZero();

		CompletableResult next = exporter.export(List.of(TestSpanData.of("small", 1)));
		assertThat(next.join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(exporter.getStatistics().itemsExported()).isOne();
	}

}

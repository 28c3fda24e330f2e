package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.testing.TestSpanData;
import dev.telemetry.testing.OtlpTestReceiver;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the shared {@link OtlpTestReceiver} test helper.
 */
class OtlpTestReceiverTests {

	@Test
	@Timeout(30)
	void listensOnLoopbackOnly() {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start()) {
			assertThat(receiver.port()).isPositive();
			assertThat(receiver.endpoint()).isEqualTo("http://127.0.0.1:" + receiver.port());
		}
	}

	@Test
	@Timeout(30)
	void awaitSpansFailsAfterTheTimeoutListingWhatArrived() {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start()) {
			OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint(receiver.endpoint()).build();
			try {
				assertThat(
						exporter.export(List.of(TestSpanData.of("only-one", 1))).join(10, TimeUnit.SECONDS).isSuccess())
					.isTrue();

				assertThatExceptionOfType(AssertionError.class)
					.isThrownBy(() -> receiver.awaitSpans(2, Duration.ofMillis(200)))
					.withMessageContaining("PT0.2S")
					.withMessageContaining("1 spans")
					.withMessageContaining("only-one");
			}
			finally {
				exporter.shutdown().join(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	@Timeout(30)
	void awaitSpansReturnsOnceTheConditionHolds() {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start()) {
			OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint(receiver.endpoint()).build();
			try {
				exporter.export(List.of(TestSpanData.of("a", 1)));
				exporter.export(List.of(TestSpanData.of("b", 2)));

				assertThat(receiver.awaitSpans(
						(spans) -> spans.stream().anyMatch((span) -> span.getName().equals("b"))
								&& spans.stream().anyMatch((span) -> span.getName().equals("a")),
						Duration.ofSeconds(10)))
					.hasSize(2);
				assertThat(receiver.requests()).hasSize(2);
				assertThat(receiver.resourceSpans()).hasSize(2);
			}
			finally {
				exporter.shutdown().join(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	@Timeout(30)
	void failedCallsAreCountedButNotRecordedAndResetRestoresNormalAnswers() {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start()) {
			OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint(receiver.endpoint()).build();
			try {
				receiver.respondWith(Status.RESOURCE_EXHAUSTED);
				assertThat(exporter.export(List.of(TestSpanData.of("a", 1))).join(10, TimeUnit.SECONDS).isSuccess())
					.isFalse();
				assertThat(receiver.callCount()).isOne();
				assertThat(receiver.headers()).hasSize(1);
				assertThat(receiver.spans()).isEmpty();

				receiver.reset();
				assertThat(receiver.callCount()).isZero();
				assertThat(receiver.headers()).isEmpty();
				assertThat(exporter.export(List.of(TestSpanData.of("b", 2))).join(10, TimeUnit.SECONDS).isSuccess())
					.isTrue();
				assertThat(receiver.awaitSpans(1, Duration.ofSeconds(10))).extracting((span) -> span.getName())
					.containsExactly("b");
			}
			finally {
				exporter.shutdown().join(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	@Timeout(30)
	void scriptedFailuresComeBeforeTheStandingAnswerAndCarryRetryInfo() {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start()) {
			OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder()
				.setEndpoint(receiver.endpoint())
				.setRetryPolicy(RetryPolicy.disabled())
				.build();
			try {
				receiver.failNext(1, Status.ABORTED);
				receiver.failNextWithRetryInfo(1, Status.RESOURCE_EXHAUSTED, Duration.ofMillis(1500));

				CompletableResult first = exporter.export(List.of(TestSpanData.of("a", 1))).join(10, TimeUnit.SECONDS);
				CompletableResult second = exporter.export(List.of(TestSpanData.of("b", 2))).join(10, TimeUnit.SECONDS);
				CompletableResult third = exporter.export(List.of(TestSpanData.of("c", 3))).join(10, TimeUnit.SECONDS);

				assertThat(Status.fromThrowable(first.getFailure()).getCode()).isEqualTo(Status.Code.ABORTED);
				assertThat(Status.fromThrowable(second.getFailure()).getCode())
					.isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
				assertThat(GrpcTransport.retryDelayNanos(second.getFailure()))
					.isEqualTo(Duration.ofMillis(1500).toNanos());
				assertThat(GrpcTransport.retryDelayNanos(first.getFailure())).isEqualTo(-1);
				assertThat(third.isSuccess()).isTrue();
				assertThat(receiver.callCount()).isEqualTo(3);
				assertThat(receiver.callTimes()).hasSize(3).isSorted();
			}
			finally {
				exporter.shutdown().join(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	@Timeout(30)
	void requiresABearerTokenDelaysAnswersAndRefusesConnectionsOnRequest() {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start()) {
			OtlpGrpcSpanExporter anonymous = OtlpGrpcSpanExporter.builder()
				.setEndpoint(receiver.endpoint())
				.setRetryPolicy(RetryPolicy.disabled())
				.build();
			OtlpGrpcSpanExporter authorized = OtlpGrpcSpanExporter.builder()
				.setEndpoint(receiver.endpoint())
				.setRetryPolicy(RetryPolicy.disabled())
				.addHeader("authorization", "Bearer let-me-in")
				.build();
			OtlpGrpcSpanExporter retrying = OtlpGrpcSpanExporter.builder()
				.setEndpoint(receiver.endpoint())
				.setRetryPolicy(RetryPolicy.builder()
					.setMaxAttempts(20)
					.setInitialBackoff(Duration.ofMillis(50))
					.setMaxBackoff(Duration.ofMillis(100))
					.build())
				.addHeader("authorization", "Bearer let-me-in")
				.build();
			try {
				receiver.requireBearerToken("let-me-in");
				CompletableResult refused = anonymous.export(List.of(TestSpanData.of("a", 1)))
					.join(10, TimeUnit.SECONDS);
				assertThat(Status.fromThrowable(refused.getFailure()).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);

				receiver.delayResponses(Duration.ofMillis(300));
				long start = System.nanoTime();
				assertThat(authorized.export(List.of(TestSpanData.of("b", 2))).join(10, TimeUnit.SECONDS).isSuccess())
					.isTrue();
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

				receiver.refuseConnections();
				CompletableResult down = authorized.export(List.of(TestSpanData.of("c", 3))).join(10, TimeUnit.SECONDS);
				assertThat(down.isSuccess()).isFalse();
				receiver.acceptConnections();
				// The client's connection state is its own business; a few quick retries
				// keep this a test of the receiver.
				assertThat(retrying.export(List.of(TestSpanData.of("d", 4))).join(10, TimeUnit.SECONDS).isSuccess())
					.isTrue();
				assertThat(receiver.spans()).extracting((span) -> span.getName()).containsExactly("b", "d");
			}
			finally {
				anonymous.shutdown().join(10, TimeUnit.SECONDS);
				authorized.shutdown().join(10, TimeUnit.SECONDS);
				retrying.shutdown().join(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	@Timeout(30)
	void closeIsIdempotent() {
		OtlpTestReceiver receiver = OtlpTestReceiver.start();
		receiver.close();
		receiver.close();
	}

}

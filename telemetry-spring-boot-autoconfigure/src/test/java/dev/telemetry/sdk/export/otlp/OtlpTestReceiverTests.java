package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
	void closeIsIdempotent() {
		OtlpTestReceiver receiver = OtlpTestReceiver.start();
		receiver.close();
		receiver.close();
	}

}

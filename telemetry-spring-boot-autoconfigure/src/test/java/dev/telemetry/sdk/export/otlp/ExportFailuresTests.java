package dev.telemetry.sdk.export.otlp;

import java.net.ConnectException;
import java.time.Duration;

import javax.net.ssl.SSLHandshakeException;

import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExportFailures}.
 */
class ExportFailuresTests {

	private static final String ENDPOINT = "http://collector:4317";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	@Timeout(10)
	void describeNamesCountEndpointStatusDescriptionCauseAndHint() {
		Throwable failure = Status.UNAVAILABLE.withDescription("io exception")
			.withCause(new ConnectException("Connection refused"))
			.asRuntimeException();

		assertThat(ExportFailures.describe(ENDPOINT, 3, failure, TIMEOUT, false)).isEqualTo(
				"Failed to export 3 spans to http://collector:4317: UNAVAILABLE (io exception) caused by ConnectException:"
						+ " Connection refused; is a collector listening on http://collector:4317?");
	}

	@Test
	@Timeout(10)
	void describeTreatsAnUnexpectedExceptionAsUnknown() {
		assertThat(ExportFailures.describe(ENDPOINT, 1, new IllegalStateException("odd"), TIMEOUT, false))
			.startsWith("Failed to export 1 span to http://collector:4317: UNKNOWN")
			.contains("IllegalStateException: odd");
	}

	@Test
	@Timeout(10)
	void describeBlamesTheShutdownForCallsItCancelled() {
		Throwable failure = Status.UNAVAILABLE.withDescription("Channel shutdownNow invoked").asRuntimeException();

		assertThat(ExportFailures.describe(ENDPOINT, 2, failure, TIMEOUT, true))
			.endsWith("; the exporter was shut down before the collector answered");
	}

	@Test
	@Timeout(10)
	void hintsAtAMissingCollectorWhenTheConnectionIsRefused() {
		Status status = Status.UNAVAILABLE
			.withCause(new RuntimeException("wrapped", new ConnectException("Connection refused")));

		assertThat(ExportFailures.hint(ENDPOINT, status, TIMEOUT))
			.isEqualTo("is a collector listening on http://collector:4317?");
	}

	@Test
	@Timeout(10)
	void hintsAtTlsMismatchWhenTheHandshakeFails() {
		Status status = Status.UNAVAILABLE.withCause(new SSLHandshakeException("unexpected message"));

		assertThat(ExportFailures.hint(ENDPOINT, status, TIMEOUT)).contains("TLS", "https://", "http://");
	}

	@Test
	@Timeout(10)
	void hintsAtTheHttpPortWhenUnimplemented() {
		assertThat(ExportFailures.hint(ENDPOINT, Status.UNIMPLEMENTED, TIMEOUT))
			.isEqualTo("the endpoint does not speak OTLP/gRPC (is it the OTLP/HTTP port 4318?)");
	}

	@Test
	@Timeout(10)
	void hintsAtTheHeadersPropertyWhenUnauthenticated() {
		assertThat(ExportFailures.hint(ENDPOINT, Status.UNAUTHENTICATED, TIMEOUT))
			.contains("check telemetry.exporter.otlp.headers");
		assertThat(ExportFailures.hint(ENDPOINT, Status.PERMISSION_DENIED, TIMEOUT))
			.contains("telemetry.exporter.otlp.headers");
	}

	@Test
	@Timeout(10)
	void hintsAtTheTimeoutWhenTheDeadlineIsExceeded() {
		assertThat(ExportFailures.hint(ENDPOINT, Status.DEADLINE_EXCEEDED, TIMEOUT)).contains("PT10S");
	}

	@Test
	@Timeout(10)
	void hasAHintForEveryStatusCode() {
		for (Status.Code code : Status.Code.values()) {
			assertThat(ExportFailures.hint(ENDPOINT, code.toStatus(), TIMEOUT)).as(code.name()).isNotBlank();
		}
	}

}

package dev.telemetry.sdk.export.otlp;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;

import javax.net.ssl.SSLHandshakeException;

import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExportFailures} and the gRPC hints of {@link GrpcTransport}.
 */
@Timeout(10)
class ExportFailuresTests {

	private static final OtlpEndpoint ENDPOINT = OtlpEndpoint.parse("http://collector:4317");

	private static final OtlpEndpoint HTTP_ENDPOINT = OtlpEndpoint.parse("http://collector:4318");

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void describesAStatusWithDescriptionAndCause() {
		Status status = Status.UNAVAILABLE.withDescription("io exception")
			.withCause(new ConnectException("Connection refused"));

		assertThat(GrpcTransport.describe(status))
			.isEqualTo("UNAVAILABLE (io exception) caused by ConnectException: Connection refused");
	}

	@Test
	void describesAnExceptionWithItsRootCause() {
		assertThat(ExportFailures.describe(new IllegalStateException("odd", new ConnectException("refused"))))
			.isEqualTo("IllegalStateException: odd caused by ConnectException: refused");
		assertThat(ExportFailures.describe(new ConnectException())).isEqualTo("ConnectException");
	}

	@Test
	void hintsAtAMissingCollectorWhenTheConnectionIsRefused() {
		Status status = Status.UNAVAILABLE
			.withCause(new RuntimeException("wrapped", new ConnectException("Connection refused")));

		assertThat(GrpcTransport.hint(OtlpSignal.TRACES, ENDPOINT, status, TIMEOUT))
			.isEqualTo("is a collector listening on http://collector:4317?");
	}

	@Test
	void hintsAtTlsMismatchWhenTheHandshakeFails() {
		Status status = Status.UNAVAILABLE.withCause(new SSLHandshakeException("unexpected message"));

		assertThat(GrpcTransport.hint(OtlpSignal.TRACES, ENDPOINT, status, TIMEOUT)).contains("TLS", "https://",
				"http://", "telemetry.exporter.otlp.ssl.bundle");
	}

	@Test
	void hintsAtTheHttpPortWhenUnimplemented() {
		assertThat(GrpcTransport.hint(OtlpSignal.TRACES, ENDPOINT, Status.UNIMPLEMENTED, TIMEOUT))
			.isEqualTo("the endpoint does not speak OTLP/gRPC (is it the OTLP/HTTP port 4318?)");
		assertThat(GrpcTransport.hint(OtlpSignal.TRACES, HTTP_ENDPOINT, Status.UNIMPLEMENTED, TIMEOUT))
			.contains("telemetry.exporter.otlp.protocol=http/protobuf");
	}

	@Test
	void hintsAtTheProtocolWhenAGrpcCallReachesTheHttpPort() {
		assertThat(GrpcTransport.hint(OtlpSignal.TRACES, HTTP_ENDPOINT, Status.INTERNAL, TIMEOUT)).contains("port 4318",
				"telemetry.exporter.otlp.protocol=http/protobuf");
		assertThat(GrpcTransport.hint(OtlpSignal.TRACES, HTTP_ENDPOINT, Status.UNAVAILABLE, TIMEOUT))
			.contains("telemetry.exporter.otlp.protocol=http/protobuf");
	}

	@Test
	void hintsAtTheHeadersPropertyWhenUnauthenticated() {
		assertThat(GrpcTransport.hint(OtlpSignal.TRACES, ENDPOINT, Status.UNAUTHENTICATED, TIMEOUT))
			.contains("check telemetry.exporter.otlp.headers");
		assertThat(GrpcTransport.hint(OtlpSignal.TRACES, ENDPOINT, Status.PERMISSION_DENIED, TIMEOUT))
			.contains("telemetry.exporter.otlp.headers");
	}

	@Test
	void hintsAtTheTimeoutWhenTheDeadlineIsExceeded() {
		assertThat(GrpcTransport.hint(OtlpSignal.TRACES, ENDPOINT, Status.DEADLINE_EXCEEDED, TIMEOUT))
			.contains("PT10S");
	}

	@Test
	void hasAHintForEveryStatusCode() {
		for (Status.Code code : Status.Code.values()) {
			assertThat(GrpcTransport.hint(OtlpSignal.TRACES, ENDPOINT, code.toStatus(), TIMEOUT)).as(code.name())
				.isNotBlank();
		}
	}

	@Test
	void hintsAtTheHeadersPropertyForHttp401And403() {
		assertThat(ExportFailures.httpStatusHint(OtlpSignal.TRACES, 401, "http://c:4318/v1/traces"))
			.contains("check telemetry.exporter.otlp.headers");
		assertThat(ExportFailures.httpStatusHint(OtlpSignal.TRACES, 403, "http://c:4318/v1/traces"))
			.contains("telemetry.exporter.otlp.headers");
	}

	@Test
	void hintsAtThePathForHttp404AndAtTheBatchSizeFor413() {
		assertThat(ExportFailures.httpStatusHint(OtlpSignal.TRACES, 404, "http://c:4318/x/v1/traces"))
			.contains("http://c:4318/x/v1/traces", "'/v1/traces' is appended");
		assertThat(ExportFailures.httpStatusHint(OtlpSignal.TRACES, 413, "http://c:4318/v1/traces"))
			.contains("telemetry.tracing.batch.max-export-batch-size");
	}

	@ParameterizedTest
	@ValueSource(ints = { 100, 300, 400, 404, 405, 408, 409, 413, 415, 418, 429, 500, 501, 502, 503, 504, 599 })
	void hasAHintForEveryHttpStatus(int status) {
		assertThat(ExportFailures.httpStatusHint(OtlpSignal.TRACES, status, "http://c:4318/v1/traces")).isNotBlank();
	}

	@Test
	void classifiesHttpFailuresWithoutAnAnswer() {
		assertThat(ExportFailures.httpFailureKind(new ConnectException())).isEqualTo("CONNECTION_REFUSED");
		assertThat(ExportFailures.httpFailureKind(new HttpConnectTimeoutException("slow")))
			.isEqualTo("CONNECT_TIMEOUT");
		assertThat(ExportFailures.httpFailureKind(new HttpTimeoutException("slow"))).isEqualTo("TIMEOUT");
		assertThat(ExportFailures.httpFailureKind(new java.io.IOException("x", new SSLHandshakeException("pkix"))))
			.isEqualTo("TLS_HANDSHAKE");
		assertThat(ExportFailures.httpFailureKind(new java.io.IOException("reset"))).isEqualTo("IO_ERROR");
		assertThat(ExportFailures.httpFailureKind(new CancellationException())).isEqualTo("SHUTDOWN");
		assertThat(ExportFailures.httpFailureKind(new IllegalStateException())).isEqualTo("UNKNOWN");
	}

	@Test
	void hintsAtTheGrpcPortWhenAnHttpConnectionClosesWithoutAnswer() {
		assertThat(ExportFailures.httpFailureHint("IO_ERROR", ENDPOINT, TIMEOUT)).contains("port 4317",
				"telemetry.exporter.otlp.protocol=grpc");
		assertThat(ExportFailures.httpFailureHint("IO_ERROR", HTTP_ENDPOINT, TIMEOUT))
			.contains("is http://collector:4318 an OTLP/HTTP receiver?");
		assertThat(ExportFailures.httpFailureHint("CONNECTION_REFUSED", HTTP_ENDPOINT, TIMEOUT))
			.isEqualTo("is a collector listening on http://collector:4318?");
		assertThat(ExportFailures.httpFailureHint("TIMEOUT", HTTP_ENDPOINT, TIMEOUT)).contains("PT10S");
	}

}

package dev.telemetry.sdk.export.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import dev.telemetry.testing.TraceRequestMessages;
import dev.telemetry.sdk.testing.TestSpanData;
import dev.telemetry.testing.OtlpHttpTestReceiver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@link OtlpHttpTestReceiver} test helper, driven by a plain HTTP client
 * so that its answers are checked independently of the exporter.
 */
@Timeout(30)
class OtlpHttpTestReceiverTests {

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final byte[] request = TraceRequestMessages.encode(List.of(TestSpanData.of("posted", 1))).toByteArray();

	@Test
	void acceptsProtobufAndGzippedProtobufOnTheTracesPathOnly() throws Exception {
		try (OtlpHttpTestReceiver receiver = OtlpHttpTestReceiver.start()) {
			assertThat(receiver.endpoint()).isEqualTo("http://127.0.0.1:" + receiver.port());

			HttpResponse<byte[]> plain = post(receiver, "/v1/traces", "application/x-protobuf", null, this.request);
			HttpResponse<byte[]> gzipped = post(receiver, "/v1/traces", "application/x-protobuf", "gzip",
					gzip(this.request));

			assertThat(plain.statusCode()).isEqualTo(200);
			assertThat(plain.headers().firstValue("Content-Type")).contains("application/x-protobuf");
			assertThat(ExportTraceServiceResponse.parseFrom(plain.body()).hasPartialSuccess()).isFalse();
			assertThat(gzipped.statusCode()).isEqualTo(200);
			assertThat(receiver.contentEncodings()).containsExactly("identity", "gzip");
			assertThat(receiver.spans()).extracting((span) -> span.getName()).containsExactly("posted", "posted");

			assertThat(post(receiver, "/v1/logs", "application/x-protobuf", null, this.request).statusCode())
				.isEqualTo(404);
			assertThat(post(receiver, "/v1/traces", "application/json", null, "{}".getBytes()).statusCode())
				.isEqualTo(415);
			assertThat(post(receiver, "/v1/traces", "application/x-protobuf", null, new byte[] { (byte) 0xFF })
				.statusCode()).isEqualTo(400);
			assertThat(receiver.callCount()).isEqualTo(5);
			assertThat(receiver.requests()).hasSize(2);
		}
	}

	@Test
	void scriptedFailuresCarryRetryAfterAndAStatusBodyThenTheStandingAnswerApplies() throws Exception {
		try (OtlpHttpTestReceiver receiver = OtlpHttpTestReceiver.start()) {
			receiver.failNextWithRetryAfter(1, 429, Duration.ofSeconds(7));
			receiver.failNext(1, 400, "bad batch");
			receiver.respondWith(503);

			HttpResponse<byte[]> limited = post(receiver, "/v1/traces", "application/x-protobuf", null, this.request);
			HttpResponse<byte[]> rejected = post(receiver, "/v1/traces", "application/x-protobuf", null, this.request);
			HttpResponse<byte[]> unavailable = post(receiver, "/v1/traces", "application/x-protobuf", null,
					this.request);
			receiver.reset();
			HttpResponse<byte[]> accepted = post(receiver, "/v1/traces", "application/x-protobuf", null, this.request);

			assertThat(limited.statusCode()).isEqualTo(429);
			assertThat(limited.headers().firstValue("Retry-After")).contains("7");
			assertThat(rejected.statusCode()).isEqualTo(400);
			assertThat(com.google.rpc.Status.parseFrom(rejected.body()).getMessage()).isEqualTo("bad batch");
			assertThat(unavailable.statusCode()).isEqualTo(503);
			assertThat(accepted.statusCode()).isEqualTo(200);
			assertThat(receiver.spans()).hasSize(1);
		}
	}

	@Test
	void requiresABearerTokenAndReportsPartialSuccess() throws Exception {
		try (OtlpHttpTestReceiver receiver = OtlpHttpTestReceiver.start()) {
			receiver.requireBearerToken("t0k");
			receiver.respondWithPartialSuccess(1, "one too many");

			HttpResponse<byte[]> anonymous = post(receiver, "/v1/traces", "application/x-protobuf", null, this.request);
			HttpResponse<byte[]> authorized = this.http
				.send(HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/traces"))
					.header("Content-Type", "application/x-protobuf")
					.header("Authorization", "Bearer t0k")
					.POST(HttpRequest.BodyPublishers.ofByteArray(this.request))
					.build(), HttpResponse.BodyHandlers.ofByteArray());

			assertThat(anonymous.statusCode()).isEqualTo(401);
			assertThat(authorized.statusCode()).isEqualTo(200);
			assertThat(ExportTraceServiceResponse.parseFrom(authorized.body()).getPartialSuccess().getRejectedSpans())
				.isOne();
			assertThat(receiver.headers().get(1)).containsEntry("authorization", List.of("Bearer t0k"));
		}
	}

	@Test
	void refusesConnectionsUntilToldToAcceptThemAgainOnTheSamePort() throws Exception {
		try (OtlpHttpTestReceiver receiver = OtlpHttpTestReceiver.start()) {
			int port = receiver.port();
			receiver.refuseConnections();
			assertThat(
					catchIOException(() -> post(receiver, "/v1/traces", "application/x-protobuf", null, this.request)))
				.isInstanceOf(java.net.ConnectException.class);

			receiver.acceptConnections();

			assertThat(receiver.port()).isEqualTo(port);
			assertThat(post(receiver, "/v1/traces", "application/x-protobuf", null, this.request).statusCode())
				.isEqualTo(200);
		}
	}

	private HttpResponse<byte[]> post(OtlpHttpTestReceiver receiver, String path, String contentType, String encoding,
			byte[] body) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(receiver.endpoint() + path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (encoding != null) {
			request.header("Content-Encoding", encoding);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static byte[] gzip(byte[] bytes) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(bytes);
		}
		return out.toByteArray();
	}

	private static Throwable catchIOException(IoCall call) throws InterruptedException {
		try {
			call.run();
			return null;
		}
		catch (IOException ex) {
			return ex;
		}
	}

	@FunctionalInterface
	private interface IoCall {

		void run() throws IOException, InterruptedException;

	}

}

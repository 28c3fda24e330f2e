package dev.telemetry.sdk.export.otlp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import com.sun.net.httpserver.HttpServer;
import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.testing.TestSpanData;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.testing.OtlpHttpTestReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.telemetry.sdk.export.otlp.TraceRequestEncoderTests.hex;
import static dev.telemetry.sdk.export.otlp.TraceRequestEncoderTests.stringAttribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link OtlpHttpSpanExporter} against a real OTLP/HTTP receiver on loopback.
 */
@Timeout(60)
class OtlpHttpSpanExporterTests {

	private static final long MS = 1_000_000L;

	private static final RetryPolicy FAST = RetryPolicy.builder()
		.setInitialBackoff(Duration.ofMillis(20))
		.setMaxBackoff(Duration.ofMillis(50))
		.build();

	private OtlpHttpTestReceiver receiver;

	private final List<OtlpHttpSpanExporter> exporters = new ArrayList<>();

	@BeforeEach
	void startReceiver() {
		this.receiver = OtlpHttpTestReceiver.start();
	}

	@AfterEach
	void stopEverything() {
		for (OtlpHttpSpanExporter exporter : this.exporters) {
			exporter.shutdown().join(10, TimeUnit.SECONDS);
		}
		this.receiver.close();
	}

	@Test
	void postsProtobufToTheTracesPath() {
		OtlpHttpSpanExporter exporter = exporter(OtlpHttpSpanExporter.builder());

		CompletableResult result = exporter.export(List.of(RichSpans.serverSpan(), RichSpans.clientSpan()));

		assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(exporter.getTracesUrl()).isEqualTo(this.receiver.endpoint() + "/v1/traces");
		assertThat(this.receiver.resourceSpans()).singleElement()
			.satisfies((resource) -> assertThat(resource.getResource().getAttributesList())
				.contains(stringAttribute("service.name", "checkout")));
		List<Span> spans = this.receiver.spans();
		assertThat(spans).extracting(Span::getName).containsExactly("GET /orders", "SELECT orders");
		assertThat(spans.get(0).getTraceId()).isEqualTo(hex(RichSpans.TRACE_ID_HEX));
		assertThat(spans.get(0).getEventsCount()).isEqualTo(2);
		Map<String, List<String>> headers = this.receiver.headers().get(0);
		assertThat(headers).containsEntry("content-type", List.of("application/x-protobuf"))
			.containsEntry("user-agent", List.of("telemetry-spring-boot-starter"))
			.doesNotContainKey("content-encoding");
		assertThat(this.receiver.contentEncodings()).containsExactly("identity");
		assertThat(exporter.getStatistics().itemsExported()).isEqualTo(2);
	}

	@Test
	void keepsTheEndpointsPathInFrontOfTheTracesPath() {
		try (OtlpHttpTestReceiver gateway = OtlpHttpTestReceiver.start("/otlp/v1/traces")) {
			OtlpHttpSpanExporter exporter = track(
					OtlpHttpSpanExporter.builder().setEndpoint(gateway.endpoint() + "/otlp/").build());

			assertThat(exporter.export(List.of(TestSpanData.of("routed", 1))).join(10, TimeUnit.SECONDS).isSuccess())
				.isTrue();

			assertThat(gateway.spans()).extracting(Span::getName).containsExactly("routed");
		}
	}

	@Test
	void gzipIsOnTheWireAndTheBodyStillDecodes() {
		OtlpHttpSpanExporter exporter = exporter(OtlpHttpSpanExporter.builder().setCompression("gzip"));

		assertThat(exporter.export(List.of(RichSpans.serverSpan())).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

		assertThat(this.receiver.contentEncodings()).containsExactly("gzip");
		assertThat(this.receiver.headers().get(0)).containsEntry("content-encoding", List.of("gzip"));
		assertThat(this.receiver.spans()).singleElement().satisfies((span) -> {
			assertThat(span.getName()).isEqualTo("GET /orders");
			assertThat(span.getEventsCount()).isEqualTo(2);
		});
	}

	@Test
	void sendsConfiguredHeadersAndPassesABearerCheck() {
		this.receiver.requireBearerToken("t0ken-123");
		OtlpHttpSpanExporter exporter = exporter(OtlpHttpSpanExporter.builder()
			.addHeader("Authorization", "Bearer t0ken-123")
			.addHeader("X-Tenant", "acme"));

		assertThat(exporter.export(List.of(TestSpanData.of("a", 1))).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

		assertThat(this.receiver.headers().get(0)).containsEntry("authorization", List.of("Bearer t0ken-123"))
			.containsEntry("x-tenant", List.of("acme"));
		assertThat(exporter.getHeaderNames()).containsExactly("authorization", "x-tenant");
	}

	@Test
	void aMissingTokenFailsWithAHintAtTheHeadersAndNoSecretInTheLog() {
		this.receiver.requireBearerToken("right-token");
		OtlpHttpSpanExporter exporter = exporter(
				OtlpHttpSpanExporter.builder().setRetryPolicy(FAST).addHeader("authorization", "Bearer wr0ng-t0ken"));
		try (CapturedLog log = new CapturedLog()) {
			CompletableResult result = exporter.export(List.of(TestSpanData.of("a", 1)));

			assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
			assertThat(this.receiver.callCount()).as("401 is not retried").isOne();
			assertThat(log.atLevel(Level.WARNING)).singleElement()
				.extracting(LogRecord::getMessage)
				.asString()
				.contains("HTTP 401", "missing or wrong bearer token", "check telemetry.exporter.otlp.headers")
				.doesNotContain("wr0ng-t0ken");
			assertThat(exporter.getStatistics().lastErrorKind()).isEqualTo("HTTP 401");
		}
	}

	@Test
	void collectorTextThatEchoesAHeaderValueIsMaskedInTheLog() {
		this.receiver.failNext(1, 400, "invalid token 's3cr3t-t0ken' for tenant");
		OtlpHttpSpanExporter exporter = exporter(
				OtlpHttpSpanExporter.builder().addHeader("authorization", "Bearer s3cr3t-t0ken"));
		try (CapturedLog log = new CapturedLog()) {
			exporter.export(List.of(TestSpanData.of("a", 1))).join(10, TimeUnit.SECONDS);

			assertThat(log.messages()).singleElement()
				.asString()
				.contains("HTTP 400 (invalid token '****' for tenant)")
				.doesNotContain("s3cr3t");
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 429, 502, 503, 504 })
	void retriesTransientStatuses(int status) {
		this.receiver.failNext(2, status);
		OtlpHttpSpanExporter exporter = exporter(OtlpHttpSpanExporter.builder().setRetryPolicy(FAST));

		assertThat(exporter.export(List.of(TestSpanData.of("kept", 1))).join(20, TimeUnit.SECONDS).isSuccess())
			.isTrue();

		assertThat(this.receiver.callCount()).isEqualTo(3);
		assertThat(this.receiver.spans()).extracting(Span::getName).containsExactly("kept");
		assertThat(exporter.getStatistics().retries()).isEqualTo(2);
		assertThat(exporter.getStatistics().lastErrorKind()).isEqualTo("HTTP " + status);
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403, 404, 405, 413, 415, 500, 501 })
	void doesNotRetryOtherStatuses(int status) {
		this.receiver.failNext(1, status);
		OtlpHttpSpanExporter exporter = exporter(OtlpHttpSpanExporter.builder().setRetryPolicy(FAST));

		CompletableResult result = exporter.export(List.of(TestSpanData.of("lost", 1)));

		assertThat(result.join(20, TimeUnit.SECONDS).isSuccess()).isFalse();
		assertThat(this.receiver.callCount()).isOne();
		assertThat(exporter.getStatistics().itemsFailed()).isOne();
	}

	@Test
	void retryAfterIsHonoured() {
		this.receiver.failNextWithRetryAfter(1, 503, Duration.ofSeconds(1));
		OtlpHttpSpanExporter exporter = exporter(OtlpHttpSpanExporter.builder().setRetryPolicy(FAST));

		assertThat(exporter.export(List.of(TestSpanData.of("a", 1))).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();

		List<Long> calls = this.receiver.callTimes();
		assertThat(calls).hasSize(2);
		assertThat(calls.get(1) - calls.get(0)).as("the policy alone would wait 50 ms at most")
			.isGreaterThanOrEqualTo(1000 * MS);
	}

	@Test
	void aWrongPathIsNotRetriedAndTheHintNamesTheUrl() {
		OtlpHttpSpanExporter exporter = track(OtlpHttpSpanExporter.builder()
			.setRetryPolicy(FAST)
			.setEndpoint(this.receiver.endpoint() + "/wrong")
			.build());
		try (CapturedLog log = new CapturedLog()) {
			assertThat(exporter.export(List.of(TestSpanData.of("a", 1))).join(20, TimeUnit.SECONDS).isSuccess())
				.isFalse();

			assertThat(this.receiver.callCount()).isOne();
			assertThat(log.messages()).singleElement()
				.asString()
				.contains("HTTP 404", this.receiver.endpoint() + "/wrong/v1/traces", "'/v1/traces' is appended");
		}
	}

	@Test
	void connectionRefusedIsRetriedAndLoggedWithAQuestionAboutTheCollector() {
		this.receiver.refuseConnections();
		OtlpHttpSpanExporter exporter = exporter(OtlpHttpSpanExporter.builder()
			.setRetryPolicy(RetryPolicy.builder()
				.setMaxAttempts(3)
				.setInitialBackoff(Duration.ofMillis(10))
				.setMaxBackoff(Duration.ofMillis(10))
				.build()));
		try (CapturedLog log = new CapturedLog()) {
			CompletableResult result = exporter.export(List.of(TestSpanData.of("a", 1)));

			assertThat(result.join(20, TimeUnit.SECONDS).isSuccess()).isFalse();
			assertThat(exporter.getStatistics().retries()).isEqualTo(2);
			assertThat(exporter.getStatistics().lastErrorKind()).isEqualTo("CONNECTION_REFUSED");
			assertThat(log.atLevel(Level.WARNING)).first()
				.extracting(LogRecord::getMessage)
				.asString()
				.contains("is a collector listening on " + this.receiver.endpoint() + "?");
		}
	}

	@Test
	void exportsWhenTheCollectorComesBack() {
		this.receiver.refuseConnections();
		OtlpHttpSpanExporter exporter = exporter(OtlpHttpSpanExporter.builder()
			.setRetryPolicy(RetryPolicy.builder()
				.setMaxAttempts(30)
				.setInitialBackoff(Duration.ofMillis(100))
				.setMaxBackoff(Duration.ofMillis(200))
				.build()));
		CompletableResult result = exporter.export(List.of(TestSpanData.of("deployed", 1)));
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> exporter.getStatistics().retries() >= 1);

		this.receiver.acceptConnections();

		assertThat(result.join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(this.receiver.spans()).extracting(Span::getName).containsExactly("deployed");
	}

	@Test
	void aHangingCollectorTimesOutEachAttemptWithinTheBudget() {
		this.receiver.hang(true);
		OtlpHttpSpanExporter exporter = exporter(OtlpHttpSpanExporter.builder()
			.setTimeout(Duration.ofMillis(400))
			.setRetryBudget(Duration.ofSeconds(1))
			.setRetryPolicy(FAST));
		long start = System.nanoTime();

		CompletableResult result = exporter.export(List.of(TestSpanData.of("a", 1)));

		assertThat(result.join(20, TimeUnit.SECONDS).isSuccess()).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3500));
		assertThat(exporter.getStatistics().lastErrorKind()).isEqualTo("TIMEOUT");
		assertThat(this.receiver.callCount()).isBetween(2, 3);
	}

	@Test
	void aBodyThatStallsAfterTheHeadersTimesTheAttemptOut() throws Exception {
		// A real server that answers with headers promising a body, then sends nothing,
		// as a hung proxy does.
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger calls = new AtomicInteger();
		HttpServer stalling = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		stalling.setExecutor(Executors.newCachedThreadPool());
		stalling.createContext("/", (exchange) -> {
			calls.incrementAndGet();
			exchange.getRequestBody().readAllBytes();
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, 100);
			exchange.getResponseBody().flush();
			try {
				release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
		});
		stalling.start();
		try {
			OtlpHttpSpanExporter exporter = track(OtlpHttpSpanExporter.builder()
				.setEndpoint("http://127.0.0.1:" + stalling.getAddress().getPort())
				.setTimeout(Duration.ofMillis(300))
				.setRetryBudget(Duration.ofSeconds(2))
				.setRetryPolicy(FAST)
				.build());

			CompletableResult result = exporter.export(List.of(TestSpanData.of("stalled", 1)));

			assertThat(result.join(10, TimeUnit.SECONDS).isDone()).as("export ended").isTrue();
			assertThat(result.isSuccess()).isFalse();
			assertThat(exporter.getStatistics().lastErrorKind()).isEqualTo("TIMEOUT");
			assertThat(exporter.getStatistics().retries()).isPositive();
			assertThat(calls.get()).isGreaterThan(1);
		}
		finally {
			release.countDown();
			stalling.stop(0);
			((ExecutorService) stalling.getExecutor()).shutdownNow();
		}
	}

	@Test
	void partialSuccessIsNotRetriedAndCountsRejectedSpans() {
		this.receiver.respondWithPartialSuccess(2, "spans too old");
		OtlpHttpSpanExporter exporter = exporter(OtlpHttpSpanExporter.builder().setRetryPolicy(FAST));
		try (CapturedLog log = new CapturedLog()) {
			CompletableResult result = exporter
				.export(List.of(TestSpanData.of("a", 1), TestSpanData.of("b", 2), TestSpanData.of("c", 3)));

			assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
			assertThat(this.receiver.callCount()).isOne();
			ExporterStatistics statistics = exporter.getStatistics();
			assertThat(statistics.itemsRejected()).isEqualTo(2);
			assertThat(statistics.itemsExported()).isOne();
			assertThat(log.atLevel(Level.WARNING)).singleElement()
				.extracting(LogRecord::getMessage)
				.asString()
				.contains("rejected 2 of 3 spans: spans too old");
		}
	}

	@Test
	void statisticsRecordLatencyAndTimesOfSuccessAndFailure() {
		this.receiver.delayResponses(Duration.ofMillis(100));
		OtlpHttpSpanExporter exporter = exporter(OtlpHttpSpanExporter.builder().setRetryPolicy(RetryPolicy.disabled()));
		Instant before = Instant.now();

		assertThat(exporter.export(List.of(TestSpanData.of("a", 1))).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		this.receiver.respondWith(503);
		assertThat(exporter.export(List.of(TestSpanData.of("b", 2))).join(10, TimeUnit.SECONDS).isSuccess()).isFalse();

		ExporterStatistics statistics = exporter.getStatistics();
		assertThat(statistics.exportsAttempted()).isEqualTo(2);
		assertThat(statistics.exportsEnded()).isEqualTo(2);
		assertThat(statistics.lastSuccessTime()).isAfterOrEqualTo(before.minusSeconds(1));
		assertThat(statistics.lastErrorTime()).isAfterOrEqualTo(statistics.lastSuccessTime());
		assertThat(statistics.lastErrorKind()).isEqualTo("HTTP 503");
		assertThat(statistics.maxExportLatency()).isGreaterThanOrEqualTo(Duration.ofMillis(100))
			.isGreaterThanOrEqualTo(statistics.lastExportLatency());
		assertThat(statistics.totalExportLatency()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		assertThat(statistics.meanExportLatency()).isEqualTo(statistics.totalExportLatency().dividedBy(2));
	}

	@Test
	@Timeout(90)
	void aProcessorsWorkerIsFreeAtTheProcessorsTimeoutThoughAnAttemptMayTakeLonger() {
		// An attempt may take 30 s, the processor waits 2 s for an export: the exchange
		// must not run on the processor's worker over the kept connection.
		OtlpHttpSpanExporter exporter = exporter(OtlpHttpSpanExporter.builder().setTimeout(Duration.ofSeconds(30)));
		BatchSpanProcessor processor = BatchSpanProcessor.builder(exporter)
			.setScheduleDelay(Duration.ofHours(1))
			.setExporterTimeout(Duration.ofSeconds(2))
			.build();
		TracerProvider provider = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(processor)
			.build();
		try {
			provider.get("worker", null).spanBuilder("connects").startSpan().end();
			assertThat(processor.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
			this.receiver.hang(true);
			provider.get("worker", null).spanBuilder("stalls").startSpan().end();
			long start = System.nanoTime();

			CompletableResult flush = processor.forceFlush();

			assertThat(flush.join(20, TimeUnit.SECONDS).isDone()).as("the worker is held by the exchange").isTrue();
			assertThat(flush.isSuccess()).isFalse();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
			assertThat(processor.getFailedSpans()).isOne();
		}
		finally {
			provider.shutdown().join(40, TimeUnit.SECONDS);
		}
	}

	@Test
	void shutdownCancelsAHangingRequestAfterTheGracePeriodAndLaterExportsFail() {
		this.receiver.hang(true);
		OtlpHttpSpanExporter exporter = exporter(OtlpHttpSpanExporter.builder().setTimeout(Duration.ofMinutes(1)));
		CompletableResult export = exporter.export(List.of(TestSpanData.of("pending", 1)));
		this.receiver.awaitCalls(1, Duration.ofSeconds(10));

		CompletableResult shutdown = exporter.shutdown();

		assertThat(shutdown.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(export.join(10, TimeUnit.SECONDS).isDone()).isTrue();
		assertThat(export.isSuccess()).isFalse();
		assertThat(exporter.shutdown()).isSameAs(shutdown);
		CompletableResult late = exporter.export(List.of(TestSpanData.of("late", 2)));
		assertThat(late.isDone()).isTrue();
		assertThat(late.isSuccess()).isFalse();
		assertThat(exporter.getStatistics().itemsFailed()).isEqualTo(2);
	}

	@Test
	void buildsWithDocumentedDefaults() {
		OtlpHttpSpanExporter exporter = track(OtlpHttpSpanExporter.builder().build());
		assertThat(exporter.getEndpoint()).isEqualTo("http://localhost:4318")
			.isEqualTo(OtlpHttpSpanExporterBuilder.DEFAULT_ENDPOINT);
		assertThat(exporter.getTracesUrl()).isEqualTo("http://localhost:4318/v1/traces");
		assertThat(exporter.getTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(exporter.getCompression()).isEqualTo("none");
		assertThat(exporter.getRetryPolicy()).isEqualTo(RetryPolicy.getDefault());
		assertThat(exporter.getRetryBudget()).isEqualTo(Duration.ofSeconds(30));
		assertThat(exporter.toString()).startsWith("OtlpHttpSpanExporter{endpoint=http://localhost:4318,");
	}

	@ParameterizedTest
	@ValueSource(strings = { "host", "Content-Length", "content-type", "Content-Encoding", "connection", "bad header",
			"colon:name", "" })
	void rejectsHeadersTheClientSetsOrThatAreNotTokens(String name) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OtlpHttpSpanExporter.builder().addHeader(name, "secret-value"))
			.withMessageNotContaining("secret-value");
	}

	@Test
	void acceptsHttpHeaderNamesThatGrpcWouldRefuse() {
		OtlpHttpSpanExporter exporter = track(OtlpHttpSpanExporter.builder()
			.setEndpoint(this.receiver.endpoint())
			.addHeader("X-Api-Key!", "k")
			.addHeader("trace-bin", "v")
			.build());
		assertThat(exporter.getHeaderNames()).containsExactly("x-api-key!", "trace-bin");
	}

	@Test
	void readsRetryAfterAsSecondsOrAsAnHttpDate() {
		long now = TimeUnit.SECONDS.toNanos(1_700_000_000L);
		assertThat(HttpTransport.retryAfterNanos("3", now)).isEqualTo(TimeUnit.SECONDS.toNanos(3));
		String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(Instant.ofEpochSecond(1_700_000_010L).atOffset(ZoneOffset.UTC));
		assertThat(HttpTransport.retryAfterNanos(inTenSeconds, now)).isEqualTo(TimeUnit.SECONDS.toNanos(10));
		String past = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(Instant.ofEpochSecond(1_600_000_000L).atOffset(ZoneOffset.UTC));
		assertThat(HttpTransport.retryAfterNanos(past, now)).isZero();
		assertThat(HttpTransport.retryAfterNanos("soon", now)).isEqualTo(-1);
		assertThat(HttpTransport.retryAfterNanos("-5", now)).isEqualTo(-1);
		assertThat(HttpTransport.retryAfterNanos(null, now)).isEqualTo(-1);
	}

	@Test
	void readsTheMessageOfAFailureBody() {
		byte[] status = com.google.rpc.Status.newBuilder().setCode(3).setMessage("bad\nspan").build().toByteArray();
		assertThat(HttpTransport.failureMessage(status, "application/x-protobuf")).isEqualTo("bad span");
		assertThat(HttpTransport.failureMessage("upstream down".getBytes(), "text/plain")).isEqualTo("upstream down");
		assertThat(HttpTransport.failureMessage("x".repeat(1000).getBytes(), "text/html"))
			.hasSize(HttpTransport.MAX_MESSAGE_CHARS + 3)
			.endsWith("...");
		assertThat(HttpTransport.failureMessage(new byte[] { 1, 2, 3 }, "image/png")).isEmpty();
		assertThat(HttpTransport.failureMessage(new byte[] { (byte) 0xFF, 0x01 }, "application/x-protobuf")).isEmpty();
	}

	private OtlpHttpSpanExporter exporter(OtlpHttpSpanExporterBuilder builder) {
		return track(builder.setEndpoint(this.receiver.endpoint()).build());
	}

	private OtlpHttpSpanExporter track(OtlpHttpSpanExporter exporter) {
		this.exporters.add(exporter);
		return exporter;
	}

}

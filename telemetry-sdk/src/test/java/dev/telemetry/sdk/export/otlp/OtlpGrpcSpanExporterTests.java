package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.testing.TestSpanData;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.testing.OtlpTestReceiver;
import io.grpc.Metadata;
import io.grpc.Status;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.telemetry.sdk.export.otlp.TraceRequestEncoderTests.boolAttribute;
import static dev.telemetry.sdk.export.otlp.TraceRequestEncoderTests.doubleAttribute;
import static dev.telemetry.sdk.export.otlp.TraceRequestEncoderTests.hex;
import static dev.telemetry.sdk.export.otlp.TraceRequestEncoderTests.intAttribute;
import static dev.telemetry.sdk.export.otlp.TraceRequestEncoderTests.stringAttribute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OtlpGrpcSpanExporter} against a real gRPC server on loopback.
 */
class OtlpGrpcSpanExporterTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<String> GRPC_ENCODING = Metadata.Key.of("grpc-encoding",
			Metadata.ASCII_STRING_MARSHALLER);

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

	@Test
	@Timeout(30)
	void exportDeliversEveryFieldOfRichSpans() {
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder());

		CompletableResult result = exporter.export(List.of(RichSpans.serverSpan(), RichSpans.clientSpan()));

		assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(this.receiver.requests()).hasSize(1);
		List<ResourceSpans> resourceSpans = this.receiver.resourceSpans();
		assertThat(resourceSpans).hasSize(1);
		assertThat(resourceSpans.get(0).getResource().getAttributesList()).containsExactly(
				stringAttribute("service.name", "checkout"), intAttribute("service.instance.count", 3),
				doubleAttribute("service.load", 0.5), boolAttribute("service.canary", true));
		assertThat(resourceSpans.get(0).getScopeSpansList()).extracting((scope) -> scope.getScope().getName())
			.containsExactly("dev.telemetry.http", "dev.telemetry.jdbc");
		assertThat(resourceSpans.get(0).getScopeSpans(0).getScope().getVersion()).isEqualTo("2.1.0");
		assertThat(resourceSpans.get(0).getScopeSpans(1).getScope().getVersion()).isEmpty();

		List<Span> spans = this.receiver.spans();
		assertThat(spans).hasSize(2);
		Span server = spans.get(0);
		assertThat(server.getTraceId()).isEqualTo(hex(RichSpans.TRACE_ID_HEX));
		assertThat(server.getSpanId()).isEqualTo(hex(RichSpans.SERVER_SPAN_HEX));
		assertThat(server.getParentSpanId()).isEqualTo(hex(RichSpans.REMOTE_PARENT_HEX));
		assertThat(server.getTraceState()).isEqualTo("vendor=abc,t@sys=x1");
		assertThat(server.getFlags()).isEqualTo(0x303);
		assertThat(server.getName()).isEqualTo("GET /orders");
		assertThat(server.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
		assertThat(server.getStartTimeUnixNano()).isEqualTo(1_000_000_001L);
		assertThat(server.getEndTimeUnixNano()).isEqualTo(2_000_000_002L);
		assertThat(server.getAttributesList()).containsExactly(stringAttribute("http.request.method", "GET"),
				intAttribute("http.response.status_code", 500), doubleAttribute("sampling.ratio", 0.25),
				boolAttribute("retry", true));
		assertThat(server.getDroppedAttributesCount()).isEqualTo(2);
		assertThat(server.getEventsList()).extracting(Span.Event::getName).containsExactly("exception", "retry");
		assertThat(server.getEvents(0).getTimeUnixNano()).isEqualTo(1_500_000_123L);
		assertThat(server.getEvents(0).getAttributesList()).containsExactly(
				stringAttribute("exception.type", "java.io.IOException"), boolAttribute("exception.escaped", false));
		assertThat(server.getEvents(1).getTimeUnixNano()).isEqualTo(1_700_000_000L);
		assertThat(server.getDroppedEventsCount()).isEqualTo(7);
		assertThat(server.getStatus().getCode())
			.isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(server.getStatus().getMessage()).isEqualTo("boom");

		Span client = spans.get(1);
		assertThat(client.getTraceId()).isEqualTo(hex(RichSpans.TRACE_ID_HEX));
		assertThat(client.getSpanId()).isEqualTo(hex(RichSpans.CLIENT_SPAN_HEX));
		assertThat(client.getParentSpanId()).isEqualTo(hex(RichSpans.SERVER_SPAN_HEX));
		assertThat(client.getFlags()).isEqualTo(0x100);
		assertThat(client.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
		assertThat(client.getStatus().getCode())
			.isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_OK);
		assertThat(client.getAttributesList()).isEmpty();
		assertThat(client.getEventsList()).isEmpty();
		ExporterStatistics statistics = exporter.getStatistics();
		assertThat(statistics.itemsExported()).isEqualTo(2);
		assertThat(statistics.itemsFailed()).isZero();
		assertThat(statistics.exportsFailed()).isZero();
		assertThat(statistics.exportsSucceeded()).isOne();
	}

	@Test
	@Timeout(30)
	void exportGroupsSpansByResourceThenScopeInOneRequest() {
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder());
		Resource payments = Resource.create(Attributes.of("service.name", "payments"));
		InstrumentationScope web = new InstrumentationScope("web", "1");
		InstrumentationScope db = new InstrumentationScope("db", null);

		CompletableResult result = exporter
			.export(List.of(span("a", 1, RichSpans.CHECKOUT, web), span("b", 2, payments, db),
					span("c", 3, RichSpans.CHECKOUT, db), span("d", 4, RichSpans.CHECKOUT, web)));

		assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(this.receiver.requests()).hasSize(1);
		ExportTraceServiceRequest request = this.receiver.requests().get(0);
		assertThat(request.getResourceSpansCount()).isEqualTo(2);
		ResourceSpans checkout = request.getResourceSpans(0);
		assertThat(checkout.getResource().getAttributesList()).contains(stringAttribute("service.name", "checkout"));
		assertThat(checkout.getScopeSpansCount()).isEqualTo(2);
		assertThat(checkout.getScopeSpans(0).getScope().getName()).isEqualTo("web");
		assertThat(checkout.getScopeSpans(0).getSpansList()).extracting(Span::getName).containsExactly("a", "d");
		assertThat(checkout.getScopeSpans(1).getScope().getName()).isEqualTo("db");
		assertThat(checkout.getScopeSpans(1).getSpansList()).extracting(Span::getName).containsExactly("c");
		ResourceSpans paymentsSpans = request.getResourceSpans(1);
		assertThat(paymentsSpans.getResource().getAttributesList())
			.containsExactly(stringAttribute("service.name", "payments"));
		assertThat(paymentsSpans.getScopeSpansCount()).isOne();
		assertThat(paymentsSpans.getScopeSpans(0).getSpansList()).extracting(Span::getName).containsExactly("b");
	}

	@Test
	@Timeout(30)
	void exportSendsConfiguredHeadersWithEveryCall() {
		OtlpGrpcSpanExporter exporter = exporter(
				OtlpGrpcSpanExporter.builder().addHeader("Authorization", "Bearer x").addHeader("x-tenant", "acme"));

		assertThat(exporter.export(List.of(TestSpanData.of("one", 1))).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(exporter.export(List.of(TestSpanData.of("two", 2))).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

		List<Metadata> headers = this.receiver.headers();
		assertThat(headers).hasSize(2);
		for (Metadata metadata : headers) {
			assertThat(metadata.get(AUTHORIZATION)).isEqualTo("Bearer x");
			assertThat(metadata.get(Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("acme");
		}
	}

	@Test
	@Timeout(30)
	void exportWithGzipIsMarkedAsGzipAndStillDecodes() {
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder().setCompression("gzip"));

		CompletableResult result = exporter.export(List.of(RichSpans.serverSpan()));

		assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(this.receiver.headers()).singleElement()
			.satisfies((metadata) -> assertThat(metadata.get(GRPC_ENCODING)).isEqualTo("gzip"));
		assertThat(this.receiver.spans()).singleElement().satisfies((span) -> {
			assertThat(span.getName()).isEqualTo("GET /orders");
			assertThat(span.getEventsCount()).isEqualTo(2);
		});
	}

	@Test
	@Timeout(30)
	void exportWithoutCompressionSendsNoEncoding() {
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder());

		assertThat(exporter.export(List.of(TestSpanData.of("plain", 1))).join(10, TimeUnit.SECONDS).isSuccess())
			.isTrue();

		assertThat(this.receiver.headers()).singleElement()
			.satisfies((metadata) -> assertThat(metadata.get(GRPC_ENCODING)).isIn(null, "identity"));
	}

	@Test
	@Timeout(30)
	void exportOfEmptyBatchSucceedsWithoutACall() {
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder());

		assertThat(exporter.export(List.of()).isSuccess()).isTrue();

		assertThat(this.receiver.callCount()).isZero();
	}

	@Test
	@Timeout(30)
	void exportReturnsBeforeTheCollectorAnswers() {
		this.receiver.hang(true);
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder().setTimeout(Duration.ofMinutes(1)));

		CompletableResult result = exporter.export(List.of(TestSpanData.of("pending", 1)));

		assertThat(result.isDone()).isFalse();
		this.receiver.awaitCalls(1, WAIT);
		assertThat(result.isDone()).isFalse();
	}

	@Test
	@Timeout(30)
	void exportFailsWithoutThrowingWhenTheCollectorIsUnavailable() {
		this.receiver.respondWith(Status.UNAVAILABLE.withDescription("overloaded"));
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder().setRetryPolicy(RetryPolicy.disabled()));

		CompletableResult result = exporter.export(List.of(TestSpanData.of("a", 1), TestSpanData.of("b", 2)));

		assertThat(result.join(10, TimeUnit.SECONDS).isDone()).isTrue();
		assertThat(result.isSuccess()).isFalse();
		assertThat(Status.fromThrowable(result.getFailure()).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		ExporterStatistics statistics = exporter.getStatistics();
		assertThat(statistics.itemsFailed()).isEqualTo(2);
		assertThat(statistics.exportsFailed()).isOne();
		assertThat(statistics.itemsExported()).isZero();
		assertThat(statistics.lastErrorKind()).isEqualTo("UNAVAILABLE");
		assertThat(statistics.lastErrorTime()).isNotNull();
		assertThat(statistics.lastSuccessTime()).isNull();
		assertThat(statistics.lastErrorMessage()).contains("overloaded");
		assertThat(statistics.failingSince()).isEqualTo(statistics.lastErrorTime());
		assertThat(statistics.itemsFailedByKind()).containsExactly(Map.entry("UNAVAILABLE", 2L));
	}

	@Test
	@Timeout(30)
	void statisticsMaskHeaderValuesTheCollectorRepeatsAndForgetTheOutageOnceExportsWork() {
		this.receiver.respondWith(Status.UNAUTHENTICATED.withDescription("token Bearer s3cr3t-t0ken is unknown"));
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder()
			.addHeader("authorization", "Bearer s3cr3t-t0ken")
			.setRetryPolicy(RetryPolicy.disabled()));
		exportAndWait(exporter, "a");
		ExporterStatistics failing = exporter.getStatistics();
		assertThat(failing.lastErrorMessage()).contains("is unknown").doesNotContain("s3cr3t");
		assertThat(failing.failingSince()).isNotNull();
		this.receiver.reset();
		exportAndWait(exporter, "b");
		ExporterStatistics recovered = exporter.getStatistics();
		assertThat(recovered.failingSince()).isNull();
		assertThat(recovered.lastSuccessTime()).isNotNull();
		assertThat(recovered.lastErrorKind()).isEqualTo("UNAUTHENTICATED");
	}

	@Test
	@Timeout(30)
	void exportFailsWithinTheTimeoutWhenTheCollectorHangs() {
		this.receiver.hang(true);
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder()
			.setTimeout(Duration.ofMillis(300))
			.setRetryPolicy(RetryPolicy.disabled()));
		long start = System.nanoTime();

		CompletableResult result = exporter.export(List.of(TestSpanData.of("stuck", 1)));

		assertThat(result.join(10, TimeUnit.SECONDS).isDone()).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(result.isSuccess()).isFalse();
		assertThat(Status.fromThrowable(result.getFailure()).getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		assertThat(exporter.getStatistics().exportsFailed()).isOne();
	}

	@Test
	@Timeout(30)
	void exportFailsWithinTheTimeoutWhenNothingListens() {
		OtlpTestReceiver closed = OtlpTestReceiver.start();
		String endpoint = closed.endpoint();
		closed.close();
		OtlpGrpcSpanExporter exporter = track(OtlpGrpcSpanExporter.builder()
			.setEndpoint(endpoint)
			.setTimeout(Duration.ofSeconds(2))
			.setRetryPolicy(RetryPolicy.disabled())
			.build());
		long start = System.nanoTime();

		CompletableResult result = exporter.export(List.of(TestSpanData.of("lost", 1)));

		assertThat(result.join(10, TimeUnit.SECONDS).isDone()).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
		assertThat(result.isSuccess()).isFalse();
		assertThat(exporter.getStatistics().itemsFailed()).isOne();
		assertThat(exporter.getStatistics().lastErrorKind()).isEqualTo("UNAVAILABLE");
	}

	@Test
	@Timeout(30)
	void exportOfAnUnencodableSpanFailsWithoutThrowing() {
		TestSpanData base = TestSpanData.of("x", 1);
		SpanData nameless = new TestSpanData(null, SpanKind.INTERNAL, base.getSpanContext(),
				base.getParentSpanContext(), 1, 2, base.getAttributes(), List.of(), base.getStatus(),
				base.getResource(), base.getInstrumentationScope());
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder());

		CompletableResult result = exporter.export(List.of(nameless, TestSpanData.of("fine", 2)));

		assertThat(result.isDone()).isTrue();
		assertThat(result.isSuccess()).isFalse();
		assertThat(exporter.getStatistics().itemsFailed()).isEqualTo(2);
		assertThat(exporter.getStatistics().lastErrorKind()).isEqualTo("ENCODING");
		assertThat(this.receiver.callCount()).isZero();
	}

	@Test
	@Timeout(30)
	void partialSuccessSucceedsAndCountsRejectedSpansAsFailed() {
		this.receiver.respondWithPartialSuccess(1, "span too large");
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder());
		try (CapturedLog log = new CapturedLog()) {
			CompletableResult result = exporter
				.export(List.of(TestSpanData.of("a", 1), TestSpanData.of("b", 2), TestSpanData.of("c", 3)));

			assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
			ExporterStatistics statistics = exporter.getStatistics();
			assertThat(statistics.itemsExported()).isEqualTo(2);
			assertThat(statistics.itemsRejected()).isOne();
			assertThat(statistics.itemsFailed()).isZero();
			assertThat(statistics.exportsFailed()).isZero();
			assertThat(statistics.retries()).as("a partial success is not retried").isZero();
			assertThat(this.receiver.callCount()).isOne();
			assertThat(log.atLevel(Level.WARNING)).singleElement()
				.extracting(LogRecord::getMessage)
				.asString()
				.contains("rejected 1 of 3 spans", "span too large", this.receiver.endpoint());
		}
	}

	@Test
	@Timeout(30)
	void firstFailureIsLoggedWithEndpointStatusAndHint() {
		this.receiver.respondWith(Status.UNIMPLEMENTED);
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder());
		try (CapturedLog log = new CapturedLog()) {
			exporter.export(List.of(TestSpanData.of("a", 1))).join(10, TimeUnit.SECONDS);

			assertThat(log.atLevel(Level.WARNING)).singleElement()
				.extracting(LogRecord::getMessage)
				.asString()
				.contains(this.receiver.endpoint(), "UNIMPLEMENTED", "does not speak OTLP/gRPC", "4318");
		}
	}

	@Test
	@Timeout(30)
	void connectionRefusedIsLoggedWithAQuestionAboutTheCollector() {
		OtlpTestReceiver closed = OtlpTestReceiver.start();
		String endpoint = closed.endpoint();
		closed.close();
		OtlpGrpcSpanExporter exporter = track(
				OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).setRetryPolicy(RetryPolicy.disabled()).build());
		try (CapturedLog log = new CapturedLog()) {
			exporter.export(List.of(TestSpanData.of("a", 1))).join(10, TimeUnit.SECONDS);

			assertThat(log.atLevel(Level.WARNING)).singleElement()
				.extracting(LogRecord::getMessage)
				.asString()
				.contains("UNAVAILABLE", "is a collector listening on " + endpoint + "?");
		}
	}

	@Test
	@Timeout(30)
	void failuresAreLoggedAtMostOncePerIntervalAndRecoveryOnceAtInfo() {
		ManualClock clock = new ManualClock();
		OtlpGrpcSpanExporter exporter = exporter(
				OtlpGrpcSpanExporter.builder().setClock(clock).setRetryPolicy(RetryPolicy.disabled()));
		this.receiver.respondWith(Status.UNAVAILABLE);
		try (CapturedLog log = new CapturedLog()) {
			exportAndWait(exporter, "first");
			exportAndWait(exporter, "suppressed");
			assertThat(log.atLevel(Level.WARNING)).hasSize(1);

			clock.advance(OtlpGrpcSpanExporter.FAILURE_LOG_INTERVAL.plusSeconds(1));
			exportAndWait(exporter, "after a minute");
			assertThat(log.atLevel(Level.WARNING)).hasSize(2);
			assertThat(log.atLevel(Level.WARNING).get(1).getMessage()).contains("1 similar messages suppressed");

			this.receiver.reset();
			exportAndWait(exporter, "recovered");
			exportAndWait(exporter, "still fine");
			assertThat(log.atLevel(Level.INFO)).singleElement()
				.extracting(LogRecord::getMessage)
				.asString()
				.contains(this.receiver.endpoint(), "works again after 3 failed attempts");

			// A new run of failures is reported at once, without waiting
			// out the interval.
			this.receiver.respondWith(Status.UNAUTHENTICATED);
			exportAndWait(exporter, "rejected");
			assertThat(log.atLevel(Level.WARNING)).hasSize(3);
			assertThat(log.atLevel(Level.WARNING).get(2).getMessage()).contains("UNAUTHENTICATED",
					"check telemetry.exporter.otlp.headers");
		}
		assertThat(exporter.getStatistics().exportsFailed()).isEqualTo(4);
		assertThat(exporter.getStatistics().itemsExported()).isEqualTo(2);
	}

	@Test
	@Timeout(30)
	void headerValuesNeverAppearInLogs() {
		this.receiver.respondWith(Status.UNAUTHENTICATED.withDescription("bad token"));
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder()
			.addHeader("authorization", "Bearer s3cr3t-t0ken")
			.setTimeout(Duration.ofSeconds(5)));
		try (CapturedLog log = new CapturedLog()) {
			exportAndWait(exporter, "a");
			this.receiver.reset();
			exportAndWait(exporter, "b");

			assertThat(log.records()).hasSizeGreaterThanOrEqualTo(2);
			assertThat(log.messages()).noneMatch((message) -> message.contains("s3cr3t"));
		}
		assertThat(exporter.toString()).doesNotContain("s3cr3t");
	}

	@Test
	@Timeout(30)
	void shutdownIsIdempotent() {
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder());

		CompletableResult first = exporter.shutdown();
		CompletableResult second = exporter.shutdown();

		assertThat(second).isSameAs(first);
		assertThat(first.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(exporter.shutdown().isSuccess()).isTrue();
	}

	@Test
	@Timeout(30)
	void exportAfterShutdownFailsAtOnce() {
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder());
		exporter.shutdown().join(10, TimeUnit.SECONDS);

		CompletableResult result = exporter.export(List.of(TestSpanData.of("late", 1)));

		assertThat(result.isDone()).isTrue();
		assertThat(result.isSuccess()).isFalse();
		assertThat(exporter.getStatistics().itemsFailed()).isOne();
		assertThat(exporter.getStatistics().exportsFailed()).isOne();
		assertThat(this.receiver.callCount()).isZero();
	}

	@Test
	@Timeout(30)
	void shutdownCancelsAHangingCallAfterTheGracePeriod() {
		this.receiver.hang(true);
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder().setTimeout(Duration.ofMinutes(1)));
		CompletableResult export = exporter.export(List.of(TestSpanData.of("pending", 1)));
		this.receiver.awaitCalls(1, WAIT);

		try (CapturedLog log = new CapturedLog()) {
			CompletableResult shutdown = exporter.shutdown();

			assertThat(shutdown.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
			assertThat(export.join(10, TimeUnit.SECONDS).isDone()).isTrue();
			assertThat(export.isSuccess()).isFalse();
			assertThat(log.atLevel(Level.WARNING)).singleElement()
				.extracting(LogRecord::getMessage)
				.asString()
				.contains("the exporter was shut down before the collector answered");
		}
	}

	@Test
	@Timeout(30)
	void flushSucceedsAtOnce() {
		OtlpGrpcSpanExporter exporter = exporter(OtlpGrpcSpanExporter.builder());

		assertThat(exporter.flush().isSuccess()).isTrue();
	}

	/** Builds an exporter aimed at the receiver, shut down after the test. */
	private OtlpGrpcSpanExporter exporter(OtlpGrpcSpanExporterBuilder builder) {
		return track(builder.setEndpoint(this.receiver.endpoint()).build());
	}

	private OtlpGrpcSpanExporter track(OtlpGrpcSpanExporter exporter) {
		this.exporters.add(exporter);
		return exporter;
	}

	private static void exportAndWait(OtlpGrpcSpanExporter exporter, String name) {
		CompletableResult result = exporter.export(List.of(TestSpanData.of(name, 1)));
		assertThat(result.join(10, TimeUnit.SECONDS).isDone()).as("export of %s completed", name).isTrue();
	}

	private static SpanData span(String name, long spanId, Resource resource, InstrumentationScope scope) {
		return RichSpans.span(name, spanId, SpanKind.INTERNAL, resource, scope);
	}

}

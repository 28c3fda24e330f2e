package dev.telemetry.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import dev.telemetry.testing.OtlpTestReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.telemetry.sample.OtlpSpans.attributes;
import static dev.telemetry.sample.OtlpSpans.hex;
import static dev.telemetry.sample.OtlpSpans.inTrace;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every boundary of the sample application, end to end against a real OTLP/gRPC receiver:
 * the database, a WebClient call from inside a reactive chain, an {@code @Async}
 * hand-off, the scheduled job, log correlation, and the pool metrics that must survive
 * the data source being wrapped.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "telemetry.tracing.batch.schedule-delay=100ms",
				"sample.report.interval=200ms", "management.endpoints.web.exposure.include=metrics" })
@ExtendWith(OutputCaptureExtension.class)
// Closed after the class: its scheduled job would otherwise keep exporting to a stopped
// receiver while other classes run.
@DirtiesContext
@Timeout(60)
class InstrumentationIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final OtlpTestReceiver receiver = OtlpTestReceiver.start();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void exportToReceiver(DynamicPropertyRegistry registry) {
		registry.add("telemetry.exporter.otlp.endpoint", receiver::endpoint);
		registry.add("telemetry.exporter.otlp.protocol", () -> "grpc");
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void orderLookupIsAServerSpanWithASanitizedQueryInside(CapturedOutput output) throws Exception {
		assertThat(get("/orders/2").statusCode()).isEqualTo(200);
		Span server = awaitSpan((s) -> s.getName().equals("GET /orders/{id}")
				&& "/orders/2".equals(attributes(s.getAttributesList()).get("url.path")));
		Span query = awaitSpan(
				(s) -> s.getName().equals("SELECT orders") && s.getTraceId().equals(server.getTraceId()));
		assertThat(query.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
		assertThat(query.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(attributes(query.getAttributesList())).containsEntry("db.system.name", "h2database")
			.containsEntry("db.namespace", "sample")
			.containsEntry("db.operation.name", "SELECT")
			.containsEntry("db.collection.name", "orders")
			.containsEntry("db.query.text", "SELECT id, item, quantity FROM orders WHERE id = ?");
		// The log line the handler wrote during the request carries the request's ids.
		String ids = "[" + hex(server.getTraceId()) + "-" + hex(server.getSpanId()) + "-";
		assertThat(output.getOut().lines().filter((line) -> line.contains("Looking up order 2"))).singleElement()
			.satisfies((line) -> assertThat(line).contains(ids));
	}

	@Test
	void webClientCallInsideAReactiveChainKeepsItsParent() throws Exception {
		assertThat(get("/chain/reactive").statusCode()).isEqualTo(200);
		Span root = awaitSpan((s) -> s.getName().equals("GET /chain/reactive"));
		List<Span> trace = receiver.awaitSpans((spans) -> inTrace(spans, root.getTraceId()).size() >= 3, WAIT);
		Span client = inTrace(trace, root.getTraceId()).stream()
			.filter((s) -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
			.findFirst()
			.orElseThrow();
		Span hello = inTrace(trace, root.getTraceId()).stream()
			.filter((s) -> s.getName().equals("GET /hello"))
			.findFirst()
			.orElseThrow();
		assertThat(client.getParentSpanId()).isEqualTo(root.getSpanId());
		assertThat(hello.getParentSpanId()).isEqualTo(client.getSpanId());
	}

	@Test
	void asyncHandOffStaysInTheRequestsTrace(CapturedOutput output) throws Exception {
		assertThat(get("/audit").statusCode()).isEqualTo(200);
		Span server = awaitSpan((s) -> s.getName().equals("GET /audit"));
		Span count = awaitSpan(
				(s) -> s.getName().equals("SELECT orders") && s.getTraceId().equals(server.getTraceId()));
		assertThat(count.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(attributes(count.getAttributesList())).containsEntry("db.query.text", "SELECT COUNT(*) FROM orders");
		// Logged on the executor's thread, with the request's trace id.
		assertThat(output.getOut().lines().filter((line) -> line.contains("Audited "))).anySatisfy(
				(line) -> assertThat(line).contains("[" + hex(server.getTraceId()) + "-").doesNotContain("http-nio"));
	}

	@Test
	void scheduledJobRunsAreRootSpansWithTheirQueryInside() {
		Span run = awaitSpan((s) -> s.getName().equals("OrderReport.report"));
		assertThat(run.getParentSpanId()).isEmpty();
		assertThat(attributes(run.getAttributesList())).containsEntry("code.function.name",
				"dev.telemetry.sample.OrderReport.report");
		Span query = awaitSpan((s) -> s.getTraceId().equals(run.getTraceId()) && s.getName().equals("SELECT orders"));
		assertThat(query.getParentSpanId()).isEqualTo(run.getSpanId());
		assertThat(attributes(query.getAttributesList())).containsEntry("db.query.text",
				"SELECT COALESCE(SUM(quantity), ?) FROM orders");
	}

	@Test
	void secretQueryValuesAreRedacted() throws Exception {
		assertThat(get("/hello?name=ada&access_token=s3cr3t").statusCode()).isEqualTo(200);
		Span span = awaitSpan(
				(s) -> s.getName().equals("GET /hello") && attributes(s.getAttributesList()).containsKey("url.query"));
		assertThat(attributes(span.getAttributesList())).containsEntry("url.query", "name=ada&access_token=REDACTED");
		assertThat(span.toString()).doesNotContain("s3cr3t");
		assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
	}

	@Test
	void poolMetricsStillReachTheHikariPool() throws Exception {
		HttpResponse<String> response = get("/actuator/metrics/hikaricp.connections.max");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"value\":10");
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(20))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static Span awaitSpan(Predicate<Span> match) {
		return OtlpSpans.awaitSpan(receiver, match, WAIT);
	}

}

package dev.telemetry.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.testing.OtlpTestReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.telemetry.sample.OtlpSpans.attributes;
import static dev.telemetry.sample.OtlpSpans.hex;
import static dev.telemetry.sample.OtlpSpans.inTrace;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the sample application against a real OTLP/gRPC receiver on loopback and checks
 * the protobuf that arrives.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "telemetry.tracing.batch.schedule-delay=100ms" })
@Timeout(60)
class SampleApplicationIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final OtlpTestReceiver receiver = OtlpTestReceiver.start();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private Resource applicationResource;

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
	void chainIsOneTraceOfServerClientServerSpans() throws Exception {
		assertThat(get("/chain").statusCode()).isEqualTo(200);
		Span root = awaitSpan((span) -> span.getName().equals("GET /chain"));
		// root + RestClient call + its server span + WebClient call + its server span
		List<Span> trace = receiver.awaitSpans((spans) -> inTrace(spans, root.getTraceId()).size() >= 5, WAIT);
		List<Span> spans = inTrace(trace, root.getTraceId());

		assertThat(root.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
		assertThat(root.getParentSpanId()).isEmpty();
		List<Span> clients = spans.stream().filter((s) -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).toList();
		assertThat(clients).hasSize(2).allSatisfy((client) -> {
			assertThat(client.getName()).isEqualTo("GET");
			assertThat(client.getParentSpanId()).isEqualTo(root.getSpanId());
			assertThat(attributes(client)).containsEntry("http.request.method", "GET")
				.containsEntry("server.address", "127.0.0.1")
				.containsEntry("server.port", (long) this.port)
				.containsEntry("url.full", "http://127.0.0.1:" + this.port + "/hello")
				.containsEntry("http.response.status_code", 200L);
		});
		List<Span> helloServers = spans.stream()
			.filter((s) -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER && s.getName().equals("GET /hello"))
			.toList();
		assertThat(helloServers).hasSize(2);
		assertThat(helloServers.stream().map(Span::getParentSpanId).collect(Collectors.toSet()))
			.containsExactlyInAnyOrderElementsOf(clients.stream().map(Span::getSpanId).toList());
		assertThat(helloServers)
			.allSatisfy((server) -> assertThat(server.getFlags() & 0x200).as("parent is remote").isEqualTo(0x200));
	}

	@Test
	void serverSpanIsNamedAfterTheRouteTemplate() throws Exception {
		assertThat(get("/orders/1").statusCode()).isEqualTo(200);
		Span span = awaitSpan((s) -> s.getName().equals("GET /orders/{id}"));
		assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
		assertThat(attributes(span)).containsEntry("http.request.method", "GET")
			.containsEntry("http.route", "/orders/{id}")
			.containsEntry("url.path", "/orders/1")
			.containsEntry("url.scheme", "http")
			.containsEntry("http.response.status_code", 200L);
		assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
	}

	@Test
	void failingHandlerIsAnErrorSpanWithAnExceptionEvent() throws Exception {
		assertThat(get("/boom").statusCode()).isEqualTo(500);
		Span span = awaitSpan((s) -> s.getName().equals("GET /boom"));
		assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(attributes(span)).containsEntry("http.response.status_code", 500L)
			.containsEntry("error.type", "java.lang.IllegalStateException");
		assertThat(span.getEventsList()).anySatisfy((event) -> {
			assertThat(event.getName()).isEqualTo("exception");
			assertThat(attributes(event.getAttributesList())).containsEntry("exception.message", "boom");
		});
	}

	@Test
	void incomingTraceparentIsContinued() throws Exception {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/hello"))
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.build();
		assertThat(this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
		Span span = awaitSpan((s) -> hex(s.getTraceId()).equals(traceId));
		assertThat(hex(span.getParentSpanId())).isEqualTo("00f067aa0ba902b7");
	}

	@Test
	void resourceIdentifiesTheService() throws Exception {
		get("/hello");
		receiver.awaitSpans(1, WAIT);
		Map<String, Object> resource = attributes(receiver.resourceSpans().get(0).getResource().getAttributesList());
		assertThat(resource).containsEntry("service.name", "sample-app")
			.containsEntry("service.version", "0.1.0")
			.containsEntry("deployment.environment.name", "development")
			.containsEntry("telemetry.sdk.language", "java")
			.containsKey("process.pid")
			// The one the starter made for this application, shared by every signal.
			.containsEntry("service.instance.id", this.applicationResource.getAttributes().get("service.instance.id"));
		assertThat(UUID.fromString((String) resource.get("service.instance.id")).version()).isEqualTo(4);
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

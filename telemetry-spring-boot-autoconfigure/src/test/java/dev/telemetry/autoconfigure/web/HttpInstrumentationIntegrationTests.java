package dev.telemetry.autoconfigure.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.telemetry.testing.SpanCollector;
import dev.telemetry.autoconfigure.instrumentation.InstrumentationTestApplication;
import dev.telemetry.sdk.trace.span.EventData;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.StatusCode;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring MVC and {@code RestClient} instrumentation in a real application on Tomcat,
 * bound to 127.0.0.1.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HttpInstrumentationIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static SpanCollector spans;

	private static int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void start() {
		context = start(new String[0]);
		spans = context.getBean(SpanCollector.class);
		port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(InstrumentationTestApplication.class, TestController.class)
			.properties(InstrumentationTestApplication.PROPERTIES)
			.properties(properties)
			.run();
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@BeforeEach
	void clear() {
		spans.clear();
		TestController.deferred.set(null);
	}

	@Test
	void serverSpanHasTheSemanticConventionAttributesAndARedactedQuery() throws Exception {
		HttpResponse<String> response = get(port, "/items/7?q=shoes&token=s3cr3t&page=2");
		assertThat(response.statusCode()).isEqualTo(200);
		SpanData span = spans.awaitNamed("GET /items/{id}");
		assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
		assertThat(span.getParentSpanContext().isValid()).isFalse();
		assertThat(SpanCollector.attributes(span)).containsEntry("http.request.method", "GET")
			.containsEntry("http.route", "/items/{id}")
			.containsEntry("url.path", "/items/7")
			.containsEntry("url.query", "q=shoes&token=REDACTED&page=2")
			.containsEntry("url.scheme", "http")
			.containsEntry("server.address", "127.0.0.1")
			.containsEntry("server.port", (long) port)
			.containsEntry("client.address", "127.0.0.1")
			.containsEntry("network.protocol.version", "1.1")
			.containsEntry("http.response.status_code", 200L)
			.containsKey("user_agent.original");
		assertThat(span.toString()).doesNotContain("s3cr3t");
	}

	@Test
	void unmatchedRequestIsNamedAfterTheMethodAlone() throws Exception {
		assertThat(get(port, "/no/such/path").statusCode()).isEqualTo(404);
		SpanData span = spans.await((s) -> s.getKind() == SpanKind.SERVER);
		assertThat(span.getName()).isEqualTo("GET");
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.UNSET);
	}

	@Test
	void unknownMethodIsOther() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/items/1"))
			.method("PROPFIND", HttpRequest.BodyPublishers.noBody())
			.build();
		this.http.send(request, HttpResponse.BodyHandlers.discarding());
		SpanData span = spans.await((s) -> s.getKind() == SpanKind.SERVER);
		assertThat(span.getName()).startsWith("HTTP");
		assertThat(SpanCollector.attributes(span)).containsEntry("http.request.method", "_OTHER")
			.containsEntry("http.request.method_original", "PROPFIND");
	}

	@Test
	void thrownExceptionIsAnErrorWithAnExceptionEvent() throws Exception {
		assertThat(get(port, "/boom").statusCode()).isEqualTo(500);
		SpanData span = spans.awaitNamed("GET /boom");
		assertErrorWithException(span, 500, IllegalStateException.class.getName());
	}

	@Test
	void errorRenderedFromAResolvedExceptionIsAnErrorWithAnExceptionEvent() throws Exception {
		HttpResponse<String> response = get(port, "/unavailable");
		assertThat(response.statusCode()).isEqualTo(503);
		// Rendered by Boot's error controller after the request's observation stopped.
		assertThat(response.body()).contains("\"status\":503");
		SpanData span = spans.awaitNamed("GET /unavailable");
		assertErrorWithException(span, 503, ResponseStatusException.class.getName());
	}

	@Test
	void errorFromAnExceptionHandlerIsAnErrorWithAnExceptionEvent() throws Exception {
		assertThat(get(port, "/handled").statusCode()).isEqualTo(500);
		SpanData span = spans.awaitNamed("GET /handled");
		assertErrorWithException(span, 500, UnsupportedOperationException.class.getName());
	}

	@Test
	void clientErrorLeavesTheServerSpanUnset() throws Exception {
		assertThat(get(port, "/missing").statusCode()).isEqualTo(404);
		SpanData span = spans.awaitNamed("GET /missing");
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.UNSET);
		assertThat(SpanCollector.attributes(span)).containsEntry("http.response.status_code", 404L)
			.doesNotContainKey("error.type");
		assertThat(span.getEvents()).isEmpty();
	}

	@Test
	void deferredResultSpanEndsWhenTheResponseCompletes() throws Exception {
		CompletableFuture<HttpResponse<String>> response = this.http.sendAsync(request(port, "/deferred"),
				HttpResponse.BodyHandlers.ofString());
		DeferredResult<ResponseEntity<String>> deferred = Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(TestController.deferred::get, (result) -> result != null);
		deferred.setResult(ResponseEntity.status(HttpStatus.CREATED).body("late"));
		assertThat(response.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
		// Had the span ended when the request thread returned, it would show Tomcat's
		// default 200, not the status set afterwards.
		SpanData span = spans.awaitNamed("GET /deferred");
		assertThat(SpanCollector.attributes(span)).containsEntry("http.response.status_code", 201L);
		assertThat(spans.spans()).filteredOn((s) -> s.getKind() == SpanKind.SERVER).hasSize(1);
	}

	@Test
	void callableSpanEndsWhenTheResponseCompletesAndWorkInsideItStaysInTheTrace() throws Exception {
		assertThat(get(port, "/callable").statusCode()).isEqualTo(202);
		SpanData server = spans.awaitNamed("GET /callable");
		assertThat(SpanCollector.attributes(server)).containsEntry("http.response.status_code", 202L);
		SpanData work = spans.awaitNamed("callable-work");
		assertThat(work.getParentSpanContext().getSpanId()).isEqualTo(server.getSpanContext().getSpanId());
		assertThat(work.getEndEpochNanos()).isLessThanOrEqualTo(server.getEndEpochNanos());
	}

	@Test
	void restClientCallIsAClientSpanWhoseContextReachesTheServer() throws Exception {
		HttpResponse<String> response = get(port, "/relay?path=/echo%3Fsig%3Dabc%26x%3D1");
		assertThat(response.statusCode()).isEqualTo(200);
		SpanData relay = spans.awaitNamed("GET /relay");
		SpanData client = spans.await((s) -> s.getKind() == SpanKind.CLIENT);
		SpanData echo = spans.awaitNamed("GET /echo");
		assertThat(client.getName()).isEqualTo("GET");
		assertThat(client.getParentSpanContext().getSpanId()).isEqualTo(relay.getSpanContext().getSpanId());
		assertThat(echo.getParentSpanContext().getSpanId()).isEqualTo(client.getSpanContext().getSpanId());
		assertThat(echo.getParentSpanContext().isRemote()).isTrue();
		assertThat(SpanCollector.attributes(client)).containsEntry("http.request.method", "GET")
			.containsEntry("server.address", "127.0.0.1")
			.containsEntry("server.port", (long) port)
			.containsEntry("url.full", "http://127.0.0.1:" + port + "/echo?sig=REDACTED&x=1")
			.containsEntry("http.response.status_code", 200L);
		// The body is the traceparent the echo endpoint received.
		assertThat(response.body())
			.isEqualTo("00-" + client.getSpanContext().getTraceId() + "-" + client.getSpanContext().getSpanId() + "-"
					+ String.format("%02x", client.getSpanContext().getTraceFlags()));
	}

	@Test
	void restTemplateCallIsAClientSpanWhoseContextReachesTheServer() {
		RestTemplate restTemplate = context.getBean(RestTemplateBuilder.class).build();
		String traceparent = restTemplate.getForObject("http://127.0.0.1:" + port + "/echo", String.class);
		SpanData client = spans.await((s) -> s.getKind() == SpanKind.CLIENT);
		SpanData echo = spans.awaitNamed("GET /echo");
		assertThat(echo.getParentSpanContext().getSpanId()).isEqualTo(client.getSpanContext().getSpanId());
		assertThat(traceparent).contains(client.getSpanContext().getSpanId());
		assertThat(SpanCollector.attributes(client)).containsEntry("url.full", "http://127.0.0.1:" + port + "/echo");
	}

	@Test
	void connectionRefusedIsAnErrorNamedAfterTheIoFailure() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		RestClient client = context.getBean(RestClient.Builder.class).build();
		int target = closedPort;
		assertThatExceptionOfType(ResourceAccessException.class)
			.isThrownBy(() -> client.get().uri("http://127.0.0.1:" + target + "/x").retrieve().toBodilessEntity());
		SpanData span = spans.await((s) -> s.getKind() == SpanKind.CLIENT);
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.ERROR);
		assertThat(SpanCollector.attributes(span)).containsEntry("error.type", "java.net.ConnectException")
			.doesNotContainKey("http.response.status_code");
		assertThat(span.getEvents()).extracting(EventData::name).containsExactly("exception");
	}

	@Test
	void timeoutIsAnErrorNamedAfterTheIoFailure() throws Exception {
		List<Socket> accepted = new CopyOnWriteArrayList<>();
		try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Thread acceptor = new Thread(() -> {
				try {
					while (!silent.isClosed()) {
						accepted.add(silent.accept());
					}
				}
				catch (IOException ex) {
					// closed at the end of the test
				}
			}, "silent-server");
			acceptor.setDaemon(true);
			acceptor.start();
			JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory();
			factory.setReadTimeout(Duration.ofMillis(300));
			RestClient client = context.getBean(RestClient.Builder.class).requestFactory(factory).build();
			assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(() -> client.get()
				.uri("http://127.0.0.1:" + silent.getLocalPort() + "/slow")
				.retrieve()
				.toBodilessEntity());
		}
		finally {
			for (Socket socket : accepted) {
				socket.close();
			}
		}
		SpanData span = spans.await((s) -> s.getKind() == SpanKind.CLIENT);
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.ERROR);
		assertThat(SpanCollector.attributes(span)).containsEntry("error.type", "java.net.http.HttpTimeoutException");
	}

	@Test
	void switchedOffClientSpansAlsoStopPropagation() throws Exception {
		try (ConfigurableApplicationContext untraced = start("telemetry.instrumentation.http-client.enabled=false")) {
			int untracedPort = ((WebServerApplicationContext) untraced).getWebServer().getPort();
			SpanCollector collector = untraced.getBean(SpanCollector.class);
			HttpResponse<String> response = get(untracedPort, "/relay?path=/echo");
			assertThat(response.body()).isEqualTo("none");
			SpanData relay = collector.awaitNamed("GET /relay");
			SpanData echo = collector.awaitNamed("GET /echo");
			assertThat(echo.getSpanContext().getTraceId()).isNotEqualTo(relay.getSpanContext().getTraceId());
			assertThat(collector.spans()).noneMatch((s) -> s.getKind() == SpanKind.CLIENT);
		}
	}

	@Test
	void switchedOffServerSpansLeaveWorkInsideTheRequestAsItsOwnRoot() throws Exception {
		try (ConfigurableApplicationContext untraced = start("telemetry.instrumentation.http-server.enabled=false")) {
			int untracedPort = ((WebServerApplicationContext) untraced).getWebServer().getPort();
			SpanCollector collector = untraced.getBean(SpanCollector.class);
			assertThat(get(untracedPort, "/callable").statusCode()).isEqualTo(202);
			SpanData work = collector.awaitNamed("callable-work");
			assertThat(work.getParentSpanContext().isValid()).isFalse();
			assertThat(collector.spans()).noneMatch((s) -> s.getKind() == SpanKind.SERVER);
		}
	}

	private static void assertErrorWithException(SpanData span, long status, String exceptionType) {
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.ERROR);
		Map<String, Object> attributes = SpanCollector.attributes(span);
		assertThat(attributes).containsEntry("http.response.status_code", status)
			.containsEntry("error.type", exceptionType);
		assertThat(span.getEvents()).extracting(EventData::name).containsExactly("exception");
		assertThat(span.getEvents().get(0).attributes().asMap()).containsEntry("exception.type", exceptionType);
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.http.send(request(port, path), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest request(int port, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	@RestController
	static class TestController {

		static final AtomicReference<DeferredResult<ResponseEntity<String>>> deferred = new AtomicReference<>();

		private final RestClient restClient;

		private final ObservationRegistry registry;

		private final org.springframework.core.env.Environment environment;

		TestController(RestClient.Builder restClientBuilder, ObservationRegistry registry,
				org.springframework.core.env.Environment environment) {
			this.restClient = restClientBuilder.build();
			this.registry = registry;
			this.environment = environment;
		}

		@GetMapping("/items/{id}")
		String item() {
			return "ok";
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("boom");
		}

		@GetMapping("/unavailable")
		String unavailable() {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "down for maintenance");
		}

		@GetMapping("/handled")
		String handled() {
			throw new UnsupportedOperationException("not yet");
		}

		@ExceptionHandler(UnsupportedOperationException.class)
		ResponseEntity<String> unsupported(UnsupportedOperationException ex) {
			return ResponseEntity.internalServerError().body("handled");
		}

		@GetMapping("/missing")
		String missing() {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}

		@GetMapping("/deferred")
		DeferredResult<ResponseEntity<String>> deferredResult() {
			DeferredResult<ResponseEntity<String>> result = new DeferredResult<>(30_000L);
			deferred.set(result);
			return result;
		}

		@GetMapping("/callable")
		Callable<ResponseEntity<String>> callable() {
			return () -> {
				Observation.createNotStarted("callable-work", this.registry).observe(() -> {
				});
				return ResponseEntity.status(HttpStatus.ACCEPTED).body("done");
			};
		}

		@GetMapping("/relay")
		String relay(@RequestParam String path) {
			String port = this.environment.getProperty("local.server.port");
			return this.restClient.get()
				.uri(URI.create("http://127.0.0.1:" + port + path))
				.retrieve()
				.body(String.class);
		}

		@GetMapping("/echo")
		String echo(@RequestHeader(name = "traceparent", required = false) String traceparent) {
			return (traceparent != null) ? traceparent : "none";
		}

	}

}

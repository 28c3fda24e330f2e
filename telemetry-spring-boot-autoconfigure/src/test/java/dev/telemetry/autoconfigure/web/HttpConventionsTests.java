package dev.telemetry.autoconfigure.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.telemetry.testing.SpanCollector;
import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.SpanBuilder;
import dev.telemetry.sdk.trace.Tracer;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.export.SpanProcessor;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.span.EventData;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.StatusCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HttpConventions}, the HTTP semantic-convention rules shared by the
 * server and client span conventions.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpConventionsTests {

	private final SpanCollector processor = new SpanCollector();

	private final TracerProvider tracerProvider = TracerProvider.builder()
		.setSampler(Sampler.alwaysOn())
		.addSpanProcessor(this.processor)
		.build();

	private final Tracer tracer = this.tracerProvider.get("test", null);

	@AfterEach
	void shutDown() {
		this.tracerProvider.shutdown().join(5, TimeUnit.SECONDS);
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "QUERY" })
	void knownMethodsAreKept(String method) {
		assertThat(HttpConventions.normalizeMethod(method)).isEqualTo(method);
		Map<String, Object> attributes = startAttributes((span) -> HttpConventions.setMethod(span, method));
		assertThat(attributes).containsEntry("http.request.method", method)
			.doesNotContainKey("http.request.method_original");
	}

	@ParameterizedTest
	@ValueSource(strings = { "PROPFIND", "get", "Get", "FOO", "" })
	void unknownMethodsBecomeOtherAndKeepTheOriginal(String method) {
		assertThat(HttpConventions.normalizeMethod(method)).isEqualTo("_OTHER");
		Map<String, Object> attributes = startAttributes((span) -> HttpConventions.setMethod(span, method));
		assertThat(attributes).containsEntry("http.request.method", "_OTHER")
			.containsEntry("http.request.method_original", method);
	}

	@Test
	void missingMethodIsOtherWithoutAnOriginal() {
		assertThat(HttpConventions.normalizeMethod(null)).isEqualTo("_OTHER");
		Map<String, Object> attributes = startAttributes((span) -> HttpConventions.setMethod(span, null));
		assertThat(attributes).containsEntry("http.request.method", "_OTHER")
			.doesNotContainKey("http.request.method_original");
	}

	@Test
	void setMethodOnARunningSpanFollowsTheSameRules() {
		Map<String, Object> attributes = endedAttributes((span) -> HttpConventions.setMethod(span, "PROPFIND"));
		assertThat(attributes).containsEntry("http.request.method", "_OTHER")
			.containsEntry("http.request.method_original", "PROPFIND");
		assertThat(endedAttributes((span) -> HttpConventions.setMethod(span, "DELETE")))
			.containsEntry("http.request.method", "DELETE")
			.doesNotContainKey("http.request.method_original");
	}

	@Test
	void spanNameIsMethodAndRoute() {
		assertThat(HttpConventions.spanName("GET", "/orders/{id}")).isEqualTo("GET /orders/{id}");
	}

	@Test
	void knownMethodsAreTheSameStringsRequestAfterRequest() {
		// What the server reads from each request is a new string.
		String method = new String("GET".toCharArray());
		String normalized = HttpConventions.normalizeMethod(method);
		assertThat(normalized).isEqualTo("GET").isNotSameAs(method);
		assertThat(HttpConventions.normalizeMethod(new String("GET".toCharArray()))).isSameAs(normalized);
	}

	@ParameterizedTest
	@CsvSource({ "HTTP/1.1, 1.1", "HTTP/1.0, 1.0", "HTTP/2.0, 2.0", "HTTP/3, 3" })
	void protocolVersionIsWhatFollowsHttp(String protocol, String version) {
		assertThat(HttpConventions.protocolVersion(new String(protocol.toCharArray()))).isEqualTo(version);
	}

	@Test
	void protocolVersionIsNullForOtherProtocols() {
		assertThat(HttpConventions.protocolVersion("SPDY/3")).isNull();
		assertThat(HttpConventions.protocolVersion(null)).isNull();
	}

	@Test
	void spanNameIsTheMethodAloneWithoutARoute() {
		assertThat(HttpConventions.spanName("GET", null)).isEqualTo("GET");
		assertThat(HttpConventions.spanName("POST", "")).isEqualTo("POST");
	}

	@Test
	void spanNameIsHttpForUnknownMethods() {
		String other = HttpConventions.normalizeMethod("PROPFIND");
		assertThat(HttpConventions.spanName(other, null)).isEqualTo("HTTP");
		assertThat(HttpConventions.spanName(other, "/files/{path}")).isEqualTo("HTTP /files/{path}");
	}

	@ParameterizedTest
	@CsvSource({ "http://example.com/a, 80", "https://example.com/a, 443", "HTTPS://example.com, 443",
			"http://example.com:8080/a, 8080", "https://example.com:8443, 8443", "ws://example.com/a, -1",
			"/relative/path, -1" })
	void portIsExplicitOrTheSchemesDefault(String uri, int port) {
		assertThat(HttpConventions.port(URI.create(uri))).isEqualTo(port);
	}

	@Test
	void fullUrlWithoutUserInfoIsUnchanged() {
		String url = "https://example.com:8443/orders/42?expand=items&page=2";
		assertThat(HttpConventions.fullUrl(URI.create(url))).isEqualTo(url);
	}

	@Test
	void fullUrlRedactsUserInfo() {
		assertThat(HttpConventions.fullUrl(URI.create("https://alice:s3cret@example.com:8443/orders/42?page=2")))
			.isEqualTo("https://REDACTED:REDACTED@example.com:8443/orders/42?page=2");
		assertThat(HttpConventions.fullUrl(URI.create("http://token@example.com/")))
			.isEqualTo("http://REDACTED:REDACTED@example.com/")
			.doesNotContain("token");
	}

	@Test
	void fullUrlRedactsUserInfoWithoutPortOrPath() {
		assertThat(HttpConventions.fullUrl(URI.create("http://alice:pw@example.com")))
			.isEqualTo("http://REDACTED:REDACTED@example.com");
	}

	@Test
	void fullUrlRedactsUserInfoForAnIpv6Host() {
		assertThat(HttpConventions.fullUrl(URI.create("http://alice:pw@[::1]:8080/health")))
			.isEqualTo("http://REDACTED:REDACTED@[::1]:8080/health");
	}

	@Test
	void fullUrlRedactionKeepsAnEncodedQuery() {
		assertThat(HttpConventions.fullUrl(URI.create("https://alice:pw@example.com/search?q=a%20b&x=%2F")))
			.isEqualTo("https://REDACTED:REDACTED@example.com/search?q=a%20b&x=%2F");
	}

	@Test
	void fullUrlRedactionKeepsAnEncodedPath() {
		assertThat(HttpConventions.fullUrl(URI.create("https://alice:pw@example.com/files/a%20b")))
			.isEqualTo("https://REDACTED:REDACTED@example.com/files/a%20b");
	}

	@Test
	void serverErrorIsAnErrorOnServerSpans() {
		SpanData span = ended((s) -> HttpConventions.setOutcome(s, 503, null, false));
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().asMap()).containsEntry("http.response.status_code", 503L)
			.containsEntry("error.type", "503");
	}

	@Test
	void clientErrorIsNotAnErrorOnServerSpans() {
		SpanData span = ended((s) -> HttpConventions.setOutcome(s, 404, null, false));
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getAttributes().asMap()).containsEntry("http.response.status_code", 404L)
			.doesNotContainKey("error.type");
	}

	@Test
	void clientErrorIsAnErrorOnClientSpans() {
		SpanData span = ended((s) -> HttpConventions.setOutcome(s, 404, null, true));
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().asMap()).containsEntry("http.response.status_code", 404L)
			.containsEntry("error.type", "404");
	}

	@Test
	void serverErrorIsAnErrorOnClientSpans() {
		SpanData span = ended((s) -> HttpConventions.setOutcome(s, 500, null, true));
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().asMap()).containsEntry("error.type", "500");
	}

	@ParameterizedTest
	@CsvSource({ "200, false", "204, true", "302, false", "399, true" })
	void successAndRedirectsLeaveTheStatusUnset(int status, boolean client) {
		SpanData span = ended((s) -> HttpConventions.setOutcome(s, status, null, client));
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getAttributes().asMap()).containsEntry("http.response.status_code", (long) status)
			.doesNotContainKey("error.type");
		assertThat(span.getEvents()).isEmpty();
	}

	@Test
	void exceptionIsAnErrorNamedAfterItsClass() {
		IllegalStateException failure = new IllegalStateException("connection reset");
		SpanData span = ended((s) -> HttpConventions.setOutcome(s, 0, failure, true));
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getStatus().description()).isEqualTo("connection reset");
		assertThat(span.getAttributes().asMap()).containsEntry("error.type", IllegalStateException.class.getName())
			.doesNotContainKey("http.response.status_code");
		assertThat(span.getEvents()).extracting(EventData::name).containsExactly("exception");
	}

	@Test
	void exceptionWinsOverTheStatusCodeForErrorType() {
		SpanData span = ended((s) -> HttpConventions.setOutcome(s, 500, new IllegalArgumentException(), false));
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getStatus().description()).isEmpty();
		assertThat(span.getAttributes().asMap()).containsEntry("http.response.status_code", 500L)
			.containsEntry("error.type", IllegalArgumentException.class.getName());
	}

	@Test
	void exceptionOnAServerSpanWithSuccessStatusIsStillAnError() {
		SpanData span = ended((s) -> HttpConventions.setOutcome(s, 200, new IllegalStateException("late"), false));
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().asMap()).containsEntry("error.type", IllegalStateException.class.getName());
	}

	@Test
	void unknownStatusRecordsNoStatusCode() {
		SpanData span = ended((s) -> HttpConventions.setOutcome(s, 0, null, false));
		assertThat(span.getStatus().code()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getAttributes().asMap()).doesNotContainKeys("http.response.status_code", "error.type");
	}

	private Map<String, Object> startAttributes(Consumer<SpanBuilder> customizer) {
		SpanBuilder builder = this.tracer.spanBuilder("test");
		customizer.accept(builder);
		builder.startSpan().end();
		return this.processor.last().getAttributes().asMap();
	}

	private Map<String, Object> endedAttributes(Consumer<Span> customizer) {
		return ended(customizer).getAttributes().asMap();
	}

	private SpanData ended(Consumer<Span> customizer) {
		Span span = this.tracer.spanBuilder("test").startSpan();
		customizer.accept(span);
		span.end();
		return this.processor.last();
	}

}

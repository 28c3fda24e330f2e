package dev.telemetry.autoconfigure.observation;

import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.propagation.TextMapPropagator;
import dev.telemetry.sdk.propagation.W3CBaggagePropagator;
import dev.telemetry.sdk.propagation.W3CTraceContextPropagator;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.testing.SpanCollector;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repeated propagation headers in Spring's own server observation contexts, servlet
 * ({@code getHeaders}) and reactive ({@code HttpHeaders}): the handler reads every line.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RepeatedHeadersTests {

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private final SpanCollector spans = new SpanCollector();

	private TracerProvider tracerProvider;

	private ObservationRegistry registry;

	@BeforeEach
	void setUp() {
		this.tracerProvider = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(this.spans)
			.build();
		TextMapPropagator propagator = TextMapPropagator
			.composite(List.of(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));
		this.registry = ObservationRegistry.create();
		this.registry.observationConfig()
			.observationHandler(
					new TracingObservationHandler(this.tracerProvider.get("test", null), propagator, List.of()));
	}

	@AfterEach
	void tearDown() {
		this.tracerProvider.shutdown().join(5, TimeUnit.SECONDS);
	}

	@Test
	void servletRequestTracestateLinesAreOneList() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("traceparent", TRACEPARENT);
		request.addHeader("tracestate", "a=1,b=2");
		request.addHeader("tracestate", "c=3");
		observe(new ServerRequestObservationContext(request, new MockHttpServletResponse()));

		assertThat(serverParentTraceState()).isEqualTo("a=1,b=2,c=3");
	}

	@Test
	void servletRequestWithTwoTraceparentLinesStartsANewTrace() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("traceparent", TRACEPARENT);
		request.addHeader("traceparent", TRACEPARENT);
		observe(new ServerRequestObservationContext(request, new MockHttpServletResponse()));

		assertThat(this.spans.single().getParentSpanContext().isValid()).isFalse();
	}

	@Test
	void reactiveRequestTracestateLinesAreOneList() {
		MockServerHttpRequest request = MockServerHttpRequest.get("/")
			.header("traceparent", TRACEPARENT)
			.header("tracestate", "a=1,b=2", "c=3")
			.build();
		observe(new org.springframework.http.server.reactive.observation.ServerRequestObservationContext(request,
				new MockServerHttpResponse(), new HashMap<>()));

		assertThat(serverParentTraceState()).isEqualTo("a=1,b=2,c=3");
	}

	@Test
	void reactiveRequestWithTwoTraceparentLinesStartsANewTrace() {
		MockServerHttpRequest request = MockServerHttpRequest.get("/")
			.header("traceparent", TRACEPARENT, TRACEPARENT)
			.build();
		observe(new org.springframework.http.server.reactive.observation.ServerRequestObservationContext(request,
				new MockServerHttpResponse(), new HashMap<>()));

		assertThat(this.spans.single().getParentSpanContext().isValid()).isFalse();
	}

	private void observe(Observation.Context context) {
		Observation.createNotStarted("http.server.requests", () -> context, this.registry).start().stop();
	}

	private String serverParentTraceState() {
		SpanData span = this.spans.single();
		assertThat(span.getParentSpanContext().isValid()).isTrue();
		return span.getParentSpanContext().getTraceState().toHeader();
	}

}

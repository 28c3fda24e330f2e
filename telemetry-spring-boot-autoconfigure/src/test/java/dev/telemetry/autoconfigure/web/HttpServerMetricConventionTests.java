package dev.telemetry.autoconfigure.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.observation.MetricsObservationHandler;
import dev.telemetry.autoconfigure.observation.ObservationMetricConvention;
import dev.telemetry.autoconfigure.observation.TestMeters;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HttpServerMetricConvention} with Spring's real server observation
 * contexts, through the metrics handler and a real meter provider.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpServerMetricConventionTests {

	private final TestMeters meters = new TestMeters();

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final UnclaimedContexts unclaimed = new UnclaimedContexts();

	HttpServerMetricConventionTests() {
		List<ObservationMetricConvention> conventions = List.of(new HttpServerMetricConvention(this.meters.meter()));
		this.registry.observationConfig()
			.observationHandler(new MetricsObservationHandler(conventions, this.unclaimed));
	}

	@AfterEach
	void tearDown() {
		this.meters.close();
		assertThat(this.unclaimed.count).as("contexts the convention did not claim").isZero();
	}

	@Test
	void requestIsMeasuredWithTheStableAttributes() {
		request("GET", "/orders/1", "/orders/{id}", 200, null);
		MetricData metric = this.meters.metric("http.server.request.duration");
		assertThat(metric.unit()).isEqualTo("s");
		HistogramPointData point = TestMeters.points(metric, HistogramPointData.class).get(0);
		assertThat(point.attributes().asMap())
			.containsExactlyInAnyOrderEntriesOf(Map.of("http.request.method", "GET", "url.scheme", "http", "http.route",
					"/orders/{id}", "http.response.status_code", 200L, "network.protocol.version", "1.1"));
		assertThat(point.boundaries()).containsExactly(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5,
				5.0, 7.5, 10.0);
	}

	@Test
	void distinctIdsOfOneRouteAreOneSeries() {
		for (int id = 0; id < 10_000; id++) {
			request("GET", "/orders/" + id, "/orders/{id}", 200, null);
		}
		List<HistogramPointData> points = this.meters.histogram("http.server.request.duration");
		assertThat(points).singleElement().satisfies((point) -> {
			assertThat(point.count()).isEqualTo(10_000);
			assertThat(point.attributes().get("http.route")).isEqualTo("/orders/{id}");
		});
		assertThat(points.get(0).attributes().asMap().values()).noneMatch((value) -> value.toString().contains("/1"));
	}

	@Test
	void unknownMethodIsOther() {
		request("FOO", "/orders/1", "/orders/{id}", 405, null);
		assertThat(this.meters.histogram("http.server.request.duration").get(0).attributes().get("http.request.method"))
			.isEqualTo("_OTHER");
	}

	@Test
	void serverErrorStatusIsTheErrorType() {
		request("GET", "/boom", "/boom", 503, null);
		assertThat(this.meters.histogram("http.server.request.duration").get(0).attributes().asMap())
			.containsEntry("http.response.status_code", 503L)
			.containsEntry("error.type", "503");
	}

	@Test
	void exceptionClassIsTheErrorType() {
		request("GET", "/boom", "/boom", 500, new IllegalStateException("boom"));
		assertThat(this.meters.histogram("http.server.request.duration").get(0).attributes().asMap())
			.containsEntry("error.type", "java.lang.IllegalStateException");
	}

	@Test
	void clientErrorIsNotAServerError() {
		request("GET", "/orders/x", "/orders/{id}", 404, null);
		assertThat(this.meters.histogram("http.server.request.duration").get(0).attributes().asMap())
			.doesNotContainKey("error.type");
	}

	@Test
	void requestWithoutARouteHasNoRoute() {
		request("GET", "/nothing/here", null, 404, null);
		assertThat(this.meters.histogram("http.server.request.duration").get(0).attributes().asMap())
			.doesNotContainKey("http.route")
			.doesNotContainValue("/nothing/here");
	}

	@Test
	void activeRequestsCountUpAndDown() {
		Observation observation = observation("GET", "/orders/1");
		observation.start();
		List<LongPointData> during = this.meters.longs("http.server.active_requests");
		assertThat(during).singleElement().satisfies((point) -> {
			assertThat(point.value()).isEqualTo(1);
			assertThat(point.attributes().asMap())
				.containsExactlyInAnyOrderEntriesOf(Map.of("http.request.method", "GET", "url.scheme", "http"));
		});
		observation.stop();
		assertThat(this.meters.longs("http.server.active_requests")).singleElement()
			.satisfies((point) -> assertThat(point.value()).isZero());
	}

	private void request(String method, String path, String route, int status, Throwable error) {
		Observation observation = observation(method, path);
		ServerRequestObservationContext context = (ServerRequestObservationContext) observation.getContext();
		observation.start();
		context.setPathPattern(route);
		context.getResponse().setStatus(status);
		if (error != null) {
			observation.error(error);
		}
		observation.stop();
	}

	private Observation observation(String method, String path) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.setProtocol("HTTP/1.1");
		ServerRequestObservationContext context = new ServerRequestObservationContext(request,
				new MockHttpServletResponse());
		return Observation.createNotStarted("http.server.requests", () -> context, this.registry);
	}

	/**
	 * Counts the contexts that reach the fallback convention: none should.
	 */
	static final class UnclaimedContexts implements ObservationMetricConvention {

		int count;

		@Override
		public boolean supports(Observation.Context context) {
			return true;
		}

		@Override
		public void onStop(Observation.Context context, Object started, double seconds,
				dev.telemetry.sdk.context.Context traceContext) {
			this.count++;
		}

	}

}

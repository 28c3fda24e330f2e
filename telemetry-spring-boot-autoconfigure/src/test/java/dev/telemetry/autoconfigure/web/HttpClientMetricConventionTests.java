package dev.telemetry.autoconfigure.web;

import java.net.ConnectException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.observation.MetricsObservationHandler;
import dev.telemetry.autoconfigure.observation.ObservationMetricConvention;
import dev.telemetry.autoconfigure.observation.TestMeters;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HttpClientMetricConvention} and {@link WebClientMetricConvention} with
 * Spring's real client observation contexts, recording into one shared histogram.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpClientMetricConventionTests {

	private final TestMeters meters = new TestMeters();

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final HttpServerMetricConventionTests.UnclaimedContexts unclaimed = new HttpServerMetricConventionTests.UnclaimedContexts();

	HttpClientMetricConventionTests() {
		HttpClientDurations durations = new HttpClientDurations(this.meters.meter());
		List<ObservationMetricConvention> conventions = List.of(new HttpClientMetricConvention(durations),
				new WebClientMetricConvention(durations));
		this.registry.observationConfig()
			.observationHandler(new MetricsObservationHandler(conventions, this.unclaimed));
	}

	@AfterEach
	void tearDown() {
		this.meters.close();
		assertThat(this.unclaimed.count).isZero();
	}

	@Test
	void restClientRequestIsMeasuredWithTheTemplateNotTheUrl() {
		restClient(HttpMethod.GET, "http://orders.example:8081/orders/42?token=secret", "/orders/{id}", HttpStatus.OK,
				null);
		HistogramPointData point = this.meters.histogram("http.client.request.duration").get(0);
		assertThat(point.attributes().asMap())
			.containsExactlyInAnyOrderEntriesOf(Map.of("http.request.method", "GET", "server.address", "orders.example",
					"server.port", 8081L, "url.template", "/orders/{id}", "http.response.status_code", 200L));
		assertThat(point.attributes().asMap().values())
			.noneMatch((value) -> value.toString().contains("42") || value.toString().contains("secret"));
	}

	@Test
	void requestWithoutATemplateHasNone() {
		restClient(HttpMethod.GET, "https://orders.example/orders/42", null, HttpStatus.OK, null);
		assertThat(this.meters.histogram("http.client.request.duration").get(0).attributes().asMap())
			.doesNotContainKey("url.template")
			.containsEntry("server.port", 443L);
	}

	@Test
	void clientErrorStatusIsTheErrorType() {
		restClient(HttpMethod.POST, "http://orders.example/orders", "/orders", HttpStatus.NOT_FOUND, null);
		assertThat(this.meters.histogram("http.client.request.duration").get(0).attributes().asMap())
			.containsEntry("error.type", "404")
			.containsEntry("http.response.status_code", 404L);
	}

	@Test
	void connectionFailureIsTheErrorType() {
		restClient(HttpMethod.GET, "http://orders.example/orders", "/orders", null,
				new ResourceAccessException("I/O error", new ConnectException("refused")));
		assertThat(this.meters.histogram("http.client.request.duration").get(0).attributes().asMap())
			.containsEntry("error.type", "java.net.ConnectException")
			.doesNotContainKey("http.response.status_code");
	}

	@Test
	void webClientAndRestClientShareOneHistogram() {
		restClient(HttpMethod.GET, "http://orders.example/orders/1", "/orders/{id}", HttpStatus.OK, null);
		org.springframework.web.reactive.function.client.ClientRequestObservationContext context = new org.springframework.web.reactive.function.client.ClientRequestObservationContext(
				ClientRequest.create(HttpMethod.GET, URI.create("http://orders.example/orders/2")));
		context.setUriTemplate("/orders/{id}");
		Observation observation = Observation.createNotStarted("http.client.requests", () -> context, this.registry)
			.start();
		context.setRequest(context.getCarrier().build());
		context.setResponse(ClientResponse.create(HttpStatus.OK).build());
		observation.stop();
		assertThat(this.meters.histogram("http.client.request.duration")).singleElement()
			.satisfies((point) -> assertThat(point.count()).isEqualTo(2));
	}

	private void restClient(HttpMethod method, String uri, String template, HttpStatus status, Throwable error) {
		MockClientHttpRequest request = new MockClientHttpRequest(method, URI.create(uri));
		ClientRequestObservationContext context = new ClientRequestObservationContext(request);
		context.setUriTemplate(template);
		Observation observation = Observation.createNotStarted("http.client.requests", () -> context, this.registry)
			.start();
		if (status != null) {
			context.setResponse(new MockClientHttpResponse(new byte[0], status));
		}
		if (error != null) {
			observation.error(error);
		}
		observation.stop();
	}

}

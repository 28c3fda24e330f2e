package dev.telemetry.autoconfigure.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.telemetry.autoconfigure.instrumentation.InstrumentationTestApplication;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.DoubleHistogram;
import dev.telemetry.sdk.metrics.MeterProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code GET /actuator/telemetryconsole/metrics} in a real web application on a random
 * port of 127.0.0.1: the request-duration histogram of the requests just made, a
 * histogram with known buckets and its percentiles, and attribute values as
 * {@code show-values} allows.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsoleMetricsIntegrationTests {

	private static final String DURATION = "$.streams[?(@.name == 'http.server.request.duration')]";

	@Test
	void requestDurationsOfARouteAreOneHistogramSeriesWithBucketsAndPercentiles() {
		try (ConfigurableApplicationContext context = start("management.endpoint.telemetry.show-values=always")) {
			RestClient client = client(context);
			for (int id = 1; id <= 3; id++) {
				assertThat(client.get().uri("/orders/" + id).retrieve().toEntity(String.class).getStatusCode().value())
					.isEqualTo(200);
			}
			ResponseEntity<String> response = client.get()
				.uri("/actuator/telemetryconsole/metrics")
				.retrieve()
				.toEntity(String.class);
			assertThat(response.getHeaders().getContentType()).isNotNull()
				.satisfies((type) -> assertThat(type.getSubtype()).contains("json"));
			String json = response.getBody();
			assertThat((Boolean) JsonPath.read(json, "$.collected")).isTrue();
			assertThat((Boolean) JsonPath.read(json, "$.valuesShown")).isTrue();
			assertThat((Boolean) JsonPath.read(json, "$.truncated")).isFalse();
			assertThat((List<String>) JsonPath.read(json, DURATION + ".kind")).containsExactly("histogram");
			assertThat((List<String>) JsonPath.read(json, DURATION + ".unit")).containsExactly("s");
			List<Map<String, Object>> orders = JsonPath.read(json,
					DURATION + ".series[?(@.attributes['http.route'] == '/orders/{id}')].histogram");
			assertThat(orders).singleElement().satisfies((histogram) -> {
				assertThat(histogram.get("count")).isEqualTo(3);
				List<Number> bounds = (List<Number>) histogram.get("bounds");
				List<Number> counts = (List<Number>) histogram.get("counts");
				assertThat(bounds).isNotEmpty();
				assertThat(counts).hasSize(bounds.size() + 1);
				assertThat(counts.stream().mapToLong(Number::longValue).sum()).isEqualTo(3);
				// The estimate is kept within min and max by construction; what can go
				// wrong here is the order of the three.
				double p50 = ((Number) histogram.get("p50")).doubleValue();
				double p95 = ((Number) histogram.get("p95")).doubleValue();
				double p99 = ((Number) histogram.get("p99")).doubleValue();
				assertThat(p50).isGreaterThan(0).isLessThanOrEqualTo(p95);
				assertThat(p95).isLessThanOrEqualTo(p99);
			});
		}
	}

	@Test
	void percentilesComeFromTheBucketsAndCountersAndGaugesFromTheirValues() {
		try (ConfigurableApplicationContext context = start("management.endpoint.telemetry.show-values=always",
				"telemetry.metrics.views[0].instrument-name=payment.latency",
				"telemetry.metrics.views[0].aggregation.type=base2_exponential_bucket_histogram")) {
			MeterProvider provider = context.getBean(MeterProvider.class);
			DoubleHistogram latency = provider.get("test")
				.histogramBuilder("job.duration")
				.setUnit("s")
				.setExplicitBucketBoundariesAdvice(List.of(1.0, 2.0, 4.0, 8.0))
				.build();
			Attributes job = Attributes.of("job", "report");
			// (-inf,1]: 10, (1,2]: 20, (2,4]: 60, (4,8]: 10
			// -> p50 = 2 + 2 * 20/60, p95 = 6
			record(latency, job, 10, 0.5);
			record(latency, job, 20, 1.5);
			record(latency, job, 60, 3.0);
			record(latency, job, 5, 5.0);
			record(latency, job, 5, 7.0);
			provider.get("test").upDownCounterBuilder("queue.size").build().add(-2, job);
			provider.get("test")
				.gaugeBuilder("temperature")
				.buildWithCallback((measurement) -> measurement.record(21.5, Attributes.empty()));
			DoubleHistogram payments = provider.get("test").histogramBuilder("payment.latency").build();
			for (int i = 1; i <= 100; i++) {
				payments.record(i, Attributes.empty());
			}

			String json = client(context).get().uri("/actuator/telemetryconsole/metrics").retrieve().body(String.class);
			Map<String, Object> histogram = single(json, "job.duration", "histogram");
			assertThat((List<Number>) histogram.get("bounds")).extracting(Number::doubleValue)
				.containsExactly(1.0, 2.0, 4.0, 8.0);
			assertThat((List<Number>) histogram.get("counts")).extracting(Number::longValue)
				.containsExactly(10L, 20L, 60L, 10L, 0L);
			assertThat(histogram.get("count")).isEqualTo(100);
			assertThat(((Number) histogram.get("min")).doubleValue()).isEqualTo(0.5);
			assertThat(((Number) histogram.get("max")).doubleValue()).isEqualTo(7.0);
			assertThat(((Number) histogram.get("p50")).doubleValue()).isCloseTo(2 + 2 * 20.0 / 60, within(1e-9));
			assertThat(((Number) histogram.get("p95")).doubleValue()).isCloseTo(6.0, within(1e-9));
			assertThat(((Number) histogram.get("p99")).doubleValue()).isCloseTo(7.0, within(1e-9));

			assertThat((List<String>) JsonPath.read(json, "$.streams[?(@.name == 'queue.size')].kind"))
				.containsExactly("updowncounter");
			assertThat((List<Number>) JsonPath.read(json, "$.streams[?(@.name == 'queue.size')].series[0].value"))
				.extracting(Number::longValue)
				.containsExactly(-2L);
			assertThat((List<Number>) JsonPath.read(json, "$.streams[?(@.name == 'temperature')].series[0].value"))
				.extracting(Number::doubleValue)
				.containsExactly(21.5);

			// An exponential histogram as explicit buckets: 1..100, so p50 near 50.
			Map<String, Object> exponential = single(json, "payment.latency", "exponential_histogram");
			assertThat(exponential.get("count")).isEqualTo(100);
			assertThat(((Number) exponential.get("p50")).doubleValue()).isCloseTo(50, within(2.0));
			assertThat(((Number) exponential.get("p99")).doubleValue()).isCloseTo(99, within(2.0));
		}
	}

	@Test
	void attributeValuesFollowTheEndpointsShowValuesRuleAndOtherPartsAreNotFound() {
		try (ConfigurableApplicationContext context = start()) {
			RestClient client = client(context);
			client.get().uri("/orders/7").retrieve().toBodilessEntity();
			String json = client.get().uri("/actuator/telemetryconsole/metrics").retrieve().body(String.class);
			assertThat((Boolean) JsonPath.read(json, "$.valuesShown")).isFalse();
			List<Map<String, Object>> attributes = JsonPath.read(json, DURATION + ".series[*].attributes");
			assertThat(attributes).isNotEmpty()
				.allSatisfy((map) -> assertThat(map).containsKey("http.route")
					.allSatisfy((key, value) -> assertThat(value).isEqualTo("******")));
			assertThat(json).doesNotContain("/orders/{id}");
			assertThat(client.get()
				.uri("/actuator/telemetryconsole/nothing")
				.retrieve()
				.toBodilessEntity()
				.getStatusCode()
				.value()).isEqualTo(404);
		}
	}

	private static void record(DoubleHistogram histogram, Attributes attributes, int times, double value) {
		for (int i = 0; i < times; i++) {
			histogram.record(value, attributes);
		}
	}

	private static Map<String, Object> single(String json, String name, String kind) {
		assertThat((List<String>) JsonPath.read(json, "$.streams[?(@.name == '" + name + "')].kind"))
			.containsExactly(kind);
		List<Map<String, Object>> histograms = JsonPath.read(json,
				"$.streams[?(@.name == '" + name + "')].series[*].histogram");
		assertThat(histograms).hasSize(1);
		return histograms.get(0);
	}

	private static ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(List.of(InstrumentationTestApplication.PROPERTIES));
		all.add("management.endpoints.web.exposure.include=telemetry,telemetryconsole");
		all.add("telemetry.console.enabled=true");
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(InstrumentationTestApplication.class, Orders.class)
			.web(WebApplicationType.SERVLET)
			.properties(all.toArray(new String[0]))
			.run();
	}

	private static RestClient client(ConfigurableApplicationContext context) {
		String port = context.getEnvironment().getProperty("local.server.port");
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	@RestController
	static class Orders {

		@GetMapping("/orders/{id}")
		String order(@PathVariable String id) {
			return "order " + id;
		}

	}

}

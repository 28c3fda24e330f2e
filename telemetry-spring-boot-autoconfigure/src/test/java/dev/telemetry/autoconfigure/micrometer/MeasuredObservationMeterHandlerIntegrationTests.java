package dev.telemetry.autoconfigure.micrometer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.instrumentation.InstrumentationTestApplication;
import dev.telemetry.autoconfigure.observation.TestMeters;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Boot's meter observation handler in a real servlet application with Actuator:
 * the server requests the starter measures as {@code http.server.request.duration} are
 * timed by Spring Boot as well ({@code http.server.requests}) only where something reads
 * those timers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MeasuredObservationMeterHandlerIntegrationTests {

	private static final String BOOT_TIMER = "http.server.requests";

	private final TestMeters meters = new TestMeters();

	@AfterEach
	void closeMeters() {
		this.meters.close();
	}

	@Test
	void springBootDoesNotTimeRequestsWhenNothingWouldReadItsTimers() throws Exception {
		try (ConfigurableApplicationContext context = run(GreetingApplication.class)) {
			assertThat(context.getBeansOfType(MeterRegistry.class).values())
				.allSatisfy((registry) -> assertThat(registry).isInstanceOf(TelemetryMeterRegistry.class));
			get(context, "/greetings/ada", 200);
			get(context, "/greetings/grace", 200);
			// Spring stops a server observation after the response is sent.
			awaitServerDurationCount(2);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find(BOOT_TIMER).meters()).isEmpty();
			assertThat(meters.find(BOOT_TIMER + ".active").meters()).isEmpty();
		}
	}

	@Test
	void springBootDoesNotTimeClientRequestsWhenNothingWouldReadItsTimers() throws Exception {
		try (ConfigurableApplicationContext context = run(GreetingApplication.class)) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			String body = context.getBean(RestClient.Builder.class)
				.baseUrl("http://127.0.0.1:" + port)
				.build()
				.get()
				.uri("/greetings/{name}", "ada")
				.retrieve()
				.body(String.class);
			assertThat(body).isEqualTo("hello ada");
			// A client observation stops before the call returns.
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find("http.client.requests").meters()).isEmpty();
			assertThat(meters.find("http.client.requests.active").meters()).isEmpty();
			assertThat(exportedNames()).contains("http.client.request.duration");
		}
	}

	@Test
	void theMetricsEndpointKeepsSpringBootsTimer() throws Exception {
		try (ConfigurableApplicationContext context = run(GreetingApplication.class,
				"management.endpoints.web.exposure.include=metrics")) {
			get(context, "/greetings/ada", 200);
			awaitBootTimerCount(context.getBean(MeterRegistry.class), 1);
			String body = get(context, "/actuator/metrics/" + BOOT_TIMER + "?tag=uri:/greetings/%7Bname%7D", 200);
			assertThat(body).contains("\"COUNT\"");
			// Still measured once in what the starter exports.
			awaitServerDurationCount(1);
			assertThat(exportedNames()).doesNotContain(BOOT_TIMER);
		}
	}

	@Test
	void anotherMeterRegistryKeepsSpringBootsTimer() throws Exception {
		try (ConfigurableApplicationContext context = run(AnotherRegistryApplication.class)) {
			get(context, "/greetings/ada", 200);
			awaitBootTimerCount(context.getBean(SimpleMeterRegistry.class), 1);
			awaitServerDurationCount(1);
			assertThat(exportedNames()).doesNotContain(BOOT_TIMER);
		}
	}

	@Test
	void observationMetersKeepAndExportSpringBootsTimer() throws Exception {
		try (ConfigurableApplicationContext context = run(GreetingApplication.class,
				"telemetry.metrics.micrometer.observation-meters=true")) {
			get(context, "/greetings/ada", 200);
			awaitBootTimerCount(context.getBean(MeterRegistry.class), 1);
			awaitServerDurationCount(1);
			assertThat(exportedNames()).contains(BOOT_TIMER);
		}
	}

	@Test
	void requestsTheStarterDoesNotMeasureAreTimedBySpringBootAndBridged() throws Exception {
		try (ConfigurableApplicationContext context = run(GreetingApplication.class,
				"telemetry.instrumentation.http-server.metrics=false")) {
			get(context, "/greetings/ada", 200);
			awaitBootTimerCount(context.getBean(MeterRegistry.class), 1);
			assertThat(exportedNames()).contains(BOOT_TIMER).doesNotContain("http.server.request.duration");
		}
	}

	private ConfigurableApplicationContext run(Class<?> application, String... properties) {
		return new SpringApplicationBuilder(InstrumentationTestApplication.class, application)
			.web(WebApplicationType.SERVLET)
			.properties(InstrumentationTestApplication.PROPERTIES)
			.properties(properties)
			.initializers((applicationContext) -> applicationContext.getBeanFactory()
				.registerSingleton("testMeterProvider", this.meters.provider()))
			.run();
	}

	private static void awaitBootTimerCount(MeterRegistry meters, long count) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Timer timer = meters.find(BOOT_TIMER).tag("uri", "/greetings/{name}").timer();
			assertThat(timer).isNotNull();
			assertThat(timer.count()).isEqualTo(count);
		});
	}

	private void awaitServerDurationCount(long count) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(serverDurationCount()).isEqualTo(count));
	}

	private List<String> exportedNames() {
		return this.meters.collect().stream().map(MetricData::name).toList();
	}

	private long serverDurationCount() {
		return this.meters.histogram("http.server.request.duration")
			.stream()
			.filter((point) -> "/greetings/{name}".equals(TestMeters.attributes(point).get("http.route")))
			.mapToLong(HistogramPointData::count)
			.sum();
	}

	private static String get(ConfigurableApplicationContext context, String path, int status)
			throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(status);
		return response.body();
	}

	@Configuration(proxyBeanMethods = false)
	static class GreetingApplication {

		@Bean
		GreetingController greetingController() {
			return new GreetingController();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AnotherRegistryApplication {

		@Bean
		GreetingController greetingController() {
			return new GreetingController();
		}

		@Bean
		SimpleMeterRegistry otherMeterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@RestController
	static class GreetingController {

		@GetMapping("/greetings/{name}")
		String greet(@PathVariable String name) {
			return "hello " + name;
		}

	}

}

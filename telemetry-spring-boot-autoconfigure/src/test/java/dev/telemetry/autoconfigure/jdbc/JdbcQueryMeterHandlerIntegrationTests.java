package dev.telemetry.autoconfigure.jdbc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.instrumentation.InstrumentationTestApplication;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Boot's meter observation handler and the JDBC observations, in a real servlet
 * application with Actuator and its {@code metrics} endpoint: a request that runs a query
 * is timed by Spring Boot as {@code http.server.requests}, and its statement is measured
 * once, as {@code db.client.operation.duration}, not also as a Micrometer timer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdbcQueryMeterHandlerIntegrationTests {

	private final PullMetricReader reader = PullMetricReader.create();

	// The application's own meter provider, so the test can read what was recorded
	private final MeterProvider meterProvider = MeterProvider.builder().registerMetricReader(this.reader).build();

	@AfterEach
	void closeMeterProvider() {
		this.meterProvider.close();
	}

	@Test
	void statementsAreMeasuredOnceAndRequestsStillBySpringBoot() throws Exception {
		try (ConfigurableApplicationContext context = run()) {
			get(context, "/orders/1");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(meters.find("http.server.requests").tag("uri", "/orders/{id}").timer())
					.isNotNull()
					.satisfies((timer) -> assertThat(timer.count()).isEqualTo(1)));
			assertThat(meters.find("db.client.operation").meters()).isEmpty();
			assertThat(meters.find("db.client.operation.active").meters()).isEmpty();
			assertThat(this.reader.collect()).extracting(MetricData::name).contains("db.client.operation.duration");
		}
	}

	@Test
	void observationMetersKeepSpringBootsTimerOfTheStatements() throws Exception {
		try (ConfigurableApplicationContext context = run("telemetry.metrics.micrometer.observation-meters=true")) {
			get(context, "/orders/1");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find("db.client.operation").tag("db.operation.name", "SELECT").timer()).isNotNull()
				.satisfies((timer) -> assertThat(timer.count()).isEqualTo(1));
			assertThat(this.reader.collect()).extracting(MetricData::name).contains("db.client.operation.duration");
		}
	}

	private ConfigurableApplicationContext run(String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(InstrumentationTestApplication.class,
				OrdersApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties(InstrumentationTestApplication.PROPERTIES)
			// Without a reader of Spring Boot's timers, it would not time the requests
			// either.
			.properties("management.endpoints.web.exposure.include=metrics")
			.properties(properties)
			.initializers((applicationContext) -> applicationContext.getBeanFactory()
				.registerSingleton("testMeterProvider", this.meterProvider))
			.run();
		context.getBean(JdbcTemplate.class)
			.execute(
					"CREATE TABLE orders (id BIGINT PRIMARY KEY, item VARCHAR(100)); INSERT INTO orders VALUES (1, 'tea')");
		return context;
	}

	private static void get(ConfigurableApplicationContext context, String path)
			throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("tea");
	}

	@Configuration(proxyBeanMethods = false)
	static class OrdersApplication {

		@Bean
		OrdersController ordersController(JdbcTemplate jdbc) {
			return new OrdersController(jdbc);
		}

	}

	@RestController
	static class OrdersController {

		private final JdbcTemplate jdbc;

		OrdersController(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@GetMapping("/orders/{id}")
		String order(@PathVariable long id) {
			return this.jdbc.queryForObject("SELECT item FROM orders WHERE id = ?", String.class, id);
		}

	}

}

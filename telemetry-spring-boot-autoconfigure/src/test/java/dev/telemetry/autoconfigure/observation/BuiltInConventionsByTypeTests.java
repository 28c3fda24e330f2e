package dev.telemetry.autoconfigure.observation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.telemetry.autoconfigure.instrumentation.InstrumentationTestApplication;
import dev.telemetry.autoconfigure.instrumentation.UnmeasuredMetricConvention;
import dev.telemetry.autoconfigure.instrumentation.UntracedSpanConvention;
import dev.telemetry.autoconfigure.jdbc.JdbcMetricConvention;
import dev.telemetry.autoconfigure.jdbc.JdbcQueryContext;
import dev.telemetry.autoconfigure.jdbc.JdbcSpanConvention;
import dev.telemetry.autoconfigure.web.HttpClientSpanConvention;
import dev.telemetry.autoconfigure.web.HttpServerMetricConvention;
import dev.telemetry.autoconfigure.web.ServletServerSpanConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handlers ask a convention whose {@code supportsByType()} is {@code true} once per
 * context class and remember the answer: every built-in convention that says so must
 * answer alike for all contexts of one class. Checked against the contexts a real
 * application makes (server requests of different routes and outcomes, statements, client
 * calls), with the instrumentation on and with it switched off.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BuiltInConventionsByTypeTests {

	@ParameterizedTest
	@ValueSource(strings = { "on", "off" })
	void conventionsThatDecideByTypeAnswerAlikeForEveryContextOfAClass(String instrumentation) {
		String[] off = { "telemetry.instrumentation.http-server.enabled=false",
				"telemetry.instrumentation.http-server.metrics=false",
				"telemetry.instrumentation.http-client.enabled=false",
				"telemetry.instrumentation.http-client.metrics=false", "telemetry.instrumentation.jdbc.metrics=false" };
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(InstrumentationTestApplication.class,
				CatalogApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties(InstrumentationTestApplication.PROPERTIES)
			.properties("telemetry.metrics.export.enabled=false")
			.properties("off".equals(instrumentation) ? off : new String[0])
			.run()) {
			Map<Object, Predicate<Observation.Context>> byType = new LinkedHashMap<>();
			context.getBeanProvider(ObservationSpanConvention.class)
				.stream()
				.filter(ObservationSpanConvention::supportsByType)
				.forEach((convention) -> byType.put(convention, convention::supports));
			context.getBeanProvider(ObservationMetricConvention.class)
				.stream()
				.filter(ObservationMetricConvention::supportsByType)
				.forEach((convention) -> byType.put(convention, convention::supports));
			if ("off".equals(instrumentation)) {
				assertThat(byType.keySet()).hasAtLeastOneElementOfType(UntracedSpanConvention.class)
					.hasAtLeastOneElementOfType(UnmeasuredMetricConvention.class)
					.doesNotHaveAnyElementsOfTypes(ServletServerSpanConvention.class, HttpServerMetricConvention.class,
							HttpClientSpanConvention.class);
			}
			else {
				assertThat(byType.keySet()).hasAtLeastOneElementOfType(ServletServerSpanConvention.class)
					.hasAtLeastOneElementOfType(HttpServerMetricConvention.class)
					.hasAtLeastOneElementOfType(HttpClientSpanConvention.class)
					.hasAtLeastOneElementOfType(JdbcMetricConvention.class)
					.doesNotHaveAnyElementsOfTypes(UntracedSpanConvention.class, UnmeasuredMetricConvention.class);
			}
			assertThat(byType.keySet()).hasAtLeastOneElementOfType(JdbcSpanConvention.class);
			Recorder recorder = new Recorder(byType);
			context.getBean(ObservationRegistry.class).observationConfig().observationHandler(recorder);

			context.getBean(JdbcTemplate.class)
				.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(100)); "
						+ "INSERT INTO items VALUES (1, 'tea')");
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			RestClient client = context.getBean(RestClient.Builder.class)
				.baseUrl("http://127.0.0.1:" + port)
				.defaultStatusHandler((status) -> true, (request, response) -> {
				})
				.build();
			// Different routes, methods, outcomes and statements: whatever a convention
			// could read besides the context's class differs between them.
			assertThat(client.get().uri("/items/1").retrieve().body(String.class)).isEqualTo("tea");
			assertThat(client.get().uri("/items/2").retrieve().toBodilessEntity().getStatusCode().value())
				.isEqualTo(404);
			assertThat(client.get().uri("/items/count").retrieve().body(String.class)).isEqualTo("1");
			assertThat(client.post().uri("/nowhere").retrieve().toBodilessEntity().getStatusCode().is4xxClientError())
				.isTrue();

			// Server requests, client calls and statements, several of each.
			assertThat(recorder.contexts)
				.hasEntrySatisfying(ServerRequestObservationContext.class.getName(),
						(count) -> assertThat(count).hasValue(4))
				.hasEntrySatisfying(ClientRequestObservationContext.class.getName(),
						(count) -> assertThat(count).hasValue(4))
				.hasEntrySatisfying(JdbcQueryContext.class.getName(),
						(count) -> assertThat(count.get()).isGreaterThanOrEqualTo(3));
			assertThat(recorder.answers).isNotEmpty()
				.allSatisfy((conventionAndClass, answers) -> assertThat(answers).as(conventionAndClass).hasSize(1));
		}
	}

	/**
	 * Asks each convention about every context when it starts, as the handlers do, and
	 * keeps the answers by convention and context class.
	 */
	private static final class Recorder implements ObservationHandler<Observation.Context> {

		private final Map<Object, Predicate<Observation.Context>> conventions;

		private final Map<String, AtomicInteger> contexts = new ConcurrentHashMap<>();

		private final Map<String, Set<Boolean>> answers = new ConcurrentHashMap<>();

		Recorder(Map<Object, Predicate<Observation.Context>> conventions) {
			this.conventions = conventions;
		}

		@Override
		public void onStart(Observation.Context context) {
			// The full name: RestClient's and WebClient's contexts share a simple name.
			String type = context.getClass().getName();
			this.contexts.computeIfAbsent(type, (key) -> new AtomicInteger()).incrementAndGet();
			this.conventions.forEach((convention, supports) -> this.answers
				.computeIfAbsent(convention + " on " + type, (key) -> ConcurrentHashMap.newKeySet())
				.add(supports.test(context)));
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CatalogApplication {

		@Bean
		CatalogController catalogController(JdbcTemplate jdbc) {
			return new CatalogController(jdbc);
		}

	}

	@RestController
	static class CatalogController {

		private final JdbcTemplate jdbc;

		CatalogController(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@GetMapping("/items/count")
		String count() {
			return String.valueOf(this.jdbc.queryForObject("SELECT COUNT(*) FROM items", Long.class));
		}

		@GetMapping("/items/{id}")
		ResponseEntity<String> item(@PathVariable long id) {
			List<String> names = this.jdbc.queryForList("SELECT name FROM items WHERE id = ?", String.class, id);
			return names.isEmpty() ? ResponseEntity.notFound().build() : ResponseEntity.ok(names.get(0));
		}

	}

}

package dev.telemetry.sample;

import java.util.Map;

import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The sample endpoints: a plain response, a database read, calls to itself through both
 * of Spring's HTTP clients, and a failure.
 */
@RestController
class SampleController {

	private final JdbcTemplate jdbcTemplate;

	private final RestClient restClient;

	private final WebClient webClient;

	private final Environment environment;

	SampleController(JdbcTemplate jdbcTemplate, RestClient.Builder restClientBuilder,
			WebClient.Builder webClientBuilder, Environment environment) {
		this.jdbcTemplate = jdbcTemplate;
		// Built from Boot's builders, so their observations (and our client spans) are
		// wired in.
		this.restClient = restClientBuilder.build();
		this.webClient = webClientBuilder.build();
		this.environment = environment;
	}

	@GetMapping("/hello")
	Map<String, String> hello() {
		return Map.of("message", "hello");
	}

	@GetMapping("/orders/{id}")
	ResponseEntity<Map<String, Object>> order(@PathVariable long id) {
		return this.jdbcTemplate
			.query("SELECT id, item, quantity FROM orders WHERE id = ?",
					(rs, row) -> Map.<String, Object>of("id", rs.getLong("id"), "item", rs.getString("item"),
							"quantity", rs.getInt("quantity")),
					id)
			.stream()
			.findFirst()
			.map(ResponseEntity::ok)
			.orElseGet(() -> ResponseEntity.notFound().build());
	}

	@GetMapping("/chain")
	Map<String, Object> chain() {
		String hello = selfUrl("/hello");
		Map<?, ?> viaRestClient = this.restClient.get().uri(hello).retrieve().body(Map.class);
		Map<?, ?> viaWebClient = this.webClient.get().uri(hello).retrieve().bodyToMono(Map.class).block();
		return Map.of("restClient", viaRestClient, "webClient", viaWebClient);
	}

	// The port is only known once the server has started (and is random in tests).
	private String selfUrl(String path) {
		return "http://127.0.0.1:" + this.environment.getProperty("local.server.port", "8080") + path;
	}

	@GetMapping("/boom")
	String boom() {
		throw new IllegalStateException("boom");
	}

}

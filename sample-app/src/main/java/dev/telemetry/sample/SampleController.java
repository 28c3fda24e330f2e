package dev.telemetry.sample;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The sample endpoints: a plain response, a database read, calls to itself through both
 * of Spring's HTTP clients (also from inside a reactive chain), work handed to another
 * thread, a slow request, and a failure.
 */
@RestController
class SampleController {

	private static final Logger logger = LoggerFactory.getLogger(SampleController.class);

	private final JdbcTemplate jdbcTemplate;

	private final RestClient restClient;

	private final WebClient webClient;

	private final OrderAudit audit;

	private final Environment environment;

	private final OrderMetrics orderMetrics;

	private final Counter orderViews;

	SampleController(JdbcTemplate jdbcTemplate, RestClient.Builder restClientBuilder,
			WebClient.Builder webClientBuilder, OrderAudit audit, Environment environment, OrderMetrics orderMetrics,
			MeterRegistry meters) {
		this.jdbcTemplate = jdbcTemplate;
		// Built from Boot's builders, so their observations (and our client spans)
		// are wired in.
		this.restClient = restClientBuilder.build();
		this.webClient = webClientBuilder.build();
		this.audit = audit;
		this.environment = environment;
		this.orderMetrics = orderMetrics;
		// A plain Micrometer counter: the starter's bridge exports it with the other
		// metrics.
		this.orderViews = Counter.builder("sample.order.views")
			.description("Order pages served.")
			.baseUnit("views")
			.register(meters);
	}

	@GetMapping("/hello")
	Map<String, String> hello() {
		return Map.of("message", "hello");
	}

	@GetMapping("/orders/{id}")
	ResponseEntity<Map<String, Object>> order(@PathVariable long id) {
		// With the starter, this line carries the request's trace and span ids.
		logger.info("Looking up order {}", id);
		this.orderViews.increment();
		return this.jdbcTemplate
			.query("SELECT id, item, quantity FROM orders WHERE id = ?",
					(rs, row) -> Map.<String, Object>of("id", rs.getLong("id"), "item", rs.getString("item"),
							"quantity", rs.getInt("quantity")),
					id)
			.stream()
			.findFirst()
			.map((order) -> {
				this.orderMetrics.lookedUp(true);
				return ResponseEntity.ok(order);
			})
			.orElseGet(() -> {
				this.orderMetrics.lookedUp(false);
				return ResponseEntity.notFound().build();
			});
	}

	@GetMapping("/chain")
	Map<String, Object> chain() {
		String hello = selfUrl("/hello");
		Map<?, ?> viaRestClient = this.restClient.get().uri(hello).retrieve().body(Map.class);
		Map<?, ?> viaWebClient = this.webClient.get().uri(hello).retrieve().bodyToMono(Map.class).block();
		return Map.of("restClient", viaRestClient, "webClient", viaWebClient);
	}

	@GetMapping("/chain/reactive")
	Map<String, Object> reactiveChain() {
		String hello = selfUrl("/hello");
		// The call is made on a Reactor timer thread, not the request's: its parent comes
		// from the Reactor context, which block() fills from the request thread.
		Map<?, ?> viaWebClient = Mono.delay(Duration.ofMillis(5))
			.flatMap((tick) -> this.webClient.get().uri(hello).retrieve().bodyToMono(Map.class))
			.block(Duration.ofSeconds(10));
		return Map.of("webClient", viaWebClient);
	}

	@GetMapping("/audit")
	Map<String, Object> audit() {
		// Counted on a task executor thread, in this request's trace.
		return Map.of("orders", this.audit.countOrders().join());
	}

	// The port is only known once the server has started (and is random in tests).
	private String selfUrl(String path) {
		return "http://127.0.0.1:" + this.environment.getProperty("local.server.port", "8080") + path;
	}

	/**
	 * Longer than the 500 ms from which the gateway in docs/collector keeps every trace,
	 * then an order read through another request: SERVER, CLIENT, SERVER and JDBC spans.
	 * With {@code ?order=false} only the wait: a request that still completes while the
	 * server shuts down gracefully, when a new connection to itself would not be
	 * accepted.
	 */
	@GetMapping("/slow")
	Map<String, Object> slow(@RequestParam(defaultValue = "true") boolean order) throws InterruptedException {
		Thread.sleep(600);
		if (!order) {
			return Map.of("waited", 600);
		}
		Map<?, ?> read = this.restClient.get().uri(selfUrl("/orders/1")).retrieve().body(Map.class);
		return Map.of("order", read);
	}

	@GetMapping("/boom")
	String boom() {
		throw new IllegalStateException("boom");
	}

}

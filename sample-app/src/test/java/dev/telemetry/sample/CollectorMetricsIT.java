package dev.telemetry.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import dev.telemetry.sample.peers.CollectorTopology;
import dev.telemetry.sample.peers.OtlpJsonSpan;
import dev.telemetry.sample.peers.Peers;
import dev.telemetry.sample.peers.PrometheusSample;
import dev.telemetry.sample.peers.PrometheusSample.Exemplar;
import dev.telemetry.sample.peers.PrometheusScrape;
import dev.telemetry.sample.peers.Requests;
import dev.telemetry.sample.peers.SampleApp;
import dev.telemetry.sample.peers.SentSpans;
import dev.telemetry.sdk.resource.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application's metrics through the documented agent and gateway
 * ({@code docs/collector}) to the gateway's Prometheus exporter, scraped in the
 * OpenMetrics format as Prometheus does: the semantic conventions' names, labels and
 * bucket boundaries, exemplars that point at the spans the requests really made, the
 * resource, and cumulative totals equal to the requests made.
 */
@Timeout(60)
class CollectorMetricsIT {

	private static final int REQUESTS = 30;

	private static final String ROUTE = "/orders/{id}";

	// The semantic conventions' advisory boundaries (docs/metrics.md).
	private static final List<Double> HTTP_BOUNDARIES = List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75,
			1.0, 2.5, 5.0, 7.5, 10.0);

	private static final List<Double> DB_BOUNDARIES = List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);

	private static final Duration WAIT = Duration.ofSeconds(30);

	// Every exemplar seen: an export carries only the exemplars of its own interval, and
	// the gateway shows those of the latest export, so they are gathered scrape by
	// scrape.
	private final List<PrometheusSample> exemplars = new ArrayList<>();

	private int scrapes;

	@Test
	void gatewayShowsTheApplicationsMetricsWithExemplarsResourceAndExactTotals() {
		Peers peers = Peers.assumeBuilt();
		try (CollectorTopology topology = CollectorTopology.start(peers, PeerLogs.directory("metrics"));
				ConfigurableApplicationContext app = SampleApp.start(topology,
						"--telemetry.metrics.export.interval=1s")) {
			// Not configured: the instance label is the id the starter made.
			String instance = (String) app.getBean(Resource.class).getAttributes().get("service.instance.id");
			assertThat(UUID.fromString(instance).version()).isEqualTo(4);
			Requests requests = new Requests(SampleApp.url(app));
			// trace id -> the parent span id sent with it: each request continues a
			// trace of ours.
			Map<String, String> parents = new LinkedHashMap<>();
			for (int i = 0; i < REQUESTS; i++) {
				String traceId = hex(16);
				String parent = hex(8);
				assertThat(requests.get("/orders/1", "traceparent", "00-" + traceId + "-" + parent + "-01").status())
					.isEqualTo(200);
				parents.put(traceId, parent);
				scrape(topology);
			}
			PrometheusScrape scrape = await().atMost(WAIT)
				.pollInterval(Duration.ofMillis(100))
				.until(() -> scrape(topology), (metrics) -> requestCount(metrics) >= REQUESTS);

			assertTotals(scrape);
			assertHttpServerHistogram(scrape);
			assertDbClientHistogram(scrape);
			assertThat(scrape.samples("jvm_memory_used_bytes")).anySatisfy((memory) -> {
				assertThat(memory.labels()).containsEntry("jvm_memory_type", "heap")
					.containsKey("jvm_memory_pool_name");
				assertThat(memory.value()).isPositive();
			});
			assertResource(scrape, instance);
			assertExemplarsPointAtTheRequestsSpans(topology, parents);
			System.out.println("The gateway counted " + REQUESTS + " requests after " + this.scrapes
					+ " scrapes, which showed " + this.exemplars.size() + " exemplars");

			// Still exact once a later export has arrived: nothing was counted twice.
			double cpuTime = scrape.sum("jvm_cpu_time_seconds_total");
			PrometheusScrape later = await().atMost(WAIT)
				.pollInterval(Duration.ofMillis(100))
				.until(() -> scrape(topology), (metrics) -> metrics.sum("jvm_cpu_time_seconds_total") > cpuTime);
			assertTotals(later);
		}
	}

	private PrometheusScrape scrape(CollectorTopology topology) {
		PrometheusScrape scrape = PrometheusScrape.openMetrics(topology.gatewayPrometheus());
		this.scrapes++;
		scrape.lines()
			.stream()
			.map(PrometheusSample::parse)
			.filter((sample) -> sample.exemplar() != null)
			.forEach(this.exemplars::add);
		return scrape;
	}

	private static double requestCount(PrometheusScrape scrape) {
		return scrape.sum("http_server_request_duration_seconds_count", "http_route=\"" + ROUTE + "\"");
	}

	// The request counter, the sample's own counter and its Micrometer counter, the query
	// histogram: each counts every request once.
	private static void assertTotals(PrometheusScrape scrape) {
		assertThat(requestCount(scrape)).isEqualTo(REQUESTS);
		assertThat(scrape.sum("sample_order_lookups_total", "outcome=\"found\"")).isEqualTo(REQUESTS);
		assertThat(scrape.sum("sample_order_views_total")).isEqualTo(REQUESTS);
		assertThat(scrape.sum("db_client_operation_duration_seconds_count", "db_collection_name=\"orders\""))
			.isEqualTo(REQUESTS);
	}

	private static void assertHttpServerHistogram(PrometheusScrape scrape) {
		List<PrometheusSample> buckets = buckets(scrape, "http_server_request_duration_seconds",
				(sample) -> sample.label("http_route").equals(ROUTE));
		assertThat(buckets)
			.allSatisfy((bucket) -> assertThat(bucket.labels()).containsEntry("http_request_method", "GET")
				.containsEntry("http_response_status_code", "200")
				.containsEntry("url_scheme", "http")
				.containsEntry("network_protocol_version", "1.1"));
		assertThat(boundaries(buckets)).isEqualTo(HTTP_BOUNDARIES);
		assertThat(buckets.get(buckets.size() - 1).value()).isEqualTo(REQUESTS);
		assertThat(scrape.sum("http_server_request_duration_seconds_sum", "http_route=\"" + ROUTE + "\"")).isPositive();
	}

	private static void assertDbClientHistogram(PrometheusScrape scrape) {
		List<PrometheusSample> buckets = buckets(scrape, "db_client_operation_duration_seconds",
				(sample) -> sample.label("db_collection_name").equals("orders"));
		assertThat(buckets)
			.allSatisfy((bucket) -> assertThat(bucket.labels()).containsEntry("db_operation_name", "SELECT")
				.containsEntry("db_system_name", "h2database"));
		assertThat(boundaries(buckets)).isEqualTo(DB_BOUNDARIES);
		assertThat(buckets.get(buckets.size() - 1).value()).isEqualTo(REQUESTS);
	}

	// service.name and service.instance.id become job and instance; every resource
	// attribute a label (resource_constant_labels), and all but those two are in
	// target_info too.
	private static void assertResource(PrometheusScrape scrape, String instance) {
		Map<String, String> resource = Map.of("job", "sample-app", "instance", instance, "service_version", "0.1.0",
				"deployment_environment_name", "development", "telemetry_sdk_name", "telemetry-spring-boot-starter",
				"telemetry_sdk_language", "java");
		assertThat(scrape.samples("http_server_request_duration_seconds_count"))
			.allSatisfy((count) -> assertThat(count.labels()).containsAllEntriesOf(resource)
				.containsEntry("service_name", "sample-app")
				.containsEntry("service_instance_id", instance));
		assertThat(scrape.samples("target_info")).singleElement()
			.satisfies((info) -> assertThat(info.labels()).containsAllEntriesOf(resource)
				.containsKeys("host_name", "process_pid")
				.doesNotContainKeys("service_name", "service_instance_id"));
	}

	// Each exemplar names a span the application made for one of the requests: the SERVER
	// span that continued the trace sent, or the JDBC span under it, as the agent
	// received them.
	private void assertExemplarsPointAtTheRequestsSpans(CollectorTopology topology, Map<String, String> parents) {
		List<PrometheusSample> http = this.exemplars.stream()
			.filter((sample) -> sample.name().equals("http_server_request_duration_seconds_bucket")
					&& sample.label("http_route").equals(ROUTE))
			.toList();
		List<PrometheusSample> db = this.exemplars.stream()
			.filter((sample) -> sample.name().equals("db_client_operation_duration_seconds_bucket")
					&& sample.label("db_collection_name").equals("orders"))
			.toList();
		assertThat(http).isNotEmpty();
		assertThat(db).isNotEmpty();
		Map<String, List<OtlpJsonSpan>> sent = await().atMost(WAIT)
			.until(() -> SentSpans.byTrace(topology.sentSpans()),
					(traces) -> traces.keySet().containsAll(parents.keySet()));
		for (PrometheusSample bucket : http) {
			Exemplar exemplar = bucket.exemplar();
			assertThat(parents).containsKey(exemplar.traceId());
			OtlpJsonSpan span = span(sent, exemplar);
			assertThat(span.kind()).isEqualTo(OtlpJsonSpan.SERVER);
			assertThat(span.parentSpanId()).isEqualTo(parents.get(exemplar.traceId()));
			assertThat(span.attributes()).containsEntry("http.route", ROUTE);
			assertThat(exemplar.value()).isLessThanOrEqualTo(le(bucket));
		}
		for (PrometheusSample bucket : db) {
			Exemplar exemplar = bucket.exemplar();
			assertThat(parents).containsKey(exemplar.traceId());
			OtlpJsonSpan span = span(sent, exemplar);
			assertThat(span.kind()).isEqualTo(OtlpJsonSpan.CLIENT);
			assertThat(span.attributes()).containsEntry("db.operation.name", "SELECT");
			assertThat(exemplar.value()).isLessThanOrEqualTo(le(bucket));
		}
	}

	private static OtlpJsonSpan span(Map<String, List<OtlpJsonSpan>> sent, Exemplar exemplar) {
		return sent.get(exemplar.traceId())
			.stream()
			.filter((span) -> span.spanId().equals(exemplar.spanId()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No span " + exemplar.spanId() + " in trace " + exemplar.traceId()
					+ " for the exemplar " + exemplar));
	}

	// The one series' buckets, +Inf last.
	private static List<PrometheusSample> buckets(PrometheusScrape scrape, String histogram,
			Predicate<PrometheusSample> series) {
		List<PrometheusSample> buckets = scrape.samples(histogram + "_bucket").stream().filter(series).toList();
		assertThat(buckets).as(histogram).isNotEmpty();
		assertThat(buckets.get(buckets.size() - 1).label("le")).isEqualTo("+Inf");
		return buckets;
	}

	private static List<Double> boundaries(List<PrometheusSample> buckets) {
		return buckets.subList(0, buckets.size() - 1).stream().map(CollectorMetricsIT::le).toList();
	}

	private static double le(PrometheusSample bucket) {
		String le = bucket.label("le");
		return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
	}

	private static String hex(int bytes) {
		byte[] random = new byte[bytes];
		ThreadLocalRandom.current().nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

}

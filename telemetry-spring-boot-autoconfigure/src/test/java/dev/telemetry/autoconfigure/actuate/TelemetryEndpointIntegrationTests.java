package dev.telemetry.autoconfigure.actuate;

import java.time.Duration;

import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import dev.telemetry.testing.OtlpTestReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code telemetry} endpoint in a real web application on a random port of 127.0.0.1,
 * exporting to a real OTLP/gRPC receiver on loopback.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TelemetryEndpointIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String HEADER_SECRET = "Bearer hdr-s3cr3t-value";

	private static final String URL_PASSWORD = "url-pa55word";

	private static final String RESOURCE_SECRET = "res-s3cr3t-value";

	private static final String HIDDEN_VALUE = "hidden-attr-value";

	private final List<String> responses = new ArrayList<>();

	@Test
	void documentFollowsAnExportThroughAnOutageAndTheRecovery(CapturedOutput output) {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start();
				ConfigurableApplicationContext context = ActuatorTestApplication.start(exporting(receiver))) {
			RestClient client = ActuatorTestApplication.client(context);
			get(client, "/hello?customer=" + HIDDEN_VALUE);
			receiver.awaitSpans(1, WAIT);
			await().atMost(WAIT).untilAsserted(() -> {
				String document = get(client, "/actuator/telemetry");
				assertThat((String) JsonPath.read(document, "$.exporters[0].state")).isEqualTo("ok");
				assertThat((Integer) JsonPath.read(document, "$.exporters[0].spans.exported")).isPositive();
				assertThat((String) JsonPath.read(document, "$.exporters[0].lastSuccess")).isNotNull();
			});
			String document = get(client, "/actuator/telemetry");
			assertThat((String) JsonPath.read(document, "$.exporters[0].name")).isEqualTo("otlp_grpc_span_exporter/0");
			assertThat((String) JsonPath.read(document, "$.exporters[0].protocol")).isEqualTo("grpc");
			assertThat((String) JsonPath.read(document, "$.exporters[0].endpoint")).isEqualTo(receiver.endpoint());
			assertThat((List<String>) JsonPath.read(document, "$.exporters[0].headers"))
				.containsExactly("authorization");
			assertThat((String) JsonPath.read(document, "$.resource.attributes['db.password']"))
				.isEqualTo(AttributeValues.HIDDEN);
			assertThat((String) JsonPath.read(document, "$.resource.attributes['db.url']"))
				.isEqualTo("postgres://****@db/orders");
			assertThat((Integer) JsonPath.read(document, "$.spans.started.RECORD_AND_SAMPLE.none")).isPositive();
			assertThat((Integer) JsonPath.read(document, "$.processors[0].queueCapacity")).isEqualTo(2048);
			assertThat((String) JsonPath.read(document, "$.sampler.effective")).contains("ParentBased");

			receiver.refuseConnections();
			await().atMost(WAIT).untilAsserted(() -> {
				get(client, "/hello");
				String failing = get(client, "/actuator/telemetry");
				assertThat((String) JsonPath.read(failing, "$.exporters[0].state")).isEqualTo("failing");
				assertThat((String) JsonPath.read(failing, "$.exporters[0].failingSince")).isNotNull();
				assertThat((String) JsonPath.read(failing, "$.exporters[0].lastError.kind")).isNotBlank();
				assertThat((String) JsonPath.read(failing, "$.exporters[0].lastError.message")).isNotBlank();
				assertThat((Integer) JsonPath.read(failing, "$.processors[0].failed")).isPositive();
				assertThat((Integer) JsonPath.read(failing, "$.exporters[0].spans.failed")).isPositive();
			});
			String health = get(client, "/actuator/health");
			assertThat((String) JsonPath.read(health, "$.status")).isEqualTo("UP");
			assertThat((String) JsonPath.read(health, "$.components.telemetry.status")).isEqualTo("UP");
			assertThat((String) JsonPath.read(health,
					"$.components.telemetry.details.exporters['otlp_grpc_span_exporter/0'].state"))
				.isEqualTo("failing");
			assertThat((String) JsonPath.read(health,
					"$.components.telemetry.details.exporters['otlp_grpc_span_exporter/0'].message"))
				.isNotBlank();
			String exported = get(client, "/actuator/metrics/otel.sdk.exporter.span.exported");
			assertThat((List<String>) JsonPath.read(exported, "$.availableTags[*].tag")).contains("error.type");

			receiver.acceptConnections();
			await().atMost(WAIT).untilAsserted(() -> {
				get(client, "/hello");
				String recovered = get(client, "/actuator/telemetry");
				assertThat((String) JsonPath.read(recovered, "$.exporters[0].state")).isEqualTo("ok");
				assertThat(has(recovered, "$.exporters[0].failingSince")).isFalse();
			});
			get(client, "/actuator/telemetry/spans");
			get(client, "/actuator/telemetry/traces");
			get(client, "/actuator/health/telemetry");
		}
		assertNoSecrets(output);
	}

	@Test
	void recentSpansShowRequestsJustMadeAndErrorsWithoutAttributeValues(CapturedOutput output) {
		try (ConfigurableApplicationContext context = ActuatorTestApplication.start()) {
			RestClient client = ActuatorTestApplication.client(context);
			get(client, "/hello?customer=" + HIDDEN_VALUE);
			get(client, "/hello");
			get(client, "/boom");
			String spans = get(client, "/actuator/telemetry/spans");
			assertThat((Boolean) JsonPath.read(spans, "$.recent.valuesShown")).isFalse();
			assertThat((Integer) JsonPath.read(spans, "$.recent.maxSpans")).isEqualTo(2048);
			assertThat((List<Integer>) JsonPath.read(spans, "$.recent.names[?(@.name == 'GET /hello')].count"))
				.containsExactly(2);
			assertThat((List<Integer>) JsonPath.read(spans, "$.recent.names[?(@.name == 'GET /boom')].errorCount"))
				.containsExactly(1);
			List<Map<String, Object>> errorSamples = JsonPath.read(spans,
					"$.recent.names[?(@.name == 'GET /boom')].errorSamples[*]");
			assertThat(errorSamples).singleElement().satisfies((sample) -> {
				assertThat(sample.get("status")).isEqualTo("ERROR");
				assertThat((Map<String, Object>) sample.get("attributes")).containsEntry("http.route", "******");
			});
			assertThat((List<Object>) JsonPath.read(spans,
					"$.recent.names[?(@.name == 'GET /hello')].latencies[*].samples[*]"))
				.isNotEmpty();

			String traces = get(client, "/actuator/telemetry/traces?limit=2");
			List<Map<String, Object>> recent = JsonPath.read(traces, "$.traces");
			assertThat(recent).hasSize(2);
			assertThat(recent.get(0)).containsEntry("name", "GET /boom").containsEntry("errorCount", 1);
			String traceId = (String) recent.get(0).get("traceId");
			String trace = get(client, "/actuator/telemetry/traces/" + traceId);
			assertThat((String) JsonPath.read(trace, "$.spans[0].name")).isEqualTo("GET /boom");
			assertThat((String) JsonPath.read(trace, "$.spans[0].kind")).isEqualTo("SERVER");
			assertThat(client.get()
				.uri("/actuator/telemetry/traces/" + "0".repeat(32))
				.retrieve()
				.toBodilessEntity()
				.getStatusCode()
				.value()).isEqualTo(404);
			assertThat(client.get()
				.uri("/actuator/telemetry/nothing")
				.retrieve()
				.toBodilessEntity()
				.getStatusCode()
				.value()).isEqualTo(404);
		}
		assertNoSecrets(output);
	}

	@Test
	void attributeValuesAreShownWhenShowValuesAllowsButCredentialsInUrlsAreNot(CapturedOutput output) {
		try (ConfigurableApplicationContext context = ActuatorTestApplication
			.start("management.endpoint.telemetry.show-values=always")) {
			RestClient client = ActuatorTestApplication.client(context);
			get(client, "/hello");
			String spans = get(client, "/actuator/telemetry/spans");
			assertThat((Boolean) JsonPath.read(spans, "$.recent.valuesShown")).isTrue();
			assertThat((List<String>) JsonPath.read(spans,
					"$.recent.names[?(@.name == 'GET /hello')].latencies[*].samples[*].attributes['http.route']"))
				.contains("/hello");
		}
	}

	@Test
	void writeOperationsAreAbsentUnlessAccessIsUnrestricted(CapturedOutput output) {
		try (ConfigurableApplicationContext context = ActuatorTestApplication.start()) {
			RestClient client = ActuatorTestApplication.client(context);
			assertThat(
					post(client, "/actuator/telemetry/sampler", "{\"ratio\": 1.0}").getStatusCode().is4xxClientError())
				.isTrue();
			assertThat(post(client, "/actuator/telemetry/flush", "{}").getStatusCode().is4xxClientError()).isTrue();
			assertThat(has(get(client, "/actuator/telemetry/sampler"), "$.change")).isFalse();
		}
		try (ConfigurableApplicationContext context = ActuatorTestApplication
			.start("management.endpoint.telemetry.access=none")) {
			RestClient client = ActuatorTestApplication.client(context);
			assertThat(client.get().uri("/actuator/telemetry").retrieve().toBodilessEntity().getStatusCode().value())
				.isEqualTo(404);
			assertThat(context.getBeanNamesForType(TelemetryEndpoint.class)).isEmpty();
		}
	}

	@Test
	void changedRatioSamplesNewRootSpansAtOnceAndRevertsOnItsOwn(CapturedOutput output) {
		try (ConfigurableApplicationContext context = ActuatorTestApplication
			.start("management.endpoint.telemetry.access=unrestricted", "telemetry.tracing.sampler.ratio=0.0")) {
			RestClient client = ActuatorTestApplication.client(context);
			get(client, "/hello");
			assertThat(sampledRoots(client)).isZero();

			ResponseEntity<String> changed = post(client, "/actuator/telemetry/sampler",
					"{\"ratio\": 1.0, \"duration\": \"15m\"}");
			assertThat(changed.getStatusCode().value()).isEqualTo(200);
			assertThat((Double) JsonPath.read(changed.getBody(), "$.ratio")).isEqualTo(1.0);
			assertThat((String) JsonPath.read(changed.getBody(), "$.change.until")).isEqualTo("2026-12-02T10:15:00Z");
			assertThat((String) JsonPath.read(changed.getBody(), "$.change.changedBy")).isEqualTo("anonymous");
			get(client, "/hello");
			assertThat(sampledRoots(client)).isOne();

			context.getBean(ActuatorTestApplication.MovableClock.class).advance(Duration.ofMinutes(14));
			assertThat((Double) JsonPath.read(get(client, "/actuator/telemetry/sampler"), "$.ratio")).isEqualTo(1.0);
			context.getBean(ActuatorTestApplication.MovableClock.class).advance(Duration.ofMinutes(1));
			// The background check reverts it, without a read
			SamplerSteering steering = context.getBean(SamplerSteering.class);
			await().atMost(WAIT).until(() -> steering.getControl().getRatio() == 0.0);
			String sampler = get(client, "/actuator/telemetry/sampler");
			assertThat(has(sampler, "$.change")).isFalse();
			get(client, "/hello");
			assertThat(sampledRoots(client)).isOne();

			assertThat(post(client, "/actuator/telemetry/sampler", "{\"ratio\": 1.5}").getStatusCode().value())
				.isEqualTo(400);
			assertThat(post(client, "/actuator/telemetry/sampler", "{\"ratio\": 0.5, \"duration\": \"soon\"}")
				.getStatusCode()
				.value()).isEqualTo(400);
			assertThat(post(client, "/actuator/telemetry/sampler", "{\"rules\": true}").getStatusCode().value())
				.isEqualTo(400);
			assertThat(post(client, "/actuator/telemetry/sampler", "{\"ratio\": 0.25}").getStatusCode().value())
				.isEqualTo(200);
			assertThat(post(client, "/actuator/telemetry/sampler", "{}").getStatusCode().value()).isEqualTo(200);
			assertThat(steering.getControl().getRatio()).isEqualTo(0.0);
		}
		assertThat(output.getOut().lines().filter((line) -> line.contains("Sampler changed to ratio 1.0 by anonymous")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("INFO").contains("until 2026-12-02T10:15:00Z"));
		assertThat(output.getOut()).contains("expired at 2026-12-02T10:15:00Z; reverted to the configuration")
			.contains("Sampler reset to the configuration by anonymous");
	}

	@Test
	void flushExportsQueuedSpansAndSaysHowMany() {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start();
				ConfigurableApplicationContext context = ActuatorTestApplication.start(
						"management.endpoint.telemetry.access=unrestricted", "telemetry.exporter.type=otlp",
						"telemetry.exporter.otlp.endpoint=" + receiver.endpoint(),
						"telemetry.exporter.otlp.protocol=grpc", "telemetry.tracing.batch.schedule-delay=1h")) {
			RestClient client = ActuatorTestApplication.client(context);
			get(client, "/hello");
			get(client, "/hello");
			ResponseEntity<String> flushed = post(client, "/actuator/telemetry/flush", "{\"timeout\": \"10s\"}");
			assertThat(flushed.getStatusCode().value()).isEqualTo(200);
			assertThat((Boolean) JsonPath.read(flushed.getBody(), "$.completed")).isTrue();
			assertThat((Boolean) JsonPath.read(flushed.getBody(), "$.success")).isTrue();
			assertThat((Integer) JsonPath.read(flushed.getBody(), "$.exportedSpans")).isGreaterThanOrEqualTo(2);
			assertThat(receiver.spans()).hasSizeGreaterThanOrEqualTo(2);
		}
	}

	@Test
	void healthTurnsDownOnlyWhenAskedToAndStaysOutOfTheProbes() {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start();
				ConfigurableApplicationContext context = ActuatorTestApplication.start(exporting(receiver))) {
			RestClient client = ActuatorTestApplication.client(context);
			receiver.refuseConnections();
			get(client, "/hello");
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat((List<String>) JsonPath.read(get(client, "/actuator/health/telemetry"),
						"$.details.exporters.*.error"))
					.isNotEmpty());
			assertThat(client.get().uri("/actuator/health").retrieve().toBodilessEntity().getStatusCode().value())
				.isEqualTo(200);
			String liveness = get(client, "/actuator/health/liveness");
			assertThat((String) JsonPath.read(liveness, "$.status")).isEqualTo("UP");
			assertThat(liveness).doesNotContain("telemetry");
			assertThat(get(client, "/actuator/health/readiness")).doesNotContain("telemetry");
		}
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start();
				ConfigurableApplicationContext context = ActuatorTestApplication
					.start(exporting(receiver, "management.health.telemetry.down-when-failing=true"))) {
			RestClient client = ActuatorTestApplication.client(context);
			assertThat((String) JsonPath.read(get(client, "/actuator/health"), "$.status")).isEqualTo("UP");
			receiver.refuseConnections();
			get(client, "/hello");
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(
						client.get().uri("/actuator/health").retrieve().toBodilessEntity().getStatusCode().value())
					.isEqualTo(503));
			assertThat((String) JsonPath.read(get(client, "/actuator/health/telemetry"), "$.status")).isEqualTo("DOWN");
		}
	}

	@Test
	void selfMetricsAppearInActuatorMetrics() {
		try (ConfigurableApplicationContext context = ActuatorTestApplication.start()) {
			RestClient client = ActuatorTestApplication.client(context);
			get(client, "/hello");
			String names = get(client, "/actuator/metrics");
			assertThat((List<String>) JsonPath.read(names, "$.names")).contains("otel.sdk.span.started",
					"otel.sdk.span.live");
			String started = get(client,
					"/actuator/metrics/otel.sdk.span.started?tag=otel.span.sampling_result:RECORD_AND_SAMPLE"
							+ "&tag=otel.span.parent.origin:none");
			assertThat((Double) JsonPath.read(started, "$.measurements[0].value")).isGreaterThanOrEqualTo(1.0);
		}
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start();
				ConfigurableApplicationContext context = ActuatorTestApplication.start(exporting(receiver))) {
			RestClient client = ActuatorTestApplication.client(context);
			get(client, "/hello");
			receiver.awaitSpans(1, WAIT);
			String capacity = get(client, "/actuator/metrics/otel.sdk.processor.span.queue.capacity");
			assertThat((Double) JsonPath.read(capacity, "$.measurements[0].value")).isEqualTo(2048.0);
			await().atMost(WAIT).untilAsserted(() -> {
				String exported = get(client, "/actuator/metrics/otel.sdk.exporter.span.exported"
						+ "?tag=otel.component.name:otlp_grpc_span_exporter/0&tag=error.type:rejected");
				assertThat((Double) JsonPath.read(exported, "$.measurements[0].value")).isZero();
				String duration = get(client, "/actuator/metrics/otel.sdk.exporter.operation.duration");
				assertThat((List<Double>) JsonPath.read(duration, "$.measurements[?(@.statistic == 'COUNT')].value"))
					.singleElement()
					.satisfies((count) -> assertThat(count).isGreaterThanOrEqualTo(1.0));
			});
			assertThat((List<String>) JsonPath.read(get(client, "/actuator/metrics"), "$.names")).contains(
					"otel.sdk.processor.span.processed", "otel.sdk.processor.span.queue.size",
					"otel.sdk.exporter.span.inflight");
		}
	}

	@Test
	void endpointIsAlsoReadOverJmxLikeBootsOwn() throws Exception {
		try (ConfigurableApplicationContext context = ActuatorTestApplication.start("spring.jmx.enabled=true",
				"management.endpoints.jmx.exposure.include=telemetry")) {
			MBeanServer server = context.getBean(MBeanServer.class);
			Set<ObjectName> names = server
				.queryNames(new ObjectName("org.springframework.boot:type=Endpoint,name=Telemetry,*"), null);
			assertThat(names).hasSize(1);
			ObjectName name = names.iterator().next();
			Object document = server.invoke(name, "telemetry", new Object[0], new String[0]);
			assertThat(document).isInstanceOf(Map.class);
			assertThat((Map<String, Object>) document).containsKeys("resource", "sampler", "spans", "processors",
					"exporters");
			// read-only by default: the write operation is not there
			assertThat(server.getMBeanInfo(name).getOperations()).extracting(MBeanOperationInfo::getName)
				.contains("telemetry", "part")
				.doesNotContain("steer");
		}
	}

	private static boolean has(String json, String path) {
		try {
			JsonPath.read(json, path);
			return true;
		}
		catch (PathNotFoundException ex) {
			return false;
		}
	}

	private int sampledRoots(RestClient client) {
		return JsonPath.read(get(client, "/actuator/telemetry/spans"), "$.started.RECORD_AND_SAMPLE.none");
	}

	private String[] exporting(OtlpTestReceiver receiver, String... more) {
		List<String> properties = new ArrayList<>(List.of("telemetry.exporter.type=otlp",
				"telemetry.exporter.otlp.endpoint=" + receiver.endpoint(), "telemetry.exporter.otlp.protocol=grpc",
				"telemetry.exporter.otlp.headers.authorization=" + HEADER_SECRET,
				"telemetry.exporter.otlp.retry.enabled=false", "telemetry.exporter.otlp.timeout=2s",
				"telemetry.tracing.batch.schedule-delay=100ms", "telemetry.tracing.batch.export-timeout=5s",
				"telemetry.resource.attributes[db.password]=" + RESOURCE_SECRET,
				"telemetry.resource.attributes[db.url]=postgres://app:" + URL_PASSWORD + "@db/orders",
				"management.health.telemetry.failure-threshold=0s"));
		properties.addAll(List.of(more));
		return properties.toArray(new String[0]);
	}

	private String get(RestClient client, String path) {
		String body = client.get().uri(path).retrieve().body(String.class);
		this.responses.add(body);
		return body;
	}

	private ResponseEntity<String> post(RestClient client, String path, String json) {
		ResponseEntity<String> response = client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.retrieve()
			.toEntity(String.class);
		this.responses.add(response.getBody());
		return response;
	}

	private void assertNoSecrets(CapturedOutput output) {
		assertThat(this.responses).isNotEmpty();
		for (String secret : List.of("hdr-s3cr3t-value", URL_PASSWORD, RESOURCE_SECRET, HIDDEN_VALUE)) {
			assertThat(output.getAll()).doesNotContain(secret);
			assertThat(this.responses).allSatisfy((body) -> assertThat(String.valueOf(body)).doesNotContain(secret));
		}
	}

}

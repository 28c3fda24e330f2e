package dev.telemetry.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.telemetry.sample.peers.CollectorTopology;
import dev.telemetry.sample.peers.JaegerQuery;
import dev.telemetry.sample.peers.OtlpJsonSpan;
import dev.telemetry.sample.peers.Peers;
import dev.telemetry.sample.peers.Requests;
import dev.telemetry.sample.peers.Requests.Outcome;
import dev.telemetry.sample.peers.SampleApp;
import dev.telemetry.sample.peers.SentSpans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application's traces through the documented agent and gateway
 * ({@code docs/collector}) into Jaeger: tail sampling keeps every error and every slow
 * trace, about a tenth of the rest, and never part of a trace; what Jaeger shows is what
 * the application sent, less the attribute the agent removes; over OTLP/gRPC, the
 * starter's default, and over OTLP/HTTP.
 */
@Timeout(240)
class CollectorTracesIT {

	private static final int ERRORS = 20;

	private static final int SLOW = 20;

	private static final int OTHERS = 160;

	@Test
	void jaegerHasEveryErrorAndSlowTraceAboutATenthOfTheRestAndNoPartialTrace() {
		Peers peers = Peers.assumeBuilt();
		try (CollectorTopology topology = CollectorTopology.start(peers, PeerLogs.directory("traces"));
				ConfigurableApplicationContext app = SampleApp.start(topology)) {
			List<String> paths = new ArrayList<>();
			paths.addAll(Collections.nCopies(ERRORS - 1, "/boom"));
			paths.addAll(Collections.nCopies(SLOW, "/slow"));
			paths.addAll(Collections.nCopies(OTHERS / 2, "/orders/1"));
			paths.addAll(Collections.nCopies(OTHERS / 2, "/chain"));
			Collections.shuffle(paths, new Random(18));
			Requests requests = new Requests(SampleApp.url(app));
			List<Outcome> outcomes = new ArrayList<>(requests.getAll(paths, 4));
			// Last and alone: once its trace is in Jaeger, every earlier trace has been
			// decided.
			outcomes.add(requests.get("/boom"));
			assertThat(outcomes).allSatisfy(
					(outcome) -> assertThat(outcome.status()).isEqualTo(outcome.path().equals("/boom") ? 500 : 200));

			Map<String, List<OtlpJsonSpan>> sent = await().atMost(Duration.ofSeconds(30))
				.until(() -> SentSpans.byTrace(topology.sentSpans()), (traces) -> requestTraces(traces).size() == 200);
			Map<String, String> routes = requestTraces(sent);
			// As the gateway sees them: a request that was meant to be quick can still
			// take longer than 500 ms on a busy machine, and then it is a slow trace too.
			List<String> errors = routes.keySet()
				.stream()
				.filter((id) -> sent.get(id).stream().anyMatch((span) -> span.statusCode() == OtlpJsonSpan.ERROR))
				.toList();
			List<String> slow = routes.keySet()
				.stream()
				.filter((id) -> !errors.contains(id) && durationMillis(sent.get(id)) > 500)
				.toList();
			List<String> others = routes.keySet()
				.stream()
				.filter((id) -> !errors.contains(id) && !slow.contains(id))
				.toList();
			assertThat(errors).containsExactlyInAnyOrderElementsOf(tracesOf(routes, "/boom"));
			assertThat(slow).containsAll(tracesOf(routes, "/slow"));
			assertThat(others).as("quick traces, for the 10%% share").hasSizeGreaterThanOrEqualTo(OTHERS / 4);

			JaegerQuery jaeger = new JaegerQuery(topology.jaegerQuery());
			String last = sent.keySet()
				.stream()
				.filter(errors::contains)
				.reduce((first, second) -> second)
				.orElseThrow();
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> jaeger.trace(last).size() == sent.get(last).size());

			for (String traceId : errors) {
				assertSameAsSent(jaeger.trace(traceId), sent.get(traceId));
				assertThat(root(jaeger.trace(traceId)).statusCode()).isEqualTo(OtlpJsonSpan.ERROR);
			}
			for (String traceId : slow) {
				List<OtlpJsonSpan> trace = jaeger.trace(traceId);
				assertSameAsSent(trace, sent.get(traceId));
			}
			for (String traceId : tracesOf(routes, "/slow")) {
				List<OtlpJsonSpan> trace = jaeger.trace(traceId);
				assertServerClientServerJdbc(trace);
				assertThat(root(trace).durationMillis()).isGreaterThanOrEqualTo(600);
			}
			long othersKept = others.stream().filter((traceId) -> {
				List<OtlpJsonSpan> trace = jaeger.trace(traceId);
				if (!trace.isEmpty()) {
					assertSameAsSent(trace, sent.get(traceId));
				}
				return !trace.isEmpty();
			}).count();
			System.out.println("Jaeger has " + errors.size() + " error traces, " + slow.size() + " slow traces and "
					+ othersKept + " of " + others.size() + " other traces");
			// A tenth, give or take 3.5 standard deviations (binomial): fails once in
			// thousands of runs.
			double expected = others.size() * 0.1;
			double tolerance = 3.5 * Math.sqrt(others.size() * 0.1 * 0.9) + 1;
			assertThat((double) othersKept).isBetween(expected - tolerance, expected + tolerance);
		}
	}

	@Test
	void overOtlpHttpTheAgentGetsEveryTraceAndJaegerShowsTheErrorsAsSent() {
		Peers peers = Peers.assumeBuilt();
		try (CollectorTopology topology = CollectorTopology.start(peers, PeerLogs.directory("traces-http"));
				ConfigurableApplicationContext app = SampleApp.startOverHttp(topology)) {
			List<String> paths = new ArrayList<>();
			paths.addAll(Collections.nCopies(10, "/boom"));
			paths.addAll(Collections.nCopies(30, "/orders/1"));
			Collections.shuffle(paths, new Random(7));
			Requests requests = new Requests(SampleApp.url(app));
			// Several exports over one kept connection: the batch processor exports
			// every 100 ms while the requests run.
			assertThat(requests.getAll(paths, 4)).hasSize(40);

			Map<String, List<OtlpJsonSpan>> sent = await().atMost(Duration.ofSeconds(30))
				.until(() -> SentSpans.byTrace(topology.sentSpans()), (traces) -> requestTraces(traces).size() == 40);
			Map<String, String> routes = requestTraces(sent);
			assertThat(tracesOf(routes, "/orders/{id}")).hasSize(30)
				.allSatisfy((traceId) -> assertThat(sent.get(traceId)).extracting(OtlpJsonSpan::kind)
					.contains(OtlpJsonSpan.SERVER, OtlpJsonSpan.CLIENT));
			List<String> errors = tracesOf(routes, "/boom");
			assertThat(errors).hasSize(10);

			JaegerQuery jaeger = new JaegerQuery(topology.jaegerQuery());
			for (String traceId : errors) {
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(250))
					.until(() -> jaeger.trace(traceId).size() == sent.get(traceId).size());
				assertSameAsSent(jaeger.trace(traceId), sent.get(traceId));
			}
		}
	}

	// Trace id -> route of the root SERVER span, for the traces of the requests made.
	private static Map<String, String> requestTraces(Map<String, List<OtlpJsonSpan>> traces) {
		return traces.entrySet()
			.stream()
			.flatMap((trace) -> trace.getValue()
				.stream()
				.filter((span) -> span.isRoot() && span.kind() == OtlpJsonSpan.SERVER)
				.map((root) -> Map.entry(trace.getKey(), String.valueOf(root.attributes().get("http.route")))))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	// What the latency policy measures: from the first span's start to the last span's
	// end.
	private static long durationMillis(List<OtlpJsonSpan> trace) {
		long start = trace.stream().mapToLong(OtlpJsonSpan::startNanos).min().orElseThrow();
		long end = trace.stream().mapToLong(OtlpJsonSpan::endNanos).max().orElseThrow();
		return (end - start) / 1_000_000;
	}

	private static List<String> tracesOf(Map<String, String> routes, String route) {
		return routes.entrySet().stream().filter((e) -> e.getValue().equals(route)).map(Map.Entry::getKey).toList();
	}

	private static OtlpJsonSpan root(List<OtlpJsonSpan> trace) {
		return trace.stream().filter(OtlpJsonSpan::isRoot).findFirst().orElseThrow();
	}

	// Complete (the same spans), unchanged (ids, parents, names, kinds, times, status,
	// events, attributes, resource, tracestate), except for the attribute the agent
	// deletes.
	private static void assertSameAsSent(List<OtlpJsonSpan> inJaeger, List<OtlpJsonSpan> sent) {
		Map<String, OtlpJsonSpan> expected = sent.stream()
			.map((span) -> span.without("client.address"))
			.collect(Collectors.toMap(OtlpJsonSpan::spanId, Function.identity()));
		Map<String, OtlpJsonSpan> actual = inJaeger.stream()
			.collect(Collectors.toMap(OtlpJsonSpan::spanId, Function.identity()));
		assertThat(actual).isEqualTo(expected);
		assertThat(sent).anySatisfy((span) -> assertThat(span.attributes()).containsKey("client.address"));
		assertThat(inJaeger).allSatisfy((span) -> {
			assertThat(span.traceState()).isEqualTo("ot=th:0");
			assertThat(span.resource()).containsEntry("service.name", "sample-app");
		});
	}

	private static void assertServerClientServerJdbc(List<OtlpJsonSpan> trace) {
		OtlpJsonSpan server = root(trace);
		assertThat(server.name()).isEqualTo("GET /slow");
		OtlpJsonSpan client = childOf(trace, server, OtlpJsonSpan.CLIENT).orElseThrow();
		OtlpJsonSpan callee = childOf(trace, client, OtlpJsonSpan.SERVER).orElseThrow();
		assertThat(callee.name()).isEqualTo("GET /orders/{id}");
		OtlpJsonSpan jdbc = childOf(trace, callee, OtlpJsonSpan.CLIENT).orElseThrow();
		assertThat(jdbc.attributes()).containsEntry("db.operation.name", "SELECT").containsKey("db.system.name");
	}

	private static Optional<OtlpJsonSpan> childOf(List<OtlpJsonSpan> trace, OtlpJsonSpan parent, int kind) {
		return trace.stream()
			.filter((span) -> span.parentSpanId().equals(parent.spanId()) && span.kind() == kind)
			.findFirst();
	}

}

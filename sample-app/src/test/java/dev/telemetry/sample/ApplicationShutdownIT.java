package dev.telemetry.sample;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.telemetry.sample.peers.CollectorTopology;
import dev.telemetry.sample.peers.FreePorts;
import dev.telemetry.sample.peers.JaegerQuery;
import dev.telemetry.sample.peers.OtlpJsonSpan;
import dev.telemetry.sample.peers.PeerProcess;
import dev.telemetry.sample.peers.Peers;
import dev.telemetry.sample.peers.Requests;
import dev.telemetry.sample.peers.Requests.Outcome;
import dev.telemetry.sample.peers.SampleApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * The packaged sample application, run as its own JVM and sent SIGTERM while requests are
 * in flight: graceful shutdown drains them, and the span of every request that got a
 * response reaches Jaeger through the agent and the gateway.
 */
@Timeout(240)
class ApplicationShutdownIT {

	private static final int CLIENTS = 6;

	@Test
	void everyCompletedRequestsTraceReachesJaegerAfterSigtermUnderLoad() throws Exception {
		Peers peers = Peers.assumeBuilt();
		Path jar = Path.of(System.getProperty("telemetry.sample-app.jar", "target/sample-app.jar"));
		assertThat(jar).as("the packaged sample application").exists();
		try (CollectorTopology topology = CollectorTopology.start(peers, PeerLogs.directory("shutdown"))) {
			int port = FreePorts.take(1)[0];
			List<String> command = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
							"--server.port=" + port));
			command.addAll(SampleApp.arguments(topology));
			PeerProcess app = PeerProcess.start("sample-app", command, Map.of(), PeerLogs.directory("shutdown"), port);
			Requests requests = new Requests(java.net.URI.create("http://127.0.0.1:" + port));
			ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
			AtomicInteger completedBefore = new AtomicInteger();
			List<CompletableFuture<List<Traced>>> load = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				load.add(CompletableFuture.supplyAsync(() -> untilRefused(requests, completedBefore), clients));
			}
			// Some requests complete before SIGTERM; the clients keep others in flight.
			await().atMost(Duration.ofSeconds(90)).untilAtomic(completedBefore, greaterThanOrEqualTo(2 * CLIENTS));
			long signalled = System.nanoTime();
			int exitCode = app.stop();
			List<Traced> outcomes = new ArrayList<>();
			for (CompletableFuture<List<Traced>> client : load) {
				outcomes.addAll(client.get(60, TimeUnit.SECONDS));
			}
			clients.shutdown();

			assertThat(exitCode).isIn(0, 143);
			List<Traced> completed = outcomes.stream().filter((traced) -> traced.outcome().completed()).toList();
			assertThat(completed).hasSizeGreaterThanOrEqualTo(2 * CLIENTS);
			List<Traced> inFlight = completed.stream()
				.filter((traced) -> traced.outcome().startedNanos() < signalled
						&& traced.outcome().startedNanos() + traced.outcome().latencyNanos() > signalled)
				.toList();
			assertThat(inFlight).as("requests in flight at SIGTERM that still got a response").isNotEmpty();
			assertThat(inFlight).as("drained requests are answered in full")
				.allSatisfy((traced) -> assertThat(traced.outcome().status()).isEqualTo(200));
			System.out.println(
					completed.size() + " requests completed, " + inFlight.size() + " of them in flight at SIGTERM");
			JaegerQuery jaeger = new JaegerQuery(topology.jaegerQuery());
			List<Traced> missing = new ArrayList<>(completed);
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
				missing.removeIf((traced) -> jaeger.trace(traced.traceId())
					.stream()
					.anyMatch((span) -> span.kind() == OtlpJsonSpan.SERVER && span.name().equals("GET /slow")));
				assertThat(missing).isEmpty();
			});
		}
	}

	// Requests /slow, each in a trace of its own that the test names (so it can find it
	// in Jaeger), until the application stops answering. Without the order read: it calls
	// the application again, and a server shutting down gracefully accepts no new
	// connection, so the drained request's outcome would depend on the client's pool.
	private static List<Traced> untilRefused(Requests requests, AtomicInteger completed) {
		SecureRandom random = new SecureRandom();
		List<Traced> outcomes = new ArrayList<>();
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < end) {
			byte[] ids = new byte[24];
			random.nextBytes(ids);
			String traceId = HexFormat.of().formatHex(ids, 0, 16);
			String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(ids, 16, 24) + "-01";
			Outcome outcome = requests.get("/slow?order=false", "traceparent", traceparent);
			outcomes.add(new Traced(traceId, outcome));
			if (!outcome.completed()) {
				break;
			}
			completed.incrementAndGet();
		}
		return outcomes;
	}

	private record Traced(String traceId, Outcome outcome) {
	}

}

package dev.telemetry.sample;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sample.peers.CollectorTopology;
import dev.telemetry.sample.peers.JaegerQuery;
import dev.telemetry.sample.peers.Peers;
import dev.telemetry.sample.peers.PrometheusScrape;
import dev.telemetry.sample.peers.Requests;
import dev.telemetry.sample.peers.Requests.Outcome;
import dev.telemetry.sample.peers.SampleApp;
import dev.telemetry.sample.peers.SentSpans;
import dev.telemetry.sdk.export.otlp.ExporterStatistics;
import dev.telemetry.sdk.export.otlp.OtlpSpanExporter;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway stopped for 20 s under load and started again: the agent's sending queue
 * holds what it cannot forward and its retries deliver it once the gateway is back, the
 * application neither waits nor loses a span, and nothing is lost anywhere.
 */
@Timeout(300)
class CollectorOutageIT {

	private static final String GATEWAY_EXPORTER = "exporter=\"otlp_grpc/gateway\"";

	@Test
	void gatewayOutageIsAbsorbedByTheAgentWithoutLossOrSlowerRequests() throws Exception {
		Peers peers = Peers.assumeBuilt();
		try (CollectorTopology topology = CollectorTopology.start(peers, PeerLogs.directory("outage"));
				ConfigurableApplicationContext app = SampleApp.start(topology)) {
			Requests requests = new Requests(SampleApp.url(app));
			// Errors only: the gateway keeps every one, so every request's trace is due
			// in Jaeger.
			CompletableFuture<List<Outcome>> load = CompletableFuture
				.supplyAsync(() -> requests.paced("/boom", Duration.ofSeconds(33), Duration.ofMillis(40)));
			// The scenario itself is timed: some load first, then 20 s without a gateway.
			Thread.sleep(6000);
			long stopped = System.nanoTime();
			topology.stopGateway();
			double peakQueue = 0;
			while (System.nanoTime() - stopped < TimeUnit.SECONDS.toNanos(20)) {
				peakQueue = Math.max(peakQueue, PrometheusScrape.of(topology.agentTelemetry())
					.sum("otelcol_exporter_queue_size", GATEWAY_EXPORTER));
				Thread.sleep(500);
			}
			long restarted = System.nanoTime();
			topology.restartGateway();
			List<Outcome> outcomes = load.get(60, TimeUnit.SECONDS);

			assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.status()).isEqualTo(500));
			List<Outcome> before = outcomes.stream().filter((o) -> o.startedNanos() < stopped).toList();
			List<Outcome> during = outcomes.stream()
				.filter((o) -> o.startedNanos() >= stopped && o.startedNanos() < restarted)
				.toList();
			assertThat(before).hasSizeGreaterThan(20);
			assertThat(during).hasSizeGreaterThan(100);
			System.out.println(before.size() + " requests before the outage (p95 " + percentile(before, 0.95) + "), "
					+ during.size() + " during it (p95 " + percentile(during, 0.95) + "); the agent queued up to "
					+ peakQueue + " batches");
			// The application only hands spans to the agent: no slower while the gateway
			// is away.
			assertThat(percentile(during, 0.95))
				.isLessThanOrEqualTo(percentile(before, 0.95).multipliedBy(2).plusMillis(50));
			// The agent held batches while the gateway was away.
			assertThat(peakQueue).isPositive();

			Set<String> missing = new HashSet<>(await().atMost(Duration.ofSeconds(30))
				.until(() -> boomTraces(topology), (traces) -> traces.size() == outcomes.size()));
			JaegerQuery jaeger = new JaegerQuery(topology.jaegerQuery());
			// The agent retries at most every 5 s; the gateway decides 2 s after a trace
			// arrives.
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
				missing.removeIf((traceId) -> !jaeger.trace(traceId).isEmpty());
				return missing.isEmpty();
			});

			// Nothing dropped: not by the starter, not by the agent.
			assertThat(app.getBean(BatchSpanProcessor.class).getDroppedSpans()).isZero();
			ExporterStatistics exporter = app.getBean(OtlpSpanExporter.class).getStatistics();
			assertThat(exporter.itemsFailed()).isZero();
			assertThat(exporter.itemsRejected()).isZero();
			PrometheusScrape agent = PrometheusScrape.of(topology.agentTelemetry());
			assertThat(agent.sum("otelcol_exporter_send_failed_spans_total", GATEWAY_EXPORTER)).isZero();
			assertThat(agent.sum("otelcol_exporter_enqueue_failed_spans_total", GATEWAY_EXPORTER)).isZero();
			assertThat(agent.sum("otelcol_exporter_queue_size", GATEWAY_EXPORTER)).isZero();
			assertThat(agent.sum("otelcol_exporter_sent_spans_total", GATEWAY_EXPORTER))
				.isEqualTo(agent.sum("otelcol_receiver_accepted_spans_total", "receiver=\"otlp\""));
		}
	}

	private static Set<String> boomTraces(CollectorTopology topology) {
		Set<String> traces = new HashSet<>();
		SentSpans.byTrace(topology.sentSpans()).forEach((traceId, spans) -> {
			if (spans.stream().anyMatch((span) -> span.isRoot() && span.name().equals("GET /boom"))) {
				traces.add(traceId);
			}
		});
		return traces;
	}

	private static Duration percentile(List<Outcome> outcomes, double percentile) {
		long[] latencies = outcomes.stream().mapToLong(Outcome::latencyNanos).sorted().toArray();
		return Duration.ofNanos(latencies[(int) Math.ceil(percentile * latencies.length) - 1]);
	}

}

package dev.telemetry.sample.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The documented set-up, running: an agent Collector, a gateway Collector and Jaeger v2,
 * each started from the configuration files in {@code docs/collector} and
 * {@code it/jaeger} as they are, with every port a free one of 127.0.0.1 (passed in the
 * environment variables the files read). The agent also writes every span it receives,
 * before any processor, to {@link #sentSpans()} ({@code peers/agent-sent-spans.yaml}, a
 * second configuration file), so tests can compare what Jaeger shows with what the
 * application sent.
 */
public final class CollectorTopology implements AutoCloseable {

	private final Peers peers;

	private final Path logs;

	private final Map<String, String> environment;

	private final int agentPort;

	private final int agentHttpPort;

	private final int agentTelemetryPort;

	private final int gatewayPort;

	private final int gatewayPrometheusPort;

	private final int jaegerQueryPort;

	private final Path sentSpans;

	private final PeerProcess jaeger;

	private PeerProcess gateway;

	private final PeerProcess agent;

	private CollectorTopology(Peers peers, Path workDirectory) {
		this.peers = peers;
		this.logs = workDirectory;
		this.sentSpans = workDirectory.resolve("agent-sent-spans.jsonl");
		try {
			Files.deleteIfExists(this.sentSpans);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		int[] ports = FreePorts.take(10);
		this.agentPort = ports[0];
		this.agentHttpPort = ports[1];
		this.agentTelemetryPort = ports[2];
		this.gatewayPort = ports[3];
		this.gatewayPrometheusPort = ports[5];
		this.jaegerQueryPort = ports[7];
		this.environment = Map.ofEntries(Map.entry("AGENT_OTLP_GRPC_ENDPOINT", "127.0.0.1:" + ports[0]),
				Map.entry("AGENT_OTLP_HTTP_ENDPOINT", "127.0.0.1:" + ports[1]),
				Map.entry("AGENT_TELEMETRY_PORT", String.valueOf(ports[2])),
				Map.entry("GATEWAY_OTLP_ENDPOINT", "127.0.0.1:" + ports[3]),
				Map.entry("GATEWAY_OTLP_GRPC_ENDPOINT", "127.0.0.1:" + ports[3]),
				Map.entry("GATEWAY_TELEMETRY_PORT", String.valueOf(ports[4])),
				Map.entry("GATEWAY_PROMETHEUS_ENDPOINT", "127.0.0.1:" + ports[5]),
				// Short, to keep the tests short; longer than any request they make.
				Map.entry("TAIL_SAMPLING_DECISION_WAIT", "2s"),
				Map.entry("BACKEND_OTLP_ENDPOINT", "127.0.0.1:" + ports[6]),
				Map.entry("JAEGER_OTLP_GRPC_ENDPOINT", "127.0.0.1:" + ports[6]),
				Map.entry("JAEGER_QUERY_HTTP_ENDPOINT", "127.0.0.1:" + ports[7]),
				Map.entry("JAEGER_QUERY_GRPC_ENDPOINT", "127.0.0.1:" + ports[8]),
				Map.entry("AGENT_SENT_SPANS_FILE", this.sentSpans.toString()));
		this.jaeger = PeerProcess.start("jaeger",
				List.of(peers.jaeger().toString(), "--config", peers.file("it/jaeger/config.yaml").toString()),
				this.environment, this.logs, ports[6], ports[7]);
		this.gateway = startGateway(peers);
		this.agent = PeerProcess.start("agent",
				List.of(peers.collector().toString(), "--config", peers.file("docs/collector/agent.yaml").toString(),
						"--config", testResource("peers/agent-sent-spans.yaml").toString()),
				this.environment, this.logs, ports[0], ports[1], ports[2]);
	}

	/**
	 * Starts Jaeger, the gateway and the agent, in that order.
	 * @param peers the built programs
	 * @param workDirectory where the programs' logs and the sent spans go
	 * @return the running set-up
	 */
	public static CollectorTopology start(Peers peers, Path workDirectory) {
		return new CollectorTopology(peers, workDirectory);
	}

	/**
	 * Where the application sends OTLP/gRPC: the agent.
	 * @return the agent's endpoint, as {@code telemetry.exporter.otlp.endpoint} takes it
	 */
	public String agentEndpoint() {
		return "http://127.0.0.1:" + this.agentPort;
	}

	/**
	 * Where the application sends OTLP/HTTP: the agent.
	 * @return the agent's endpoint, as {@code telemetry.exporter.otlp.endpoint} takes it
	 * with {@code protocol=http/protobuf}
	 */
	public String agentHttpEndpoint() {
		return "http://127.0.0.1:" + this.agentHttpPort;
	}

	/**
	 * The agent's own metrics, in the Prometheus text format.
	 * @return their URL
	 */
	public URI agentTelemetry() {
		return URI.create("http://127.0.0.1:" + this.agentTelemetryPort + "/metrics");
	}

	/**
	 * The gateway's Prometheus exporter: the application's metrics.
	 * @return its URL
	 */
	public URI gatewayPrometheus() {
		return URI.create("http://127.0.0.1:" + this.gatewayPrometheusPort + "/metrics");
	}

	/**
	 * Jaeger's query service (API and UI).
	 * @return its base URL
	 */
	public URI jaegerQuery() {
		return URI.create("http://127.0.0.1:" + this.jaegerQueryPort);
	}

	/**
	 * The spans the agent received, as OTLP JSON lines.
	 * @return the file the agent writes them to
	 */
	public Path sentSpans() {
		return this.sentSpans;
	}

	/** Stops the gateway (SIGTERM) and waits until it has exited. */
	public void stopGateway() {
		this.gateway.stop();
	}

	/** Starts the gateway again, on the same ports, and waits until it listens. */
	public void restartGateway() {
		this.gateway = startGateway(this.peers);
	}

	@Override
	public void close() {
		try (PeerProcess jaeger = this.jaeger; PeerProcess gateway = this.gateway; PeerProcess agent = this.agent) {
			// closed in reverse order: agent, gateway, Jaeger
		}
	}

	private PeerProcess startGateway(Peers peers) {
		return PeerProcess.start("gateway",
				List.of(peers.collector().toString(), "--config", peers.file("docs/collector/gateway.yaml").toString()),
				this.environment, this.logs, this.gatewayPort, this.gatewayPrometheusPort);
	}

	private static Path testResource(String name) {
		try {
			return Path.of(CollectorTopology.class.getClassLoader().getResource(name).toURI());
		}
		catch (Exception ex) {
			throw new IllegalStateException("No test resource " + name, ex);
		}
	}

}

package dev.telemetry.sample.peers;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample application's settings for the tests through the Collector: export to the
 * agent, every trace recorded (consistent probability sampling at 1.0, so every span
 * carries {@code ot=th:0} in its {@code tracestate}), short batching delays.
 */
public final class SampleApp {

	private SampleApp() {
	}

	/**
	 * The command-line arguments that point the application at the agent.
	 * @param topology the running Collectors
	 * @return the arguments, including a free port on 127.0.0.1 of its own
	 */
	public static List<String> arguments(CollectorTopology topology) {
		return List.of("--server.address=127.0.0.1",
				// a database of its own, so several applications can run in one JVM
				"--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"--telemetry.exporter.otlp.endpoint=" + topology.agentEndpoint(),
				"--telemetry.exporter.otlp.protocol=grpc", "--telemetry.tracing.sampler.type=parentbased_probability",
				"--telemetry.tracing.sampler.ratio=1.0", "--telemetry.tracing.batch.schedule-delay=100ms",
				"--sample.report.interval=1h",
				// main() calls /chain every 10 s for the console; these tests count their
				// own traces.
				"--sample.self-call.enabled=false");
	}

	/**
	 * Starts the sample application in this JVM, on a free port.
	 * @param topology the running Collectors
	 * @param more further arguments
	 * @return the running application
	 */
	public static ConfigurableApplicationContext start(CollectorTopology topology, String... more) {
		return start(arguments(topology), more);
	}

	/**
	 * Starts the sample application in this JVM, on a free port, exporting over OTLP/HTTP
	 * instead of OTLP/gRPC.
	 * @param topology the running Collectors
	 * @param more further arguments
	 * @return the running application
	 */
	public static ConfigurableApplicationContext startOverHttp(CollectorTopology topology, String... more) {
		List<String> arguments = new ArrayList<>();
		for (String argument : arguments(topology)) {
			if (argument.startsWith("--telemetry.exporter.otlp.endpoint=")) {
				arguments.add("--telemetry.exporter.otlp.endpoint=" + topology.agentHttpEndpoint());
			}
			else if (argument.startsWith("--telemetry.exporter.otlp.protocol=")) {
				arguments.add("--telemetry.exporter.otlp.protocol=http/protobuf");
			}
			else {
				arguments.add(argument);
			}
		}
		return start(arguments, more);
	}

	private static ConfigurableApplicationContext start(List<String> common, String... more) {
		List<String> arguments = new ArrayList<>(common);
		arguments.add("--server.port=0");
		arguments.addAll(List.of(more));
		return new SpringApplicationBuilder(dev.telemetry.sample.SampleApplication.class)
			.run(arguments.toArray(String[]::new));
	}

	/**
	 * The base URL of an application started by {@link #start}.
	 * @param context the application
	 * @return its base URL
	 */
	public static URI url(ConfigurableApplicationContext context) {
		return URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
	}

}

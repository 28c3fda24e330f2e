package dev.telemetry.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.telemetry.benchmarks.ObservationStack.Contender;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 1, with context propagation: a server request that continues the caller's
 * trace ({@code traceparent}, {@code tracestate} and {@code baggage} headers), opens its
 * scope, and makes one outgoing call whose observation becomes the child and injects the
 * headers into a new carrier. Sampled or not is the caller's decision, which every
 * contender follows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class ObservationPairBenchmark {

	@Param({ "floor", "boot", "ours" })
	public String contender;

	@Param({ "true", "false" })
	public boolean sampled;

	@Param({ "8" })
	public int keyValues;

	@Param({ "false", "true" })
	public boolean metrics;

	private ObservationStack stack;

	private ObservationRegistry registry;

	private ObservationConvention<Observation.Context> serverConvention;

	private ObservationConvention<Observation.Context> clientConvention;

	private Map<String, String> incoming;

	@Setup(Level.Trial)
	public void setUp() {
		this.stack = ObservationStack.create(Contender.valueOf(this.contender.toUpperCase()), this.sampled,
				this.metrics);
		this.registry = this.stack.registry;
		this.serverConvention = ServerObservations.serverConvention(this.keyValues);
		this.clientConvention = ServerObservations.clientConvention(this.keyValues);
		this.incoming = Map.of("traceparent",
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-" + (this.sampled ? "01" : "00"), "tracestate",
				"vendor=opaque,other=1", "baggage", "tenant=acme,region=eu-west-1");
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.stack.close();
	}

	@Benchmark
	public Map<String, String> serverWithClientCall() {
		ReceiverContext<Map<String, String>> server = ServerObservations.serverContext(this.incoming);
		Observation parent = Observation.createNotStarted(null, this.serverConvention, () -> server, this.registry)
			.start();
		SenderContext<Map<String, String>> client = ServerObservations.clientContext(new HashMap<>());
		try (Observation.Scope scope = parent.openScope()) {
			Observation.createNotStarted(null, this.clientConvention, () -> client, this.registry).start().stop();
		}
		parent.stop();
		return client.getCarrier();
	}

}

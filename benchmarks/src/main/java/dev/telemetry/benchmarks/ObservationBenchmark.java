package dev.telemetry.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.telemetry.benchmarks.ObservationStack.Contender;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
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
 * Benchmark 1: what {@code Observation.start()} and {@code stop()} of one server request
 * cost through each contender, sampled and unsampled, with 0 and 8 key values, with and
 * without the meter handler. The request brings no trace context, so every observation
 * starts a new trace. The cost of tracing is a contender's time (and bytes) minus the
 * floor's in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class ObservationBenchmark {

	private static final Map<String, String> NO_HEADERS = Map.of();

	@Param({ "floor", "boot", "ours" })
	public String contender;

	@Param({ "true", "false" })
	public boolean sampled;

	@Param({ "0", "8" })
	public int keyValues;

	@Param({ "false", "true" })
	public boolean metrics;

	private ObservationStack stack;

	private ObservationRegistry registry;

	private ObservationConvention<Observation.Context> convention;

	@Setup(Level.Trial)
	public void setUp() {
		this.stack = ObservationStack.create(Contender.valueOf(this.contender.toUpperCase()), this.sampled,
				this.metrics);
		this.registry = this.stack.registry;
		this.convention = ServerObservations.serverConvention(this.keyValues);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.stack.close();
	}

	@Benchmark
	public Observation startStop() {
		ReceiverContext<Map<String, String>> context = ServerObservations.serverContext(NO_HEADERS);
		Observation observation = Observation.createNotStarted(null, this.convention, () -> context, this.registry)
			.start();
		observation.stop();
		return observation;
	}

}

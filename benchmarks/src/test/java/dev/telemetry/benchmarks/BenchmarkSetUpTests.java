package dev.telemetry.benchmarks;

import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the set-up and a few operations of the propagation, processor and JDBC benchmarks
 * outside JMH: their contenders must do the same work.
 */
@Timeout(60)
class BenchmarkSetUpTests {

	@ParameterizedTest
	@ValueSource(strings = { "ours", "otel" })
	void propagatorsWriteAndReadTheSameHeaders(String propagator) {
		PropagationBenchmark benchmark = new PropagationBenchmark();
		benchmark.propagator = propagator;
		benchmark.setUp();
		assertThat(benchmark.inject()).isEqualTo(PropagationBenchmark.HEADERS);
		Object extracted = benchmark.extract();
		assertThat(extracted.toString()).contains("4bf92f3577b34da6a3ce929d0e0e4736");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ours", "otel" })
	void processorsExportEveryOfferedSpanWhenNotOverloaded(String processor) {
		BatchProcessorBenchmark benchmark = new BatchProcessorBenchmark();
		benchmark.processor = processor;
		benchmark.setUp(null);
		BatchProcessorBenchmark.Producer producer = new BatchProcessorBenchmark.Producer();
		for (int i = 0; i < 1000; i++) {
			benchmark.oneProducer(producer);
		}
		producer.publish(benchmark);
		SpanCounter counter = benchmark.counter();
		benchmark.tearDown();
		assertThat(counter.spans).hasValue(1000);
	}

	@ParameterizedTest
	@ValueSource(strings = { "bare", "ours", "ours+boot-meter", "ours+boot-meter-group" })
	void jdbcContendersReadTheRowAndOnlyTheUngroupedMeterHandlerTimesIt(String contender) throws Exception {
		JdbcObservationBenchmark benchmark = new JdbcObservationBenchmark();
		benchmark.contender = contender;
		benchmark.setUp();
		try {
			for (int i = 0; i < 10; i++) {
				assertThat(benchmark.query()).isEqualTo("open");
			}
			assertThat(benchmark.measured()).isEqualTo(contender.equals("bare") ? 0 : 10);
			Timer timer = benchmark.bootMeters.find("db.client.operation").timer();
			assertThat((timer != null) ? timer.count() : 0).isEqualTo(contender.equals("ours+boot-meter") ? 10 : 0);
		}
		finally {
			benchmark.tearDown();
		}
	}

}

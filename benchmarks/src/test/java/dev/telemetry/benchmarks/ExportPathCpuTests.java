package dev.telemetry.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every contender of the export-path measurement delivers whole batches to the sink over
 * its own protocol, so the CPU it is charged with is the cost of a real export.
 */
@Timeout(60)
class ExportPathCpuTests {

	private OtlpSink sink;

	@BeforeEach
	void start() throws IOException {
		this.sink = new OtlpSink(0, 0);
		this.sink.start();
	}

	@AfterEach
	void stop() {
		this.sink.stop();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ours-grpc", "ours-http", "otel-grpc", "otel-http" })
	void aContenderDeliversEverySpanOfItsBatches(String name) throws Exception {
		SpanBatches spans = SpanBatches.create(SpanBatches.BATCH_SIZE);
		ExportPathCpu.Batch batch = new ExportPathCpu.Batch(spans.ours(), spans.otel());
		try (ExportPathCpu.Contender contender = ExportPathCpu.contender(name, this.sink.grpcPort(),
				this.sink.httpPort())) {
			assertThat(contender.export(batch)).isTrue();
			assertThat(contender.export(batch)).isTrue();
		}
		// The exporter reports success once the sink answered, which it does after
		// counting.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.sink.spans() < 2L * SpanBatches.BATCH_SIZE && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(this.sink.spans()).isEqualTo(2L * SpanBatches.BATCH_SIZE);
	}

	@Test
	void anUnknownContenderIsNamedInTheError() {
		assertThatIllegalArgumentException().isThrownBy(() -> ExportPathCpu.contender("zipkin", 1, 2))
			.withMessageContaining("zipkin");
	}

}

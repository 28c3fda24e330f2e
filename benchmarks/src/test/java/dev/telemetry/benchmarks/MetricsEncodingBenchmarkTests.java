package dev.telemetry.benchmarks;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fast checks of {@link MetricsEncodingBenchmark}'s set-up (never its timings).
 */
class MetricsEncodingBenchmarkTests {

	@Test
	void everyContenderWritesARequestOfTheSameSize() throws IOException {
		int[] sizes = new int[3];
		String[] encoders = { "ours", "otel-reusable", "otel-immutable" };
		for (int i = 0; i < encoders.length; i++) {
			MetricsEncodingBenchmark benchmark = new MetricsEncodingBenchmark();
			benchmark.encoder = encoders[i];
			benchmark.setUp();
			sizes[i] = benchmark.encode();
			assertThat(benchmark.encode()).as("a second collection").isEqualTo(sizes[i]);
		}
		assertThat(sizes[0]).isGreaterThan(MetricsEncodingBenchmark.METRICS * MetricsEncodingBenchmark.POINTS * 100);
		// The same fields in the same wire types make the same number of bytes.
		assertThat(sizes[1]).isEqualTo(sizes[0]);
		assertThat(sizes[2]).isEqualTo(sizes[0]);
	}

}

package dev.telemetry.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.sdk.trace.span.SpanData;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Benchmark 2: how many ended spans per second 1 and 2 producer threads can hand to a
 * batch processor (queue 2048, batches of 512, exporter that only counts), this project's
 * against OpenTelemetry's. A producer never waits: a full queue drops the span. Drops are
 * counted (offered minus exported, after the final flush of the shutdown) and printed at
 * the end of each trial as a {@code [drops]} line.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class BatchProcessorBenchmark {

	@Param({ "ours", "otel" })
	public String processor;

	private final AtomicLong offered = new AtomicLong();

	private SpanCounter counter;

	private BatchSpanProcessor ours;

	private SpanData oursSpan;

	private io.opentelemetry.sdk.trace.export.BatchSpanProcessor otel;

	private ReadableSpan otelSpan;

	private int threads;

	@Setup(Level.Trial)
	public void setUp(BenchmarkParams params) {
		this.threads = (params != null) ? params.getThreads() : 1;
		this.counter = new SpanCounter();
		if (this.processor.equals("ours")) {
			this.ours = BatchSpanProcessor.builder(this.counter.ours())
				.setMaxQueueSize(2048)
				.setMaxExportBatchSize(512)
				.setScheduleDelay(Duration.ofSeconds(5))
				.build();
			// An ended span, offered again and again: the processor only
			// queues a reference.
			dev.telemetry.sdk.trace.span.Span span = TracerProvider.builder()
				.build()
				.get("benchmark", null)
				.spanBuilder("span")
				.startSpan();
			span.end();
			this.oursSpan = (SpanData) span;
		}
		else {
			this.otel = io.opentelemetry.sdk.trace.export.BatchSpanProcessor.builder(this.counter.otel())
				.setMaxQueueSize(2048)
				.setMaxExportBatchSize(512)
				.setScheduleDelay(Duration.ofSeconds(5))
				.build();
			io.opentelemetry.api.trace.Span span = SdkTracerProvider.builder()
				.build()
				.get("benchmark")
				.spanBuilder("span")
				.startSpan();
			span.end();
			this.otelSpan = (ReadableSpan) span;
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		if (this.ours != null) {
			this.ours.shutdown().join(30, TimeUnit.SECONDS);
		}
		else {
			this.otel.shutdown().join(30, TimeUnit.SECONDS);
		}
		long offeredSpans = this.offered.get();
		long dropped = offeredSpans - this.counter.spans.get();
		String line = String.format(Locale.ROOT, "processor=%s threads=%d %.1f%% (%d of %d)", this.processor,
				this.threads, (offeredSpans > 0) ? 100.0 * dropped / offeredSpans : 0.0, dropped, offeredSpans);
		System.out.println("\n[drops] " + line);
		String file = System.getProperty(SideBySide.DROPS_PROPERTY);
		if (file != null) {
			try {
				Files.writeString(Path.of(file), line + "\n", StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	@Benchmark
	@Threads(1)
	public void oneProducer(Producer producer) {
		offer(producer);
	}

	@Benchmark
	@Threads(2)
	public void twoProducers(Producer producer) {
		offer(producer);
	}

	SpanCounter counter() {
		return this.counter;
	}

	private void offer(Producer producer) {
		if (this.ours != null) {
			this.ours.onEnd(this.oursSpan);
		}
		else {
			this.otel.onEnd(this.otelSpan);
		}
		producer.offered++;
	}

	/**
	 * Counts one producer's offers without sharing a cache line with the other producer.
	 */
	@State(Scope.Thread)
	public static class Producer {

		long offered;

		@TearDown(Level.Iteration)
		public void publish(BatchProcessorBenchmark benchmark) {
			benchmark.offered.addAndGet(this.offered);
			this.offered = 0;
		}

	}

}

package dev.telemetry.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.export.otlp.OtlpEncoder;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.testing.MetricSamples;
import dev.telemetry.testing.OtelMetricData;
import io.opentelemetry.exporter.internal.otlp.metrics.LowAllocationMetricsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Turning one collection of 1,000 histogram points (10 histograms of 100 points, four
 * attributes and 16 buckets each) into the bytes of one OTLP
 * {@code ExportMetricsServiceRequest}, written to a reused output buffer as a transport
 * would. Contenders:
 * <ul>
 * <li>{@code ours}: this project's encoder ({@link OtlpEncoder#metrics()}, the one its
 * exporters use), one instance reused across collections as an exporter keeps it;</li>
 * <li>{@code otel-reusable}: OpenTelemetry's
 * {@code LowAllocationMetricsRequestMarshaler}, its OTLP exporters' default
 * ({@code MemoryMode.REUSABLE_DATA}), reused;</li>
 * <li>{@code otel-immutable}: OpenTelemetry's {@code MetricsRequestMarshaler}, its
 * {@code IMMUTABLE_DATA} mode.</li>
 * </ul>
 * Both sides encode the same data (OpenTelemetry's is a copy of ours), and
 * {@code MetricsRequestEncoderTests} checks that the requests decode alike.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class MetricsEncodingBenchmark {

	/** Histograms per collection. */
	public static final int METRICS = 10;

	/** Points per histogram. */
	public static final int POINTS = 100;

	@Param({ "ours", "otel-reusable", "otel-immutable" })
	public String encoder;

	private List<MetricData> ours;

	private List<io.opentelemetry.sdk.metrics.data.MetricData> otel;

	private OtlpEncoder<MetricData> encoderOfOurs;

	private LowAllocationMetricsRequestMarshaler reusable;

	private ByteArrayOutputStream buffer;

	@Setup(Level.Trial)
	public void setUp() {
		this.ours = MetricSamples.histograms(METRICS, POINTS);
		this.otel = OtelMetricData.convert(this.ours);
		this.encoderOfOurs = OtlpEncoder.metrics();
		this.reusable = new LowAllocationMetricsRequestMarshaler();
		this.buffer = new ByteArrayOutputStream(512 * 1024);
	}

	@Benchmark
	public int encode() throws IOException {
		this.buffer.reset();
		switch (this.encoder) {
			case "ours" -> this.encoderOfOurs.writeTo(this.ours, this.buffer);
			case "otel-reusable" -> {
				this.reusable.initialize(this.otel);
				try {
					this.reusable.writeBinaryTo(this.buffer);
				}
				finally {
					this.reusable.reset();
				}
			}
			default -> MetricsRequestMarshaler.create(this.otel).writeBinaryTo(this.buffer);
		}
		return this.buffer.size();
	}

}

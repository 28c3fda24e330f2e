package dev.telemetry.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.trace.span.SpanData;
import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
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
 * Benchmark 3: turning a batch of 512 finished spans with 8 attributes each into the
 * bytes of one OTLP {@code ExportTraceServiceRequest}, written to a reused output buffer
 * as a transport would. Contenders:
 * <ul>
 * <li>{@code ours}: this project's encoder writing straight from the spans, one instance
 * reused across batches as an exporter keeps it;</li>
 * <li>{@code ours-messages}: this project's encoder building the protobuf message with
 * the generated builders, then serializing it;</li>
 * <li>{@code otel-reusable}: OpenTelemetry's {@code LowAllocationTraceRequestMarshaler},
 * which its OTLP exporters use by default ({@code MemoryMode.REUSABLE_DATA}), one
 * instance reused across batches;</li>
 * <li>{@code otel-immutable}: OpenTelemetry's {@code TraceRequestMarshaler}, its
 * {@code IMMUTABLE_DATA} mode.</li>
 * </ul>
 * Both SDKs recorded the same spans, and the set-up checks that the bytes decode to the
 * same request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class OtlpEncodingBenchmark {

	@Param({ "ours", "ours-messages", "otel-reusable", "otel-immutable" })
	public String encoder;

	private List<SpanData> ours;

	private List<io.opentelemetry.sdk.trace.data.SpanData> otel;

	private LowAllocationTraceRequestMarshaler reusable;

	private OtlpEncodings encodings;

	private ReusableBuffer buffer;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		SpanBatches batches = SpanBatches.create(SpanBatches.BATCH_SIZE);
		this.ours = batches.ours();
		this.otel = batches.otel();
		this.reusable = new LowAllocationTraceRequestMarshaler();
		this.encodings = new OtlpEncodings();
		this.buffer = new ReusableBuffer(256 * 1024);
		EncodingEquivalence.check(encodeOurs(this.ours), encodeOtel(this.otel));
	}

	@Benchmark
	public int encode() throws IOException {
		this.buffer.reset();
		switch (this.encoder) {
			case "ours" -> this.encodings.writeDirect(this.ours, this.buffer);
			case "ours-messages" -> OtlpEncodings.writeMessage(this.ours, this.buffer);
			case "otel-reusable" -> {
				this.reusable.initialize(this.otel);
				try {
					this.reusable.writeBinaryTo(this.buffer);
				}
				finally {
					this.reusable.reset();
				}
			}
			default -> TraceRequestMarshaler.create(this.otel).writeBinaryTo(this.buffer);
		}
		return this.buffer.size();
	}

	static byte[] encodeOurs(List<SpanData> spans) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		new OtlpEncodings().writeDirect(spans, out);
		byte[] direct = out.toByteArray();
		out.reset();
		OtlpEncodings.writeMessage(spans, out);
		if (!Arrays.equals(direct, out.toByteArray())) {
			throw new IllegalStateException("The direct and the message encodings differ");
		}
		return direct;
	}

	static byte[] encodeOtel(List<io.opentelemetry.sdk.trace.data.SpanData> spans) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		TraceRequestMarshaler.create(spans).writeBinaryTo(out);
		return out.toByteArray();
	}

	/**
	 * A byte buffer that keeps its array between batches, like a transport's write
	 * buffer.
	 */
	static final class ReusableBuffer extends ByteArrayOutputStream {

		ReusableBuffer(int size) {
			super(size);
		}

	}

}

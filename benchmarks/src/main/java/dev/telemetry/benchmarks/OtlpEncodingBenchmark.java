package dev.telemetry.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
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
 * Benchmark 3: turning a batch of 512 finished spans ({@link SpanBatches}) into the bytes
 * of one OTLP {@code ExportTraceServiceRequest}, written to a reused output buffer as a
 * transport would. Contenders:
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

	/**
	 * The batch's {@link SpanBatches.Shape}: {@code MIXED}, or {@code ORDERS} for the
	 * sample application's SERVER and JDBC span pairs.
	 */
	@Param({ "MIXED", "ORDERS" })
	public String shape;

	/**
	 * How many different batches the benchmark takes in turn: 1 keeps the batch in the
	 * CPU's caches, as no exporter sees it; 128 (65,536 spans, more memory than the
	 * caches) makes every batch as cold as the spans an exporter's thread reads long
	 * after the application's threads wrote them.
	 */
	@Param("1")
	public int batches;

	private int next;

	private List<List<SpanData>> ours;

	private List<List<io.opentelemetry.sdk.trace.data.SpanData>> otel;

	private LowAllocationTraceRequestMarshaler reusable;

	private OtlpEncodings encodings;

	private ReusableBuffer buffer;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.ours = new ArrayList<>(this.batches);
		this.otel = new ArrayList<>(this.batches);
		for (int i = 0; i < this.batches; i++) {
			SpanBatches batch = SpanBatches.create(SpanBatches.BATCH_SIZE, SpanBatches.Shape.valueOf(this.shape));
			this.ours.add(batch.ours());
			this.otel.add(batch.otel());
		}
		this.reusable = new LowAllocationTraceRequestMarshaler();
		this.encodings = new OtlpEncodings();
		this.buffer = new ReusableBuffer(256 * 1024);
		EncodingEquivalence.check(encodeOurs(this.ours.get(0)), encodeOtel(this.otel.get(0)));
	}

	@Benchmark
	public int encode() throws IOException {
		this.buffer.reset();
		int batch = this.next;
		this.next = (batch + 1 == this.batches) ? 0 : batch + 1;
		switch (this.encoder) {
			case "ours" -> this.encodings.writeDirect(this.ours.get(batch), this.buffer);
			case "ours-messages" -> OtlpEncodings.writeMessage(this.ours.get(batch), this.buffer);
			case "otel-reusable" -> {
				this.reusable.initialize(this.otel.get(batch));
				try {
					this.reusable.writeBinaryTo(this.buffer);
				}
				finally {
					this.reusable.reset();
				}
			}
			default -> TraceRequestMarshaler.create(this.otel.get(batch)).writeBinaryTo(this.buffer);
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

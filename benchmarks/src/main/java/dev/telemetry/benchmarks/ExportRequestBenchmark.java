package dev.telemetry.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.export.otlp.ExportRequestPaths;
import dev.telemetry.sdk.trace.span.SpanData;
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
 * What the exporter's thread does with a batch of 512 spans before the transport's own
 * work: encode it and hand the bytes to gRPC's framer (drained into a reused buffer, as
 * gRPC drains into its frame buffer) or to the JDK's HTTP client (published to a
 * subscriber that copies every buffer into a reused buffer, as the socket write does).
 * <ul>
 * <li>{@code copy}: as the exporters did before issue #17: the encoder's buffer copied
 * into a new array, and for HTTP that array copied again by
 * {@code BodyPublishers.ofByteArray};</li>
 * <li>{@code hand-off}: the encoder's buffer handed over with the request and taken back
 * when the request is accepted; for HTTP, published as one buffer that wraps it.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class ExportRequestBenchmark {

	@Param({ "copy", "hand-off" })
	public String request;

	private List<SpanData> spans;

	private ExportRequestPaths paths;

	private Sink sink;

	@Setup(Level.Trial)
	public void setUp() {
		this.spans = SpanBatches.create(SpanBatches.BATCH_SIZE).ours();
		this.paths = "copy".equals(this.request) ? ExportRequestPaths.copying() : ExportRequestPaths.handingOff();
		this.sink = new Sink(512 * 1024);
	}

	@Benchmark
	public int grpc() throws IOException {
		this.sink.reset();
		return this.paths.grpc(this.spans, this.sink);
	}

	@Benchmark
	public int http() throws IOException {
		this.sink.reset();
		return this.paths.http(this.spans, this.sink);
	}

	/**
	 * A reused buffer that takes what a stream drains and what a publisher publishes.
	 */
	static final class Sink extends ByteArrayOutputStream implements Flow.Subscriber<ByteBuffer> {

		Sink(int size) {
			super(size);
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(ByteBuffer item) {
			int length = item.remaining();
			if (this.count + length > this.buf.length) {
				this.buf = Arrays.copyOf(this.buf, Math.max(this.buf.length * 2, this.count + length));
			}
			item.get(this.buf, this.count, length);
			this.count += length;
		}

		@Override
		public void onError(Throwable throwable) {
			throw new IllegalStateException(throwable);
		}

		@Override
		public void onComplete() {
		}

	}

}

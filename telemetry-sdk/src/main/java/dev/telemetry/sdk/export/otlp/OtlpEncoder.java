package dev.telemetry.sdk.export.otlp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.Objects;

import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.trace.span.SpanData;

/**
 * Encodes batches into the bytes of OTLP export requests, exactly as this SDK's OTLP
 * exporters send them ({@code ExportTraceServiceRequest} for spans,
 * {@code ExportMetricsServiceRequest} for metrics): for a transport of your own (a file,
 * a message queue) or for measuring the encoding. No protobuf type appears in its API.
 * <p>
 * An instance keeps its buffers and reuses them from batch to batch, so it allocates next
 * to nothing per batch once they have grown to the largest one. Not thread-safe: use one
 * instance per thread.
 *
 * @param <T> the type of the items: {@link SpanData} or {@link MetricData}
 */
public final class OtlpEncoder<T> {

	private final RequestEncoder<T> encoder;

	OtlpEncoder(RequestEncoder<T> encoder) {
		this.encoder = encoder;
	}

	/**
	 * Returns a new encoder of {@code ExportTraceServiceRequest}s.
	 * @return the encoder
	 */
	public static OtlpEncoder<SpanData> spans() {
		return new OtlpEncoder<>(new TraceRequestEncoder());
	}

	/**
	 * Returns a new encoder of {@code ExportMetricsServiceRequest}s.
	 * @return the encoder
	 */
	public static OtlpEncoder<MetricData> metrics() {
		return new OtlpEncoder<>(new MetricsRequestEncoder());
	}

	/**
	 * Encodes a batch into a new array of exactly the request's bytes.
	 * @param items the items, grouped by resource and scope in order of first appearance
	 * @return the request's bytes
	 * @throws RuntimeException for malformed input, such as a span without a name; the
	 * encoder remains usable
	 */
	public byte[] toByteArray(Collection<? extends T> items) {
		return this.encoder.toByteArray(Objects.requireNonNull(items, "items"));
	}

	/**
	 * Encodes a batch and writes the request's bytes to a stream, without an intermediate
	 * copy.
	 * @param items the items, grouped by resource and scope in order of first appearance
	 * @param out where the bytes go
	 * @throws IOException if the stream fails
	 * @throws RuntimeException for malformed input, such as a span without a name; the
	 * encoder remains usable
	 */
	public void writeTo(Collection<? extends T> items, OutputStream out) throws IOException {
		int length = this.encoder.write(Objects.requireNonNull(items, "items"));
		out.write(this.encoder.buffer(), 0, length);
	}

}

package dev.telemetry.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;

import dev.telemetry.sdk.export.otlp.OtlpEncoder;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.testing.TraceRequestMessages;

/**
 * This project's two ways from a batch to request bytes.
 */
final class OtlpEncodings {

	private final OtlpEncoder<SpanData> encoder = OtlpEncoder.spans();

	/**
	 * Writes straight from the spans, with an encoder reused from batch to batch as an
	 * exporter keeps one.
	 */
	void writeDirect(Collection<? extends SpanData> spans, OutputStream out) throws IOException {
		this.encoder.writeTo(spans, out);
	}

	/**
	 * Builds the protobuf message with the generated builders (the test fixture the
	 * encoder's tests compare with), then serializes it, as a transport that takes a
	 * message does.
	 */
	static void writeMessage(Collection<? extends SpanData> spans, OutputStream out) throws IOException {
		TraceRequestMessages.encode(spans).writeTo(out);
	}

}

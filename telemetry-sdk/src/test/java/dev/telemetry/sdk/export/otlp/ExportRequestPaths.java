package dev.telemetry.sdk.export.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.concurrent.Flow;

import dev.telemetry.sdk.trace.span.SpanData;
import io.grpc.Drainable;

/**
 * The two ways a batch's bytes have gone from the encoder to a transport, for the
 * benchmarks: {@link #copying() copying} them into an array of their own, as the
 * exporters did before issue #17 (and, for HTTP, publishing that array with
 * {@code BodyPublishers.ofByteArray} of the JDK's client, which copies it again), or
 * {@link #handingOff() handing} the encoder's buffer over and taking it back once the
 * request is accepted, as they do now (for HTTP, written to the socket straight from the
 * buffer). Not thread-safe: one instance per thread.
 */
public final class ExportRequestPaths {

	private final TraceRequestEncoder encoder = new TraceRequestEncoder();

	private final boolean handOff;

	private ExportRequestPaths(boolean handOff) {
		this.handOff = handOff;
	}

	/**
	 * Returns the path that copies.
	 * @return a new instance
	 */
	public static ExportRequestPaths copying() {
		return new ExportRequestPaths(false);
	}

	/**
	 * Returns the path that hands the encoder's buffer over.
	 * @return a new instance
	 */
	public static ExportRequestPaths handingOff() {
		return new ExportRequestPaths(true);
	}

	/**
	 * Encodes a batch and drains it as gRPC's framer does, then releases the request as
	 * an accepted export does.
	 * @param spans the batch
	 * @param frames where gRPC's framer would write
	 * @return the number of bytes drained
	 * @throws IOException if the target fails
	 */
	public int grpc(Collection<? extends SpanData> spans, OutputStream frames) throws IOException {
		EncodedRequest request = encode(spans);
		int drained;
		try (InputStream stream = GrpcTransport.requestMarshaller().stream(request)) {
			drained = ((Drainable) stream).drainTo(frames);
		}
		request.release();
		return drained;
	}

	/**
	 * Encodes a batch and sends it as the HTTP transport's body, then releases the
	 * request as an accepted export does.
	 * @param <S> a socket that takes both forms
	 * @param spans the batch
	 * @param socket receives the body: written as {@link Http1Connection} writes it, or
	 * as buffers from the JDK client's publisher
	 * @return the request's size
	 * @throws IOException if the socket fails
	 */
	public <S extends OutputStream & Flow.Subscriber<ByteBuffer>> int http(Collection<? extends SpanData> spans,
			S socket) throws IOException {
		EncodedRequest request = encode(spans);
		if (this.handOff) {
			socket.write(request.bytes(), 0, request.length());
		}
		else {
			HttpRequest.BodyPublishers.ofByteArray(request.bytes(), 0, request.length()).subscribe(socket);
		}
		request.release();
		return request.length();
	}

	private EncodedRequest encode(Collection<? extends SpanData> spans) {
		return this.handOff ? this.encoder.toRequest(spans) : EncodedRequest.of(this.encoder.toByteArray(spans));
	}

}

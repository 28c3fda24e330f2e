package dev.telemetry.sdk.export.otlp;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * The bytes of one encoded request, in an encoder's own buffer that it handed over
 * instead of copying: the transports send {@code bytes[0, length)} as they are (gRPC
 * drains them into its frames, the HTTP client writes them to the socket), and every
 * attempt of the export sends the same bytes. Once the collector has accepted the
 * request, {@link #release()} gives the buffer back to its encoder for the next request,
 * so a steady stream of exports neither copies nor allocates its requests.
 * <p>
 * Only an accepted request is released: an attempt that failed or was cancelled may leave
 * the buffer queued in a transport that has not finished with it, so such a buffer is
 * simply left to the garbage collector.
 */
final class EncodedRequest {

	private final byte[] bytes;

	private final int length;

	private final @Nullable AtomicReference<byte @Nullable []> owner;

	private EncodedRequest(byte[] bytes, int length, @Nullable AtomicReference<byte @Nullable []> owner) {
		this.bytes = bytes;
		this.length = length;
		this.owner = owner;
	}

	/**
	 * Wraps bytes that nobody reuses.
	 * @param bytes the whole request
	 * @return the request
	 */
	static EncodedRequest of(byte[] bytes) {
		return new EncodedRequest(bytes, bytes.length, null);
	}

	/**
	 * Wraps the start of an encoder's buffer, which {@link #release()} hands back through
	 * {@code owner}.
	 * @param bytes the buffer
	 * @param length how many bytes at its start are the request
	 * @param owner where the encoder takes its buffer back from
	 * @return the request
	 */
	static EncodedRequest handedOver(byte[] bytes, int length, AtomicReference<byte @Nullable []> owner) {
		return new EncodedRequest(bytes, length, owner);
	}

	/**
	 * Returns the buffer; only its first {@link #length()} bytes are the request.
	 * @return the buffer, not a copy
	 */
	byte[] bytes() {
		return this.bytes;
	}

	/**
	 * Returns the request's size.
	 * @return the number of bytes
	 */
	int length() {
		return this.length;
	}

	/**
	 * Returns a copy of exactly the request's bytes.
	 * @return a new array
	 */
	byte[] toByteArray() {
		return Arrays.copyOf(this.bytes, this.length);
	}

	/**
	 * Gives the buffer back to its encoder. Call only when no transport reads it any
	 * more, at most once; after it, neither this object nor the buffer may be used.
	 */
	void release() {
		if (this.owner != null) {
			this.owner.set(this.bytes);
		}
	}

}

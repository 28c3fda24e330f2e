package dev.telemetry.sdk.export.otlp;

import java.util.function.Consumer;

/**
 * Moves one encoded request to the collector and reports what became of it; the retry
 * policy, logging and statistics live in {@link RetryingExporter}, which is the same for
 * every transport.
 * <p>
 * Implementations are thread-safe and block no thread but an
 * {@link dev.telemetry.sdk.internal.ExportThread}, and that one at most for the timeout,
 * and only when it waits that long (see
 * {@link dev.telemetry.sdk.internal.ExportThread#mayBlockFor(long)}).
 */
interface OtlpTransport {

	/**
	 * Prepares a request for sending, once: whatever the transport does to the bytes
	 * (compressing, say) happens here, so that retries only send again.
	 * @param request the serialized request; not modified, and read until the call is no
	 * longer needed
	 * @return a call that can be sent several times
	 * @throws RuntimeException when the request cannot be prepared; the export then fails
	 * without retries
	 */
	Call newCall(EncodedRequest request);

	/**
	 * Stops taking new calls and lets those in flight finish. Does not block.
	 */
	void shutdown();

	/**
	 * Cancels the calls still in flight; each reports an outcome of kind
	 * {@link AttemptOutcome#SHUTDOWN} or a cancellation. Does not block.
	 */
	void shutdownNow();

	/**
	 * Returns whether every call has ended and every connection is closed after a
	 * shutdown.
	 * @return whether terminated
	 */
	boolean isTerminated();

	/**
	 * One prepared request.
	 */
	interface Call {

		/**
		 * Sends the request once. Returns at once; the callback runs exactly once, on a
		 * thread of the transport, when the collector answers, the timeout passes or the
		 * connection fails. A transport may instead, on an
		 * {@link dev.telemetry.sdk.internal.ExportThread} that may block for the timeout,
		 * send on the calling thread, within the timeout, and usually run the callback
		 * before returning; it may also run on another thread while this call is still on
		 * the caller's stack.
		 * @param timeoutNanos how long this attempt may take
		 * @param callback receives the outcome; must not throw
		 */
		void send(long timeoutNanos, Consumer<AttemptOutcome> callback);

	}

}

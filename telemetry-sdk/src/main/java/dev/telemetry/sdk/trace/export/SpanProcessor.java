package dev.telemetry.sdk.trace.export;

import java.io.Closeable;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanData;

/**
 * Sees every recording span as it starts and ends; typically hands ended spans to an
 * exporter.
 * <p>
 * {@link #onStart} and {@link #onEnd} run on the application's thread: implementations
 * must be thread-safe and must neither block nor throw.
 *
 * @since 0.1.0
 */
public interface SpanProcessor extends Closeable {

	/**
	 * Called when a recording span starts.
	 * @param parentContext the context the span was started in
	 * @param span the span, still open for writes
	 */
	void onStart(Context parentContext, Span span);

	/**
	 * Returns whether {@link #onStart} does anything, so spans can skip the call.
	 * @return whether start events are wanted
	 */
	boolean isStartRequired();

	/**
	 * Called once when a recording span ends.
	 * @param span the ended span; its data no longer changes
	 */
	void onEnd(SpanData span);

	/**
	 * Returns whether {@link #onEnd} does anything, so spans can skip the call.
	 * @return whether end events are wanted
	 */
	boolean isEndRequired();

	/**
	 * Exports everything ended so far.
	 * @return completes when done
	 */
	CompletableResult forceFlush();

	/**
	 * Flushes and releases resources; idempotent.
	 * @return completes when done
	 */
	CompletableResult shutdown();

	/**
	 * Shuts down, waiting at most ten seconds.
	 */
	@Override
	default void close() {
		shutdown().join(10, TimeUnit.SECONDS);
	}

	/**
	 * Returns a processor that calls each of the given processors in order.
	 * @param processors the processors
	 * @return a no-op processor for none, the processor itself for one, else a composite
	 */
	static SpanProcessor composite(List<SpanProcessor> processors) {
		return switch (processors.size()) {
			case 0 -> NoopSpanProcessor.INSTANCE;
			case 1 -> processors.get(0);
			default -> new CompositeSpanProcessor(processors);
		};
	}

}

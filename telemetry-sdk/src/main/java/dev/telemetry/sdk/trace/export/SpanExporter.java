package dev.telemetry.sdk.trace.export;

import java.util.Collection;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.trace.span.SpanData;

/**
 * Sends batches of ended spans somewhere, typically an OTLP endpoint.
 * <p>
 * Called from the batch processor's worker thread, never from the application's; one call
 * at a time. An implementation must not throw: it reports failure through the result.
 *
 * @since 0.1.0
 */
public interface SpanExporter {

	/**
	 * Exports a batch. The collection is only valid until the returned result completes.
	 * @param spans the spans to export
	 * @return completes when the batch has been accepted or has failed
	 */
	CompletableResult export(Collection<SpanData> spans);

	/**
	 * Exports anything buffered inside the exporter.
	 * @return completes when done
	 */
	CompletableResult flush();

	/**
	 * Releases connections and threads; idempotent. Exports after shutdown fail.
	 * @return completes when done
	 */
	CompletableResult shutdown();

	/**
	 * Returns an exporter that discards every span successfully.
	 * @return a no-op exporter
	 */
	static SpanExporter noop() {
		return NoopSpanExporter.INSTANCE;
	}

}

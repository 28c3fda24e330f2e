package dev.telemetry.sdk.export.otlp;

import org.jspecify.annotations.Nullable;

/**
 * Told when an export of an {@link OtlpExporter} has ended, once per export, after its
 * last attempt: for self-metrics that need each export's duration, such as a histogram.
 * Runs on the thread that completes the export (the exporter's, the transport's, or a
 * batch processor's worker when the OTLP/HTTP exporter sends on it), so it must be quick
 * and must not block; what it throws is ignored.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ExportListener {

	/**
	 * Called when an export has ended.
	 * @param durationNanos how long the export took, from the call to its outcome,
	 * retries and waits included
	 * @param errorType {@code null} when the collector accepted the export (partial
	 * successes included), else the kind of its last failure, as
	 * {@link ExporterStatistics#itemsFailedByKind()} counts it
	 */
	void exportEnded(long durationNanos, @Nullable String errorType);

}

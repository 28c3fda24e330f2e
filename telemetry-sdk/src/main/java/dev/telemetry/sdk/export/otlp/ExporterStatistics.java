package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of what an OTLP exporter has done since it was created, for any signal: the
 * <em>items</em> are the spans of a span exporter and the data points of a metric
 * exporter. An <em>export</em> is one call of {@code export} with at least one item; it
 * ends in success or failure after one attempt or more. The counters only grow.
 * <p>
 * Immutable. The counters are read one after the other while exports may be completing,
 * so a snapshot taken under load may be off by the exports that finished while it was
 * taken; each counter on its own is exact.
 *
 * @param exportsAttempted exports started, whatever their outcome
 * @param exportsSucceeded exports the collector accepted (including partial successes)
 * @param exportsFailed exports that failed for good: not retryable, out of attempts or of
 * time, after shutdown, or not encodable
 * @param itemsExported items the collector accepted
 * @param itemsFailed items of failed exports
 * @param itemsRejected items the collector refused in a partial success; not counted as
 * exported nor as failed
 * @param itemsInFlight items of exports that have not ended yet, waiting for an answer or
 * for a retry; they are held in encoded form, not as objects
 * @param retries attempts after the first, over all exports
 * @param lastErrorKind the kind of the latest failed attempt (a gRPC status code such as
 * {@code UNAVAILABLE}, {@code HTTP 503}, or an I/O kind such as
 * {@code CONNECTION_REFUSED}), or {@code null} if no attempt has failed
 * @param lastErrorTime when the latest attempt failed, or {@code null}
 * @param lastSuccessTime when the collector last accepted an export, or {@code null}
 * @param lastExportLatency how long the most recently ended export took, from the call to
 * its outcome, retries and waits included; zero before the first
 * @param maxExportLatency the longest any export took
 * @param totalExportLatency the sum over all ended exports, for the mean
 * @param lastErrorMessage what went wrong in the latest failed attempt and its likely
 * cause, with the header values masked, or {@code null} if no attempt has failed
 * @param failingSince when the first attempt failed that has not been followed by a
 * success, or {@code null} while exports work
 * @param itemsFailedByKind {@code itemsFailed} by the kind of the export's last failed
 * attempt ({@code SHUTDOWN} for exports ended by the shutdown, {@code BUDGET} for exports
 * that ran out of time between attempts)
 * @since 0.1.0
 */
public record ExporterStatistics(long exportsAttempted, long exportsSucceeded, long exportsFailed, long itemsExported,
		long itemsFailed, long itemsRejected, long itemsInFlight, long retries, @Nullable String lastErrorKind,
		@Nullable Instant lastErrorTime, @Nullable Instant lastSuccessTime, Duration lastExportLatency,
		Duration maxExportLatency, Duration totalExportLatency, @Nullable String lastErrorMessage,
		@Nullable Instant failingSince, Map<String, Long> itemsFailedByKind) {

	/**
	 * Copies the map.
	 */
	public ExporterStatistics {
		itemsFailedByKind = Map.copyOf(itemsFailedByKind);
	}

	/**
	 * Returns how many exports have ended, successfully or not.
	 * @return the count
	 */
	public long exportsEnded() {
		return this.exportsSucceeded + this.exportsFailed;
	}

	/**
	 * Returns the mean time an ended export took.
	 * @return the mean, or zero before the first export ended
	 */
	public Duration meanExportLatency() {
		long ended = exportsEnded();
		return (ended > 0) ? this.totalExportLatency.dividedBy(ended) : Duration.ZERO;
	}

}

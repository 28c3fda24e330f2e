package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * The counters behind {@link ExporterStatistics}, for any signal: the items are spans or
 * data points. Updated once per export or attempt, never per item, so plain atomics are
 * cheap enough. Thread-safe and lock-free.
 */
final class StatisticsRecorder {

	private final AtomicLong exportsAttempted = new AtomicLong();

	private final AtomicLong exportsSucceeded = new AtomicLong();

	private final AtomicLong exportsFailed = new AtomicLong();

	private final AtomicLong itemsExported = new AtomicLong();

	private final AtomicLong itemsFailed = new AtomicLong();

	private final AtomicLong itemsRejected = new AtomicLong();

	private final AtomicLong itemsInFlight = new AtomicLong();

	private final AtomicLong retries = new AtomicLong();

	private final AtomicReference<@Nullable LastError> lastError = new AtomicReference<>();

	// Epoch nanoseconds; 0 means never.
	private final AtomicLong lastSuccessEpochNanos = new AtomicLong();

	private final AtomicLong lastLatencyNanos = new AtomicLong();

	private final AtomicLong maxLatencyNanos = new AtomicLong();

	private final AtomicLong totalLatencyNanos = new AtomicLong();

	// Epoch nanoseconds of the first failed attempt since the last success; 0 while
	// exports work.
	private final AtomicLong failingSinceEpochNanos = new AtomicLong();

	private final ConcurrentMap<String, AtomicLong> itemsFailedByKind = new ConcurrentHashMap<>();

	private volatile @Nullable ExportListener listener;

	void setListener(@Nullable ExportListener listener) {
		this.listener = listener;
	}

	void exportStarted(int items) {
		this.exportsAttempted.incrementAndGet();
		this.itemsInFlight.addAndGet(items);
	}

	void exportSucceeded(int items, long rejected, long epochNanos, long latencyNanos) {
		this.itemsInFlight.addAndGet(-items);
		this.itemsExported.addAndGet(items - rejected);
		this.itemsRejected.addAndGet(rejected);
		this.lastSuccessEpochNanos.set(epochNanos);
		this.failingSinceEpochNanos.set(0);
		this.exportsSucceeded.incrementAndGet();
		recordLatency(latencyNanos);
		exportEnded(latencyNanos, null);
	}

	void exportFailed(int items, long latencyNanos, String kind) {
		this.itemsInFlight.addAndGet(-items);
		this.itemsFailed.addAndGet(items);
		// A handful of kinds at most: the map stays small.
		this.itemsFailedByKind.computeIfAbsent(kind, (key) -> new AtomicLong()).addAndGet(items);
		this.exportsFailed.incrementAndGet();
		recordLatency(latencyNanos);
		exportEnded(latencyNanos, kind);
	}

	private void exportEnded(long latencyNanos, @Nullable String kind) {
		ExportListener listener = this.listener;
		if (listener != null) {
			try {
				listener.exportEnded(Math.max(0, latencyNanos), kind);
			}
			catch (VirtualMachineError ex) {
				throw ex;
			}
			catch (Throwable ex) {
				// A self-metric must not turn an export's outcome into an exception on
				// the transport's thread, nor keep the export from ending: an Error such
				// as a NoClassDefFoundError from the listener's meter library included.
			}
		}
	}

	void attemptFailed(String kind, String message, long epochNanos) {
		this.lastError.set(new LastError(kind, message, epochNanos));
		this.failingSinceEpochNanos.compareAndSet(0, epochNanos);
	}

	void retried() {
		this.retries.incrementAndGet();
	}

	private void recordLatency(long latencyNanos) {
		long latency = Math.max(0, latencyNanos);
		this.lastLatencyNanos.set(latency);
		this.totalLatencyNanos.addAndGet(latency);
		this.maxLatencyNanos.accumulateAndGet(latency, Math::max);
	}

	ExporterStatistics snapshot() {
		LastError error = this.lastError.get();
		long lastSuccess = this.lastSuccessEpochNanos.get();
		long failingSince = this.failingSinceEpochNanos.get();
		Map<String, Long> failedByKind = new HashMap<>();
		this.itemsFailedByKind.forEach((kind, count) -> failedByKind.put(kind, count.get()));
		return new ExporterStatistics(this.exportsAttempted.get(), this.exportsSucceeded.get(),
				this.exportsFailed.get(), this.itemsExported.get(), this.itemsFailed.get(), this.itemsRejected.get(),
				this.itemsInFlight.get(), this.retries.get(), (error != null) ? error.kind() : null,
				(error != null) ? instant(error.epochNanos()) : null, (lastSuccess != 0) ? instant(lastSuccess) : null,
				Duration.ofNanos(this.lastLatencyNanos.get()), Duration.ofNanos(this.maxLatencyNanos.get()),
				Duration.ofNanos(this.totalLatencyNanos.get()), (error != null) ? error.message() : null,
				(failingSince != 0) ? instant(failingSince) : null, failedByKind);
	}

	private static Instant instant(long epochNanos) {
		return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
				Math.floorMod(epochNanos, 1_000_000_000L));
	}

	private record LastError(String kind, String message, long epochNanos) {
	}

}

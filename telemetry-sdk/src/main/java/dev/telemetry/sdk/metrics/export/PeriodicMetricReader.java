package dev.telemetry.sdk.metrics.export;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.internal.ThrottledLogger;
import dev.telemetry.sdk.metrics.Aggregation;
import dev.telemetry.sdk.metrics.InstrumentType;
import dev.telemetry.sdk.metrics.MetricProducer;
import dev.telemetry.sdk.metrics.MetricReader;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;
import dev.telemetry.sdk.metrics.data.MetricData;
import org.jspecify.annotations.Nullable;

/**
 * Collects the meter provider's metrics at a fixed interval and hands them to a
 * {@link MetricExporter}, on one daemon thread named {@value #THREAD_NAME}. The
 * temporality and default aggregation are the exporter's.
 * <p>
 * Each run waits at most the timeout for the asynchronous callbacks and at most the
 * timeout again for the exporter; a run that fails or times out is logged rate-limited
 * and the next run goes on as planned. Runs never overlap: {@link #forceFlush()} and
 * {@link #shutdown()} queue a run on the same thread and return at once.
 * <p>
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class PeriodicMetricReader implements MetricReader {

	/** The default interval ({@code OTEL_METRIC_EXPORT_INTERVAL}). */
	public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

	/** The default timeout ({@code OTEL_METRIC_EXPORT_TIMEOUT}). */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	/** The name of the reader's thread, as thread dumps show it. */
	public static final String THREAD_NAME = "telemetry-metric-reader";

	private static final Logger logger = Logger.getLogger(PeriodicMetricReader.class.getName());

	private final MetricExporter exporter;

	private final Duration interval;

	private final Duration timeout;

	private final ScheduledExecutorService scheduler;

	private final boolean ownsScheduler;

	private final AtomicReference<@Nullable MetricProducer> producer = new AtomicReference<>();

	private final AtomicBoolean shutdown = new AtomicBoolean();

	private final CompletableResult shutdownResult = new CompletableResult();

	private final ThrottledLogger failureLogger = new ThrottledLogger(logger, Duration.ofMinutes(1), Clock.system());

	private volatile @Nullable ScheduledFuture<?> schedule;

	PeriodicMetricReader(PeriodicMetricReaderBuilder builder) {
		this.exporter = builder.exporter;
		this.interval = builder.interval;
		this.timeout = builder.timeout;
		this.ownsScheduler = builder.scheduler == null;
		this.scheduler = (builder.scheduler != null) ? builder.scheduler
				: Executors.newSingleThreadScheduledExecutor((runnable) -> {
					Thread thread = new Thread(runnable, THREAD_NAME);
					thread.setDaemon(true);
					return thread;
				});
	}

	/**
	 * Returns a new builder.
	 * @param exporter where the metrics go
	 * @return the builder
	 */
	public static PeriodicMetricReaderBuilder builder(MetricExporter exporter) {
		return new PeriodicMetricReaderBuilder(exporter);
	}

	/**
	 * Returns a reader with the default interval and timeout.
	 * @param exporter where the metrics go
	 * @return the reader
	 */
	public static PeriodicMetricReader create(MetricExporter exporter) {
		return builder(exporter).build();
	}

	@Override
	public void register(MetricProducer producer) {
		if (!this.producer.compareAndSet(null, producer)) {
			throw new IllegalStateException("this reader is already registered with a meter provider");
		}
		long nanos = this.interval.toNanos();
		try {
			this.schedule = this.scheduler.scheduleAtFixedRate(this::run, nanos, nanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.log(Level.WARNING, "Metrics will not be exported: the reader's scheduler is shut down", ex);
		}
	}

	@Override
	public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
		return this.exporter.getAggregationTemporality(instrumentType);
	}

	@Override
	public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
		return this.exporter.getDefaultAggregation(instrumentType);
	}

	@Override
	public CompletableResult forceFlush() {
		CompletableResult result = new CompletableResult();
		try {
			this.scheduler.execute(() -> {
				if (run()) {
					CompletableResult flushed = this.exporter.flush();
					flushed.whenComplete(() -> {
						if (flushed.isSuccess()) {
							result.succeed();
						}
						else {
							result.fail(flushed.getFailure());
						}
					});
				}
				else {
					result.fail(null);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			result.fail(ex);
		}
		return result;
	}

	@Override
	public CompletableResult shutdown() {
		if (!this.shutdown.compareAndSet(false, true)) {
			return this.shutdownResult;
		}
		ScheduledFuture<?> scheduled = this.schedule;
		if (scheduled != null) {
			scheduled.cancel(false);
		}
		try {
			this.scheduler.execute(this::finish);
		}
		catch (RejectedExecutionException ex) {
			finish();
		}
		return this.shutdownResult;
	}

	private void finish() {
		run();
		CompletableResult exporterShutdown;
		try {
			exporterShutdown = this.exporter.shutdown();
		}
		catch (Throwable ex) {
			rethrowIfFatal(ex);
			exporterShutdown = new CompletableResult().fail(ex);
		}
		exporterShutdown.whenComplete(() -> {
			if (this.ownsScheduler) {
				this.scheduler.shutdown();
			}
			this.shutdownResult.succeed();
		});
	}

	/**
	 * Collects and exports once, on the scheduler's thread.
	 * @return whether the export succeeded (or there was nothing to export)
	 */
	private boolean run() {
		MetricProducer source = this.producer.get();
		if (source == null) {
			return true;
		}
		try {
			Collection<MetricData> metrics = source.collectAllMetrics(this.timeout);
			if (metrics.isEmpty()) {
				return true;
			}
			CompletableResult result = this.exporter.export(metrics);
			result.join(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
			if (!result.isDone()) {
				this.failureLogger.log(Level.WARNING,
						"Exporting " + metrics.size() + " metrics did not finish within " + this.timeout, null);
				return false;
			}
			if (!result.isSuccess()) {
				this.failureLogger.log(Level.WARNING, "Exporting " + metrics.size() + " metrics failed",
						result.getFailure());
				return false;
			}
			return true;
		}
		catch (Throwable ex) {
			rethrowIfFatal(ex);
			this.failureLogger.log(Level.WARNING, "Collecting or exporting metrics failed", ex);
			return false;
		}
	}

	private static void rethrowIfFatal(Throwable ex) {
		if (ex instanceof VirtualMachineError error) {
			throw error;
		}
	}

	@Override
	public String toString() {
		return "PeriodicMetricReader{exporter=" + this.exporter + ", interval=" + this.interval + "}";
	}

}

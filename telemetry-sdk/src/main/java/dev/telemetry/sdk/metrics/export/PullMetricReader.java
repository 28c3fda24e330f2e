package dev.telemetry.sdk.metrics.export;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.metrics.Aggregation;
import dev.telemetry.sdk.metrics.InstrumentType;
import dev.telemetry.sdk.metrics.MetricProducer;
import dev.telemetry.sdk.metrics.MetricReader;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;
import dev.telemetry.sdk.metrics.data.MetricData;
import org.jspecify.annotations.Nullable;

/**
 * A reader that collects only when asked, on the caller's thread: for a Prometheus
 * scrape, a diagnostics page, or a last flush. It has its own temporality and state, so
 * it can sit beside a {@link PeriodicMetricReader} over the same instruments.
 * <p>
 * Thread-safe; concurrent {@link #collect()} calls run one after the other. A delta
 * reader hands each measurement to exactly one caller of {@code collect()}.
 *
 * @since 0.1.0
 */
public final class PullMetricReader implements MetricReader {

	/** The default callback timeout. */
	public static final Duration DEFAULT_CALLBACK_TIMEOUT = Duration.ofSeconds(10);

	private final TemporalityPreference temporality;

	private final Aggregation histogramAggregation;

	private final Duration callbackTimeout;

	private final AtomicReference<@Nullable MetricProducer> producer = new AtomicReference<>();

	private volatile boolean shutdown;

	PullMetricReader(PullMetricReaderBuilder builder) {
		this.temporality = builder.temporality;
		this.histogramAggregation = builder.histogramAggregation;
		this.callbackTimeout = builder.callbackTimeout;
	}

	/**
	 * Returns a new builder.
	 * @return the builder
	 */
	public static PullMetricReaderBuilder builder() {
		return new PullMetricReaderBuilder();
	}

	/**
	 * Returns a cumulative reader with the defaults.
	 * @return the reader
	 */
	public static PullMetricReader create() {
		return builder().build();
	}

	/**
	 * Collects every stream now. Blocks up to the callback timeout while asynchronous
	 * instruments report; never throws.
	 * @return the metrics; empty before registration and after shutdown
	 */
	public Collection<MetricData> collect() {
		MetricProducer source = this.producer.get();
		if (source == null || this.shutdown) {
			return List.of();
		}
		return source.collectAllMetrics(this.callbackTimeout);
	}

	@Override
	public void register(MetricProducer producer) {
		if (!this.producer.compareAndSet(null, producer)) {
			throw new IllegalStateException("this reader is already registered with a meter provider");
		}
	}

	@Override
	public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
		return this.temporality.temporalityFor(instrumentType);
	}

	@Override
	public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
		return (instrumentType == InstrumentType.HISTOGRAM) ? this.histogramAggregation
				: Aggregation.defaultAggregation();
	}

	/**
	 * Does nothing: a pull reader holds nothing to deliver.
	 * @return a completed result
	 */
	@Override
	public CompletableResult forceFlush() {
		return CompletableResult.ofSuccess();
	}

	@Override
	public CompletableResult shutdown() {
		this.shutdown = true;
		return CompletableResult.ofSuccess();
	}

	@Override
	public String toString() {
		return "PullMetricReader{temporality=" + this.temporality + "}";
	}

}

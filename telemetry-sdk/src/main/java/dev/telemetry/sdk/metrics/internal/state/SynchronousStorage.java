package dev.telemetry.sdk.metrics.internal.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;
import dev.telemetry.sdk.metrics.data.MetricDataType;
import dev.telemetry.sdk.metrics.data.PointData;
import dev.telemetry.sdk.metrics.internal.aggregation.Accumulator;
import dev.telemetry.sdk.metrics.internal.aggregation.Aggregator;
import dev.telemetry.sdk.metrics.internal.aggregation.AggregatorCell;
import dev.telemetry.sdk.metrics.internal.view.AttributesProcessor;
import dev.telemetry.sdk.trace.span.SpanContext;
import org.jspecify.annotations.Nullable;

/**
 * The attribute sets (series) of one synchronous stream as one reader sees them.
 * <p>
 * Recording looks the measurement's attributes up in a concurrent map and writes into the
 * series' cell of the current phase (see {@link RecordingPhaser}): no lock, and no
 * allocation once the series exists and the attributes are immutable. The first
 * measurement of a new attribute set runs the view's attribute processing and creates the
 * series; past the cardinality limit it goes to the overflow series instead, so totals
 * stay exact. When a view changes attributes, the measurement's own attributes are cached
 * as a second key of the series (up to four times the limit), so that processing runs
 * once per attribute set and not per measurement.
 * <p>
 * A delta collection flips the phase, waits for the recorders of the old one, folds its
 * cells into the collector's accumulators and reads points from them. Delta streams
 * report only series that received measurements and forget a series after an interval
 * without any (writes that race with forgetting it are folded in at the next collection),
 * so the cardinality limit applies to recently used attribute sets. Cumulative streams
 * keep every series.
 * <p>
 * Recording is thread-safe and never blocks; {@link #collect} must be called by one
 * thread at a time.
 */
public final class SynchronousStorage {

	private final Aggregator aggregator;

	private final AttributesProcessor processor;

	private final int maxSeries;

	private final int maxRawKeys;

	private final boolean delta;

	private final Clock clock;

	private final long startEpochNanos;

	private final RecordingPhaser phaser = new RecordingPhaser();

	private final ConcurrentHashMap<Attributes, Series> series = new ConcurrentHashMap<>();

	// The measurement's attributes to their series; the same map when the view keeps
	// attributes as they are.
	private final ConcurrentHashMap<Attributes, Series> byRawAttributes;

	private final AtomicInteger seriesCount = new AtomicInteger();

	private final Series overflow;

	private final LongAdder overflowMeasurements = new LongAdder();

	// collector only
	private final List<Series> retired = new ArrayList<>();

	private long lastCollectionEpochNanos;

	private volatile boolean overflowReported;

	/**
	 * Creates a storage.
	 * @param aggregator the stream's aggregation
	 * @param processor the view's attribute processing
	 * @param cardinalityLimit the largest number of series, counting the overflow series
	 * @param temporality the reader's temporality for the stream
	 * @param clock timestamps exemplars
	 * @param startEpochNanos when the stream started
	 */
	public SynchronousStorage(Aggregator aggregator, AttributesProcessor processor, int cardinalityLimit,
			AggregationTemporality temporality, Clock clock, long startEpochNanos) {
		this.aggregator = aggregator;
		this.processor = processor;
		this.maxSeries = cardinalityLimit - 1;
		this.maxRawKeys = cardinalityLimit * 4;
		this.delta = temporality == AggregationTemporality.DELTA;
		this.clock = clock;
		this.startEpochNanos = startEpochNanos;
		this.lastCollectionEpochNanos = startEpochNanos;
		this.byRawAttributes = processor.isIdentity() ? this.series : new ConcurrentHashMap<>();
		this.overflow = new Series(StreamAttributes.OVERFLOW, aggregator, this.delta);
	}

	/**
	 * Records a long measurement.
	 * @param value the value, already validated
	 * @param attributes the measurement's attributes
	 * @param exemplarSpan the span to offer an exemplar for, or {@code null} to offer
	 * none
	 */
	public void recordLong(long value, Attributes attributes, @Nullable SpanContext exemplarSpan) {
		if (!this.delta) {
			AggregatorCell cell = seriesFor(attributes).first;
			recordLong(cell, value, attributes, exemplarSpan);
			return;
		}
		long ticket = this.phaser.enter();
		try {
			AggregatorCell cell = seriesFor(attributes).cells[RecordingPhaser.phase(ticket)];
			recordLong(cell, value, attributes, exemplarSpan);
		}
		finally {
			this.phaser.exit(ticket);
		}
	}

	/**
	 * Records a double measurement.
	 * @param value the value, already validated
	 * @param attributes the measurement's attributes
	 * @param exemplarSpan the span to offer an exemplar for, or {@code null} to offer
	 * none
	 */
	public void recordDouble(double value, Attributes attributes, @Nullable SpanContext exemplarSpan) {
		if (!this.delta) {
			AggregatorCell cell = seriesFor(attributes).first;
			recordDouble(cell, value, attributes, exemplarSpan);
			return;
		}
		long ticket = this.phaser.enter();
		try {
			AggregatorCell cell = seriesFor(attributes).cells[RecordingPhaser.phase(ticket)];
			recordDouble(cell, value, attributes, exemplarSpan);
		}
		finally {
			this.phaser.exit(ticket);
		}
	}

	private void recordLong(AggregatorCell cell, long value, Attributes attributes,
			@Nullable SpanContext exemplarSpan) {
		if (exemplarSpan != null) {
			cell.recordLong(value, this.clock, exemplarSpan, StreamAttributes.immutable(attributes));
		}
		else {
			cell.recordLong(value);
		}
	}

	private void recordDouble(AggregatorCell cell, double value, Attributes attributes,
			@Nullable SpanContext exemplarSpan) {
		if (exemplarSpan != null) {
			cell.recordDouble(value, this.clock, exemplarSpan, StreamAttributes.immutable(attributes));
		}
		else {
			cell.recordDouble(value);
		}
	}

	private Series seriesFor(Attributes attributes) {
		Series found = this.byRawAttributes.get(attributes);
		return (found != null) ? found : newSeriesFor(attributes);
	}

	private Series newSeriesFor(Attributes attributes) {
		Attributes raw = StreamAttributes.immutable(attributes);
		Attributes processed = this.processor.isIdentity() ? raw : this.processor.process(raw);
		Series found = this.series.get(processed);
		if (found == null) {
			found = this.series.computeIfAbsent(processed, this::reserve);
			if (found == null) {
				this.overflowMeasurements.increment();
				return this.overflow;
			}
		}
		if (this.byRawAttributes != this.series && this.byRawAttributes.size() < this.maxRawKeys) {
			this.byRawAttributes.putIfAbsent(raw, found);
		}
		return found;
	}

	private @Nullable Series reserve(Attributes processed) {
		if (this.seriesCount.incrementAndGet() > this.maxSeries) {
			this.seriesCount.decrementAndGet();
			return null;
		}
		return new Series(processed, this.aggregator, this.delta);
	}

	/**
	 * Collects the interval that ends now.
	 * @param epochNanos the end of the interval
	 * @return one point per series to report
	 */
	public List<PointData> collect(long epochNanos) {
		int phase = this.delta ? this.phaser.flip() : 0;
		long start = this.delta ? this.lastCollectionEpochNanos : this.startEpochNanos;
		List<PointData> points = new ArrayList<>();
		foldLateWrites(phase, start, epochNanos, points);
		boolean retiredAny = false;
		for (Series each : this.series.values()) {
			Accumulator accumulator = each.accumulator;
			accumulator.fold(each.cells[phase], each.attributes);
			if (accumulator.hasData()) {
				points.add(accumulator.toPoint(start, epochNanos, each.attributes));
				if (this.delta) {
					accumulator.reset();
				}
			}
			else if (this.delta) {
				retire(each);
				retiredAny = true;
			}
		}
		Accumulator overflowAccumulator = this.overflow.accumulator;
		overflowAccumulator.fold(this.overflow.cells[phase], this.overflow.attributes);
		if (overflowAccumulator.hasData()) {
			this.overflowReported = true;
			points.add(overflowAccumulator.toPoint(start, epochNanos, this.overflow.attributes));
			if (this.delta) {
				overflowAccumulator.reset();
			}
		}
		if (retiredAny && this.byRawAttributes != this.series) {
			this.byRawAttributes.values().removeIf((each) -> each.retired);
		}
		this.lastCollectionEpochNanos = epochNanos;
		return points;
	}

	/**
	 * Folds in what recorders wrote into series retired at the previous collection after
	 * they had looked them up: they all recorded in the phase that just ended.
	 */
	private void foldLateWrites(int phase, long start, long epochNanos, List<PointData> points) {
		for (Series late : this.retired) {
			AggregatorCell cell = late.cells[phase];
			if (!cell.isTouched()) {
				continue;
			}
			Series live = this.series.get(late.attributes);
			if (live != null) {
				live.accumulator.fold(cell, late.attributes);
			}
			else {
				late.accumulator.fold(cell, late.attributes);
				points.add(late.accumulator.toPoint(start, epochNanos, late.attributes));
			}
		}
		this.retired.clear();
	}

	private void retire(Series idle) {
		if (this.series.remove(idle.attributes, idle)) {
			idle.retired = true;
			this.seriesCount.decrementAndGet();
			this.retired.add(idle);
		}
	}

	/**
	 * Returns the kind of metric the points are.
	 * @return the data type
	 */
	public MetricDataType dataType() {
		return this.aggregator.dataType();
	}

	/**
	 * Returns how many series the stream holds now, counting the overflow series once it
	 * has been used.
	 * @return the series count
	 */
	public int seriesCount() {
		return this.seriesCount.get() + (this.overflowReported ? 1 : 0);
	}

	/**
	 * Returns how many measurements went to the overflow series.
	 * @return the overflow count
	 */
	public long overflowMeasurements() {
		return this.overflowMeasurements.sum();
	}

	private static final class Series {

		final Attributes attributes;

		final AggregatorCell[] cells;

		// cells[0], the only cell of a cumulative stream: recording reads it without
		// the array's load and bounds check, 1.5 ns of a counter's 24 with its entry
		// method out of line (docs/benchmarks.md, run Z)
		final AggregatorCell first;

		final Accumulator accumulator;

		// collector only
		boolean retired;

		Series(Attributes attributes, Aggregator aggregator, boolean phased) {
			this.attributes = attributes;
			this.cells = phased ? new AggregatorCell[] { aggregator.newCell(), aggregator.newCell() }
					: new AggregatorCell[] { aggregator.newCell() };
			this.first = this.cells[0];
			this.accumulator = aggregator.newAccumulator();
		}

	}

}

package dev.telemetry.sdk.metrics.internal.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;
import dev.telemetry.sdk.metrics.data.DoublePointData;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricDataType;
import dev.telemetry.sdk.metrics.data.PointData;
import dev.telemetry.sdk.metrics.internal.view.AttributesProcessor;

/**
 * The attribute sets of one asynchronous stream as one reader sees them: what the
 * callbacks observed in the current collection, and for delta sums what they observed in
 * the previous one.
 * <p>
 * Observations are totals (for sums) or current values (for gauges). Several observations
 * that a view maps to one attribute set add up (sums) or the last wins (gauges). Only
 * attribute sets observed in a collection are reported. Not thread-safe: the collecting
 * thread feeds and collects it.
 *
 */
public final class AsynchronousStorage {

	private final boolean sum;

	private final boolean longValues;

	private final AttributesProcessor processor;

	private final int maxSeries;

	private final boolean delta;

	private final long startEpochNanos;

	private long lastCollectionEpochNanos;

	private Map<Attributes, Value> current = new HashMap<>();

	private Map<Attributes, Value> previous = new HashMap<>();

	private int currentSeries;

	private volatile long overflowMeasurements;

	private volatile int seriesCount;

	/**
	 * Creates a storage.
	 * @param sum whether the stream is a sum (else a last value)
	 * @param longValues whether the values are longs
	 * @param processor the view's attribute processing
	 * @param cardinalityLimit the largest number of series, counting the overflow series
	 * @param temporality the reader's temporality for the stream
	 * @param startEpochNanos when the stream started
	 */
	public AsynchronousStorage(boolean sum, boolean longValues, AttributesProcessor processor, int cardinalityLimit,
			AggregationTemporality temporality, long startEpochNanos) {
		this.sum = sum;
		this.longValues = longValues;
		this.processor = processor;
		this.maxSeries = cardinalityLimit - 1;
		this.delta = temporality == AggregationTemporality.DELTA && sum;
		this.startEpochNanos = startEpochNanos;
		this.lastCollectionEpochNanos = startEpochNanos;
	}

	/**
	 * Adds one long observation of the current collection.
	 * @param attributes the observation's attributes, immutable
	 * @param value the observed value
	 */
	public void observe(Attributes attributes, long value) {
		Value slot = slotFor(attributes);
		slot.longValue = this.sum ? slot.longValue + value : value;
	}

	/**
	 * Adds one double observation of the current collection.
	 * @param attributes the observation's attributes, immutable
	 * @param value the observed value
	 */
	public void observe(Attributes attributes, double value) {
		Value slot = slotFor(attributes);
		slot.doubleValue = this.sum ? slot.doubleValue + value : value;
	}

	private Value slotFor(Attributes attributes) {
		Attributes processed = this.processor.isIdentity() ? attributes : this.processor.process(attributes);
		Value slot = this.current.get(processed);
		if (slot != null) {
			return slot;
		}
		if (this.currentSeries >= this.maxSeries) {
			this.overflowMeasurements++;
			return this.current.computeIfAbsent(StreamAttributes.OVERFLOW, (key) -> new Value());
		}
		this.currentSeries++;
		slot = new Value();
		this.current.put(processed, slot);
		return slot;
	}

	/**
	 * Turns the current collection's observations into points and starts the next.
	 * @param epochNanos the end of the interval
	 * @return one point per observed attribute set
	 */
	public List<PointData> collect(long epochNanos) {
		long start = this.delta ? this.lastCollectionEpochNanos : this.startEpochNanos;
		List<PointData> points = new ArrayList<>(this.current.size());
		for (Map.Entry<Attributes, Value> entry : this.current.entrySet()) {
			Value value = entry.getValue();
			Value before = this.delta ? this.previous.get(entry.getKey()) : null;
			if (this.longValues) {
				long reported = value.longValue - ((before != null) ? before.longValue : 0);
				points.add(new LongPointData(start, epochNanos, entry.getKey(), reported, List.of()));
			}
			else {
				double reported = value.doubleValue - ((before != null) ? before.doubleValue : 0);
				points.add(new DoublePointData(start, epochNanos, entry.getKey(), reported, List.of()));
			}
		}
		this.seriesCount = this.current.size();
		this.previous = this.current;
		this.current = new HashMap<>();
		this.currentSeries = 0;
		this.lastCollectionEpochNanos = epochNanos;
		return points;
	}

	/**
	 * Returns the kind of metric the points are.
	 * @return the data type
	 */
	public MetricDataType dataType() {
		if (this.sum) {
			return this.longValues ? MetricDataType.LONG_SUM : MetricDataType.DOUBLE_SUM;
		}
		return this.longValues ? MetricDataType.LONG_GAUGE : MetricDataType.DOUBLE_GAUGE;
	}

	/**
	 * Returns how many attribute sets the last collection reported.
	 * @return the series count
	 */
	public int seriesCount() {
		return this.seriesCount;
	}

	/**
	 * Returns how many observations went to the overflow series.
	 * @return the overflow count
	 */
	public long overflowMeasurements() {
		return this.overflowMeasurements;
	}

	private static final class Value {

		long longValue;

		double doubleValue;

	}

}

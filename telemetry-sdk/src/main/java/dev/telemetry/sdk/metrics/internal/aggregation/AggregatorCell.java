package dev.telemetry.sdk.metrics.internal.aggregation;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.trace.span.SpanContext;

/**
 * What recording threads write one attribute set's measurements into during one
 * collection interval.
 * <p>
 * Recording methods are thread-safe. A delta storage's collector reads and resets a cell
 * only while no thread records into it (its phaser guarantees it); a cumulative storage's
 * collector folds cells while threads record, which every cell supports: each part of it
 * is taken atomically, so a measurement is folded now or at the next collection, never
 * lost or twice.
 */
public abstract class AggregatorCell {

	final ExemplarReservoir reservoir;

	// Set by recorders, cleared by the collector before it folds the cell. Written only
	// when it changes, so that recording pays a volatile read and not a store fence.
	volatile boolean touched;

	AggregatorCell(ExemplarReservoir reservoir) {
		this.reservoir = reservoir;
	}

	/**
	 * Records a long measurement.
	 * @param value the value, already validated
	 */
	public abstract void recordLong(long value);

	/**
	 * Records a double measurement.
	 * @param value the value, already validated (finite)
	 */
	public abstract void recordDouble(double value);

	/**
	 * Records a long measurement and offers it as an exemplar; the clock is read only
	 * when the reservoir keeps it.
	 * @param value the value, already validated
	 * @param clock the clock that dates the exemplar
	 * @param span the current span's context (possibly invalid)
	 * @param attributes the measurement's full, immutable attributes
	 */
	public void recordLong(long value, Clock clock, SpanContext span, Attributes attributes) {
		recordLong(value);
		offer(0, 0, true, value, value, clock, span, attributes);
	}

	/**
	 * Records a double measurement and offers it as an exemplar; the clock is read only
	 * when the reservoir keeps it.
	 * @param value the value, already validated (finite)
	 * @param clock the clock that dates the exemplar
	 * @param span the current span's context (possibly invalid)
	 * @param attributes the measurement's full, immutable attributes
	 */
	public void recordDouble(double value, Clock clock, SpanContext span, Attributes attributes) {
		recordDouble(value);
		offer(0, 0, false, 0, value, clock, span, attributes);
	}

	final void offer(int bucket, long seenInBucket, boolean isLong, long longValue, double doubleValue, Clock clock,
			SpanContext span, Attributes attributes) {
		int slot = this.reservoir.slot(bucket, seenInBucket);
		if (slot >= 0) {
			this.reservoir.store(slot, new RawExemplar(isLong, longValue, doubleValue, clock.now(), span, attributes));
		}
	}

	final void markTouched() {
		if (!this.touched) {
			this.touched = true;
		}
	}

	/**
	 * Returns whether anything was recorded since the last reset.
	 * @return whether touched
	 */
	public boolean isTouched() {
		return this.touched;
	}

}

package dev.telemetry.sdk.metrics.internal.aggregation;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.span.SpanContext;

/**
 * What recording threads write one attribute set's measurements into during one
 * collection interval.
 * <p>
 * Recording methods are thread-safe. The collecting thread reads and resets a cell only
 * while no thread records into it (the storage's phaser guarantees it), so plain fields
 * written by recorders are visible to it through the phaser's atomics.
 */
public abstract class AggregatorCell {

	final ExemplarReservoir reservoir;

	// Written by recorders, read and cleared by the collector between phases.
	boolean touched;

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
	 * Offers a long measurement as an exemplar.
	 * @param value the value
	 * @param epochNanos when it was made
	 * @param span the current span's context (possibly invalid)
	 * @param attributes the measurement's full, immutable attributes
	 */
	public void offerLongExemplar(long value, long epochNanos, SpanContext span, Attributes attributes) {
		this.reservoir.offer(0, new RawExemplar(true, value, value, epochNanos, span, attributes));
	}

	/**
	 * Offers a double measurement as an exemplar.
	 * @param value the value
	 * @param epochNanos when it was made
	 * @param span the current span's context (possibly invalid)
	 * @param attributes the measurement's full, immutable attributes
	 */
	public void offerDoubleExemplar(double value, long epochNanos, SpanContext span, Attributes attributes) {
		this.reservoir.offer(0, new RawExemplar(false, 0, value, epochNanos, span, attributes));
	}

	/**
	 * Returns whether anything was recorded since the last reset.
	 * @return whether touched
	 */
	public boolean isTouched() {
		return this.touched;
	}

}

package dev.telemetry.sdk.metrics.internal.aggregation;

import java.util.ArrayList;
import java.util.List;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.data.ExemplarData;
import dev.telemetry.sdk.metrics.data.PointData;

/**
 * The collecting thread's running aggregate of one attribute set: cells are folded in,
 * points are read out. For cumulative streams it keeps growing; for delta streams it is
 * reset after each point. Not thread-safe: only the collecting thread uses it.
 */
public abstract class Accumulator {

	private List<ExemplarData> exemplars = List.of();

	boolean hasData;

	/**
	 * Folds a cell into this accumulator and resets the cell.
	 * @param cell a cell that no thread records into now
	 * @param pointAttributes the attribute set, to find what exemplars had filtered out
	 */
	public final void fold(AggregatorCell cell, Attributes pointAttributes) {
		if (!cell.touched) {
			return;
		}
		cell.touched = false;
		foldAndReset(cell);
		List<ExemplarData> collected = cell.reservoir.collectAndReset(pointAttributes);
		if (!collected.isEmpty()) {
			this.exemplars = collected;
		}
		this.hasData = true;
	}

	abstract void foldAndReset(AggregatorCell cell);

	/**
	 * Returns whether anything was folded in since the last reset.
	 * @return whether there is a point to report
	 */
	public final boolean hasData() {
		return this.hasData;
	}

	/**
	 * Returns the point for the current aggregate.
	 * @param startEpochNanos the start of the window
	 * @param epochNanos the end of the window
	 * @param attributes the attribute set
	 * @return the point
	 */
	public final PointData toPoint(long startEpochNanos, long epochNanos, Attributes attributes) {
		PointData point = point(startEpochNanos, epochNanos, attributes, this.exemplars);
		// Exemplars belong to the interval they were sampled in.
		this.exemplars = List.of();
		return point;
	}

	abstract PointData point(long startEpochNanos, long epochNanos, Attributes attributes,
			List<ExemplarData> exemplars);

	/**
	 * Empties this accumulator (after a delta point).
	 */
	public final void reset() {
		this.hasData = false;
		this.exemplars = List.of();
		clear();
	}

	abstract void clear();

	static List<Long> boxed(long[] values, int from, int to) {
		List<Long> list = new ArrayList<>(to - from);
		for (int i = from; i < to; i++) {
			list.add(values[i]);
		}
		return list;
	}

}

package dev.telemetry.sdk.metrics.internal.aggregation;

import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.data.DoublePointData;
import dev.telemetry.sdk.metrics.data.ExemplarData;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricDataType;
import dev.telemetry.sdk.metrics.data.PointData;

/**
 * Sums measurements. Cells are striped adders: recording threads that hit one attribute
 * set at once spread over cache lines instead of fighting for one.
 */
final class SumAggregator extends Aggregator {

	private final boolean longValues;

	SumAggregator(boolean longValues, int exemplarSlots) {
		super(exemplarSlots, false);
		this.longValues = longValues;
	}

	@Override
	public MetricDataType dataType() {
		return this.longValues ? MetricDataType.LONG_SUM : MetricDataType.DOUBLE_SUM;
	}

	@Override
	public AggregatorCell newCell() {
		return this.longValues ? new LongCell(newReservoir(0)) : new DoubleCell(newReservoir(0));
	}

	@Override
	public Accumulator newAccumulator() {
		return this.longValues ? new LongSum() : new DoubleSum();
	}

	private static final class LongCell extends AggregatorCell {

		final LongAdder sum = new LongAdder();

		LongCell(ExemplarReservoir reservoir) {
			super(reservoir);
		}

		@Override
		public void recordLong(long value) {
			this.sum.add(value);
			markTouched();
		}

		@Override
		public void recordDouble(double value) {
			recordLong((long) value);
		}

	}

	private static final class DoubleCell extends AggregatorCell {

		final DoubleAdder sum = new DoubleAdder();

		DoubleCell(ExemplarReservoir reservoir) {
			super(reservoir);
		}

		@Override
		public void recordLong(long value) {
			recordDouble(value);
		}

		@Override
		public void recordDouble(double value) {
			this.sum.add(value);
			markTouched();
		}

	}

	private static final class LongSum extends Accumulator {

		private long sum;

		@Override
		void foldAndReset(AggregatorCell cell) {
			this.sum += ((LongCell) cell).sum.sumThenReset();
		}

		@Override
		PointData point(long startEpochNanos, long epochNanos, Attributes attributes, List<ExemplarData> exemplars) {
			return new LongPointData(startEpochNanos, epochNanos, attributes, this.sum, exemplars);
		}

		@Override
		void clear() {
			this.sum = 0;
		}

	}

	private static final class DoubleSum extends Accumulator {

		private double sum;

		@Override
		void foldAndReset(AggregatorCell cell) {
			this.sum += ((DoubleCell) cell).sum.sumThenReset();
		}

		@Override
		PointData point(long startEpochNanos, long epochNanos, Attributes attributes, List<ExemplarData> exemplars) {
			return new DoublePointData(startEpochNanos, epochNanos, attributes, this.sum, exemplars);
		}

		@Override
		void clear() {
			this.sum = 0;
		}

	}

}

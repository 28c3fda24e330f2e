package dev.telemetry.sdk.metrics.internal.aggregation;

import java.util.List;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.data.DoublePointData;
import dev.telemetry.sdk.metrics.data.ExemplarData;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricDataType;
import dev.telemetry.sdk.metrics.data.PointData;

/**
 * Keeps the last measurement. Cells hold the value (or a double's bits) in a volatile
 * long: the last write wins.
 */
final class LastValueAggregator extends Aggregator {

	private final boolean longValues;

	LastValueAggregator(boolean longValues, int exemplarSlots) {
		super(exemplarSlots, false);
		this.longValues = longValues;
	}

	@Override
	public MetricDataType dataType() {
		return this.longValues ? MetricDataType.LONG_GAUGE : MetricDataType.DOUBLE_GAUGE;
	}

	@Override
	public AggregatorCell newCell() {
		return new Cell(newReservoir(0), this.longValues);
	}

	@Override
	public Accumulator newAccumulator() {
		return new Last(this.longValues);
	}

	private static final class Cell extends AggregatorCell {

		private final boolean longValues;

		// the long value, or the bits of the double value
		volatile long value;

		Cell(ExemplarReservoir reservoir, boolean longValues) {
			super(reservoir);
			this.longValues = longValues;
		}

		@Override
		public void recordLong(long value) {
			this.value = this.longValues ? value : Double.doubleToRawLongBits(value);
			markTouched();
		}

		@Override
		public void recordDouble(double value) {
			this.value = this.longValues ? (long) value : Double.doubleToRawLongBits(value);
			markTouched();
		}

	}

	private static final class Last extends Accumulator {

		private final boolean longValues;

		private long value;

		Last(boolean longValues) {
			this.longValues = longValues;
		}

		@Override
		void foldAndReset(AggregatorCell cell) {
			this.value = ((Cell) cell).value;
		}

		@Override
		PointData point(long startEpochNanos, long epochNanos, Attributes attributes, List<ExemplarData> exemplars) {
			return this.longValues ? new LongPointData(startEpochNanos, epochNanos, attributes, this.value, exemplars)
					: new DoublePointData(startEpochNanos, epochNanos, attributes, Double.longBitsToDouble(this.value),
							exemplars);
		}

		@Override
		void clear() {
			this.value = 0;
		}

	}

}

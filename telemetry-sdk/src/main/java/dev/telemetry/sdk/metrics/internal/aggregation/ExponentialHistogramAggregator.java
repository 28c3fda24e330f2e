package dev.telemetry.sdk.metrics.internal.aggregation;

import java.util.List;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.data.ExemplarData;
import dev.telemetry.sdk.metrics.data.MetricDataType;
import dev.telemetry.sdk.metrics.data.PointData;

/**
 * A base-2 exponential histogram. Rescaling touches every bucket at once, so a cell takes
 * a lock of its own per recording; only recorders into the same attribute set contend for
 * it, and the collector never does (see {@link AggregatorCell}).
 */
final class ExponentialHistogramAggregator extends Aggregator {

	private final int maxSize;

	private final int maxScale;

	ExponentialHistogramAggregator(int maxSize, int maxScale, int exemplarSlots) {
		super(exemplarSlots, false);
		this.maxSize = maxSize;
		this.maxScale = maxScale;
	}

	@Override
	public MetricDataType dataType() {
		return MetricDataType.EXPONENTIAL_HISTOGRAM;
	}

	@Override
	public AggregatorCell newCell() {
		return new Cell(new Base2ExponentialHistogram(this.maxSize, this.maxScale), newReservoir(0));
	}

	@Override
	public Accumulator newAccumulator() {
		return new Histogram(new Base2ExponentialHistogram(this.maxSize, this.maxScale));
	}

	private static final class Cell extends AggregatorCell {

		final Object lock = new Object();

		// guarded by lock
		final Base2ExponentialHistogram histogram;

		Cell(Base2ExponentialHistogram histogram, ExemplarReservoir reservoir) {
			super(reservoir);
			this.histogram = histogram;
		}

		@Override
		public void recordLong(long value) {
			recordDouble(value);
		}

		@Override
		public void recordDouble(double value) {
			synchronized (this.lock) {
				this.histogram.record(value);
			}
			markTouched();
		}

	}

	private static final class Histogram extends Accumulator {

		private final Base2ExponentialHistogram histogram;

		Histogram(Base2ExponentialHistogram histogram) {
			this.histogram = histogram;
		}

		@Override
		void foldAndReset(AggregatorCell cell) {
			Cell recorded = (Cell) cell;
			synchronized (recorded.lock) {
				this.histogram.merge(recorded.histogram);
				recorded.histogram.clear();
			}
		}

		@Override
		PointData point(long startEpochNanos, long epochNanos, Attributes attributes, List<ExemplarData> exemplars) {
			return this.histogram.toPoint(startEpochNanos, epochNanos, attributes, exemplars);
		}

		@Override
		void clear() {
			this.histogram.clear();
		}

	}

}

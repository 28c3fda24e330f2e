package dev.telemetry.sdk.metrics.internal.aggregation;

import java.util.Collection;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;

/**
 * Asks OpenTelemetry's SDK which bucket it puts a value in at a scale: one value in a
 * fresh exponential histogram of that max scale stays at that scale.
 */
final class OpenTelemetryExponentialHistogram {

	private OpenTelemetryExponentialHistogram() {
	}

	static int index(double value, int scale) {
		ExponentialHistogramPointData point = record(new double[] { value }, 160, scale);
		if (point.getScale() != scale) {
			throw new IllegalStateException("OpenTelemetry changed the scale to " + point.getScale());
		}
		return point.getPositiveBuckets().getOffset();
	}

	/**
	 * Records values into one exponential histogram of OpenTelemetry's SDK.
	 * @param values the values
	 * @param maxSize the largest number of buckets
	 * @param maxScale the largest scale
	 * @return the histogram's point
	 */
	static ExponentialHistogramPointData record(double[] values, int maxSize, int maxScale) {
		Reader reader = new Reader();
		try (SdkMeterProvider provider = SdkMeterProvider.builder()
			.registerMetricReader(reader)
			.registerView(InstrumentSelector.builder().setName("h").build(),
					View.builder()
						.setAggregation(Aggregation.base2ExponentialBucketHistogram(maxSize, maxScale))
						.build())
			.build()) {
			DoubleHistogram histogram = provider.get("reference").histogramBuilder("h").build();
			for (double value : values) {
				histogram.record(value, Attributes.empty());
			}
			Collection<MetricData> metrics = reader.registration.collectAllMetrics();
			return metrics.iterator().next().getExponentialHistogramData().getPoints().iterator().next();
		}
	}

	private static final class Reader implements MetricReader {

		CollectionRegistration registration;

		@Override
		public void register(CollectionRegistration registration) {
			this.registration = registration;
		}

		@Override
		public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
			return AggregationTemporality.CUMULATIVE;
		}

		@Override
		public CompletableResultCode forceFlush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}

package dev.telemetry.sdk.export.otlp;

import java.util.List;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;
import dev.telemetry.sdk.metrics.data.DoublePointData;
import dev.telemetry.sdk.metrics.data.ExemplarData;
import dev.telemetry.sdk.metrics.data.ExponentialHistogramBuckets;
import dev.telemetry.sdk.metrics.data.ExponentialHistogramPointData;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.LongExemplarData;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.data.PointData;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.span.SpanContext;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;

/**
 * Turns a collection of {@link MetricData} into the bytes of one OTLP
 * {@code ExportMetricsServiceRequest}, grouped by resource and then by instrumentation
 * scope, both in order of first appearance, straight from the data (see
 * {@link RequestEncoder}: no protobuf messages, one reused buffer).
 * <p>
 * Every metric type of the SDK is written: gauges and sums of longs or doubles (with
 * their temporality and monotonicity), explicit-bucket histograms (count, sum, bucket
 * counts and boundaries, min and max when recorded) and base-2 exponential histograms
 * (scale, zero count, positive and negative buckets), each point with its attributes,
 * start and end times and exemplars (with their filtered attributes, trace and span ids).
 * The SDK's points carry no flags, so none are written (the proto default, 0). Fields at
 * their proto3 default are left out, as the generated builders do; {@code optional}
 * fields (sum, min, max) and oneof values are written whenever present; a histogram's sum
 * always is, as OpenTelemetry's SDK writes it.
 * <p>
 * Throws for malformed input (a {@code null} name, say); the exporter turns that into a
 * failed result. Not thread-safe: one instance per exporter.
 */
final class MetricsRequestEncoder extends RequestEncoder<MetricData> {

	// A point's value and an exemplar's are oneofs: always written, 1 tag byte + 8.
	private static final int FIXED64_FIELD = 1 + 8;

	/**
	 * Creates an encoder; its buffers grow to the largest request and are reused.
	 */
	MetricsRequestEncoder() {
	}

	@Override
	Resource resourceOf(MetricData metric) {
		return metric.resource();
	}

	@Override
	InstrumentationScope scopeOf(MetricData metric) {
		return metric.scope();
	}

	// ---- Size pass ----

	@Override
	int sizeItem(MetricData metric) {
		int slot = reserve();
		int size = sizeRecurringString(Metric.NAME_FIELD_NUMBER, metric.name())
				+ sizeRecurringString(Metric.DESCRIPTION_FIELD_NUMBER, metric.description())
				+ sizeRecurringString(Metric.UNIT_FIELD_NUMBER, metric.unit());
		size += switch (metric.type()) {
			case LONG_GAUGE, DOUBLE_GAUGE -> lengthDelimited(Metric.GAUGE_FIELD_NUMBER, sizeNumbers(metric, false));
			case LONG_SUM, DOUBLE_SUM -> lengthDelimited(Metric.SUM_FIELD_NUMBER, sizeNumbers(metric, true));
			case HISTOGRAM -> lengthDelimited(Metric.HISTOGRAM_FIELD_NUMBER, sizeHistogram(metric));
			case EXPONENTIAL_HISTOGRAM ->
				lengthDelimited(Metric.EXPONENTIAL_HISTOGRAM_FIELD_NUMBER, sizeExponentialHistogram(metric));
		};
		return record(slot, size);
	}

	private int sizeNumbers(MetricData metric, boolean sum) {
		int slot = reserve();
		int size = 0;
		List<? extends PointData> points = metric.points();
		for (int i = 0, n = points.size(); i < n; i++) {
			size += lengthDelimited(Gauge.DATA_POINTS_FIELD_NUMBER, sizeNumberPoint(points.get(i)));
		}
		if (sum) {
			size += sizeTemporality(Sum.AGGREGATION_TEMPORALITY_FIELD_NUMBER, metric.temporality());
			size += metric.monotonic() ? 2 : 0;
		}
		return record(slot, size);
	}

	private int sizeNumberPoint(PointData point) {
		int slot = reserve();
		int size = sizeAttributes(NumberDataPoint.ATTRIBUTES_FIELD_NUMBER, point.attributes())
				+ sizeFixed64(NumberDataPoint.START_TIME_UNIX_NANO_FIELD_NUMBER, point.startEpochNanos())
				+ sizeFixed64(NumberDataPoint.TIME_UNIX_NANO_FIELD_NUMBER, point.epochNanos()) + FIXED64_FIELD
				+ sizeExemplars(NumberDataPoint.EXEMPLARS_FIELD_NUMBER, point.exemplars());
		return record(slot, size);
	}

	private int sizeHistogram(MetricData metric) {
		int slot = reserve();
		int size = 0;
		List<? extends PointData> points = metric.points();
		for (int i = 0, n = points.size(); i < n; i++) {
			size += lengthDelimited(Histogram.DATA_POINTS_FIELD_NUMBER,
					sizeHistogramPoint((HistogramPointData) points.get(i)));
		}
		size += sizeTemporality(Histogram.AGGREGATION_TEMPORALITY_FIELD_NUMBER, metric.temporality());
		return record(slot, size);
	}

	private int sizeHistogramPoint(HistogramPointData point) {
		int slot = reserve();
		int buckets = point.counts().size();
		int bounds = point.boundaries().size();
		int size = sizeAttributes(HistogramDataPoint.ATTRIBUTES_FIELD_NUMBER, point.attributes())
				+ sizeFixed64(HistogramDataPoint.START_TIME_UNIX_NANO_FIELD_NUMBER, point.startEpochNanos())
				+ sizeFixed64(HistogramDataPoint.TIME_UNIX_NANO_FIELD_NUMBER, point.epochNanos())
				+ sizeFixed64(HistogramDataPoint.COUNT_FIELD_NUMBER, point.count()) + FIXED64_FIELD
				+ sizePacked64(HistogramDataPoint.BUCKET_COUNTS_FIELD_NUMBER, buckets)
				+ sizePacked64(HistogramDataPoint.EXPLICIT_BOUNDS_FIELD_NUMBER, bounds)
				+ sizeExemplars(HistogramDataPoint.EXEMPLARS_FIELD_NUMBER, point.exemplars())
				+ (point.hasMin() ? FIXED64_FIELD : 0) + (point.hasMax() ? FIXED64_FIELD : 0);
		return record(slot, size);
	}

	private int sizeExponentialHistogram(MetricData metric) {
		int slot = reserve();
		int size = 0;
		List<? extends PointData> points = metric.points();
		for (int i = 0, n = points.size(); i < n; i++) {
			size += lengthDelimited(ExponentialHistogram.DATA_POINTS_FIELD_NUMBER,
					sizeExponentialPoint((ExponentialHistogramPointData) points.get(i)));
		}
		size += sizeTemporality(ExponentialHistogram.AGGREGATION_TEMPORALITY_FIELD_NUMBER, metric.temporality());
		return record(slot, size);
	}

	private int sizeExponentialPoint(ExponentialHistogramPointData point) {
		int slot = reserve();
		int size = sizeAttributes(ExponentialHistogramDataPoint.ATTRIBUTES_FIELD_NUMBER, point.attributes())
				+ sizeFixed64(ExponentialHistogramDataPoint.START_TIME_UNIX_NANO_FIELD_NUMBER, point.startEpochNanos())
				+ sizeFixed64(ExponentialHistogramDataPoint.TIME_UNIX_NANO_FIELD_NUMBER, point.epochNanos())
				+ sizeFixed64(ExponentialHistogramDataPoint.COUNT_FIELD_NUMBER, point.count()) + FIXED64_FIELD
				+ sizeSInt32(ExponentialHistogramDataPoint.SCALE_FIELD_NUMBER, point.scale())
				+ sizeFixed64(ExponentialHistogramDataPoint.ZERO_COUNT_FIELD_NUMBER, point.zeroCount())
				+ lengthDelimited(ExponentialHistogramDataPoint.POSITIVE_FIELD_NUMBER, sizeBuckets(point.positive()))
				+ lengthDelimited(ExponentialHistogramDataPoint.NEGATIVE_FIELD_NUMBER, sizeBuckets(point.negative()))
				+ sizeExemplars(ExponentialHistogramDataPoint.EXEMPLARS_FIELD_NUMBER, point.exemplars())
				+ (point.hasMin() ? FIXED64_FIELD : 0) + (point.hasMax() ? FIXED64_FIELD : 0);
		return record(slot, size);
	}

	private int sizeBuckets(ExponentialHistogramBuckets buckets) {
		int slot = reserve();
		int size = sizeSInt32(ExponentialHistogramDataPoint.Buckets.OFFSET_FIELD_NUMBER, buckets.offset());
		int count = buckets.counts().size();
		if (count > 0) {
			// Packed varints: their total length is a size of its own, taken in order.
			int packedSlot = reserve();
			int packed = 0;
			for (int i = 0; i < count; i++) {
				packed += CodedOutputStream.computeUInt64SizeNoTag(buckets.counts().get(i));
			}
			size += lengthDelimited(ExponentialHistogramDataPoint.Buckets.BUCKET_COUNTS_FIELD_NUMBER,
					record(packedSlot, packed));
		}
		return record(slot, size);
	}

	private int sizeExemplars(int field, List<? extends ExemplarData> exemplars) {
		int size = 0;
		for (int i = 0, n = exemplars.size(); i < n; i++) {
			size += lengthDelimited(field, sizeExemplar(exemplars.get(i)));
		}
		return size;
	}

	private int sizeExemplar(ExemplarData exemplar) {
		int slot = reserve();
		int size = sizeAttributes(Exemplar.FILTERED_ATTRIBUTES_FIELD_NUMBER, exemplar.filteredAttributes())
				+ sizeFixed64(Exemplar.TIME_UNIX_NANO_FIELD_NUMBER, exemplar.epochNanos()) + FIXED64_FIELD;
		if (exemplar.spanContext().isValid()) {
			// span_id: tag, length, 8 bytes; trace_id: tag, length, 16 bytes
			size += 2 + 8 + 2 + 16;
		}
		return record(slot, size);
	}

	private static int sizeTemporality(int field, AggregationTemporality temporality) {
		int value = temporality(temporality);
		return (value != 0) ? CodedOutputStream.computeEnumSize(field, value) : 0;
	}

	private static int sizePacked64(int field, int count) {
		return (count > 0) ? lengthDelimited(field, 8 * count) : 0;
	}

	private static int sizeSInt32(int field, int value) {
		return (value != 0) ? CodedOutputStream.computeSInt32Size(field, value) : 0;
	}

	// ---- Write pass: the same walk, taking the sizes in the same order ----

	@Override
	void writeItem(MetricData metric) {
		writeString(Metric.NAME_FIELD_NUMBER, metric.name());
		writeString(Metric.DESCRIPTION_FIELD_NUMBER, metric.description());
		writeString(Metric.UNIT_FIELD_NUMBER, metric.unit());
		switch (metric.type()) {
			case LONG_GAUGE, DOUBLE_GAUGE -> {
				startMessage(Metric.GAUGE_FIELD_NUMBER);
				writeNumberPoints(metric.points());
			}
			case LONG_SUM, DOUBLE_SUM -> {
				startMessage(Metric.SUM_FIELD_NUMBER);
				writeNumberPoints(metric.points());
				writeTemporality(Sum.AGGREGATION_TEMPORALITY_FIELD_NUMBER, metric.temporality());
				if (metric.monotonic()) {
					writeTag(Sum.IS_MONOTONIC_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
					writeVarint(1);
				}
			}
			case HISTOGRAM -> {
				startMessage(Metric.HISTOGRAM_FIELD_NUMBER);
				List<? extends PointData> points = metric.points();
				for (int i = 0, n = points.size(); i < n; i++) {
					startMessage(Histogram.DATA_POINTS_FIELD_NUMBER);
					writeHistogramPoint((HistogramPointData) points.get(i));
				}
				writeTemporality(Histogram.AGGREGATION_TEMPORALITY_FIELD_NUMBER, metric.temporality());
			}
			case EXPONENTIAL_HISTOGRAM -> {
				startMessage(Metric.EXPONENTIAL_HISTOGRAM_FIELD_NUMBER);
				List<? extends PointData> points = metric.points();
				for (int i = 0, n = points.size(); i < n; i++) {
					startMessage(ExponentialHistogram.DATA_POINTS_FIELD_NUMBER);
					writeExponentialPoint((ExponentialHistogramPointData) points.get(i));
				}
				writeTemporality(ExponentialHistogram.AGGREGATION_TEMPORALITY_FIELD_NUMBER, metric.temporality());
			}
		}
	}

	private void writeNumberPoints(List<? extends PointData> points) {
		for (int i = 0, n = points.size(); i < n; i++) {
			PointData point = points.get(i);
			startMessage(Gauge.DATA_POINTS_FIELD_NUMBER);
			writeAttributes(NumberDataPoint.ATTRIBUTES_FIELD_NUMBER, point.attributes());
			writeFixed64(NumberDataPoint.START_TIME_UNIX_NANO_FIELD_NUMBER, point.startEpochNanos());
			writeFixed64(NumberDataPoint.TIME_UNIX_NANO_FIELD_NUMBER, point.epochNanos());
			if (point instanceof LongPointData longPoint) {
				writeTag(NumberDataPoint.AS_INT_FIELD_NUMBER, WireFormat.WIRETYPE_FIXED64);
				writeLittleEndian(longPoint.value());
			}
			else {
				writeTag(NumberDataPoint.AS_DOUBLE_FIELD_NUMBER, WireFormat.WIRETYPE_FIXED64);
				writeLittleEndian(Double.doubleToRawLongBits(((DoublePointData) point).value()));
			}
			writeExemplars(NumberDataPoint.EXEMPLARS_FIELD_NUMBER, point.exemplars());
		}
	}

	private void writeHistogramPoint(HistogramPointData point) {
		writeAttributes(HistogramDataPoint.ATTRIBUTES_FIELD_NUMBER, point.attributes());
		writeFixed64(HistogramDataPoint.START_TIME_UNIX_NANO_FIELD_NUMBER, point.startEpochNanos());
		writeFixed64(HistogramDataPoint.TIME_UNIX_NANO_FIELD_NUMBER, point.epochNanos());
		writeFixed64(HistogramDataPoint.COUNT_FIELD_NUMBER, point.count());
		writeDoubleAlways(HistogramDataPoint.SUM_FIELD_NUMBER, point.sum());
		int buckets = point.counts().size();
		if (buckets > 0) {
			writeTag(HistogramDataPoint.BUCKET_COUNTS_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
			writeVarint(8 * buckets);
			for (int i = 0; i < buckets; i++) {
				writeLittleEndian(point.counts().get(i));
			}
		}
		int bounds = point.boundaries().size();
		if (bounds > 0) {
			writeTag(HistogramDataPoint.EXPLICIT_BOUNDS_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
			writeVarint(8 * bounds);
			for (int i = 0; i < bounds; i++) {
				writeLittleEndian(Double.doubleToRawLongBits(point.boundaries().get(i)));
			}
		}
		writeExemplars(HistogramDataPoint.EXEMPLARS_FIELD_NUMBER, point.exemplars());
		if (point.hasMin()) {
			writeDoubleAlways(HistogramDataPoint.MIN_FIELD_NUMBER, point.min());
		}
		if (point.hasMax()) {
			writeDoubleAlways(HistogramDataPoint.MAX_FIELD_NUMBER, point.max());
		}
	}

	private void writeExponentialPoint(ExponentialHistogramPointData point) {
		writeAttributes(ExponentialHistogramDataPoint.ATTRIBUTES_FIELD_NUMBER, point.attributes());
		writeFixed64(ExponentialHistogramDataPoint.START_TIME_UNIX_NANO_FIELD_NUMBER, point.startEpochNanos());
		writeFixed64(ExponentialHistogramDataPoint.TIME_UNIX_NANO_FIELD_NUMBER, point.epochNanos());
		writeFixed64(ExponentialHistogramDataPoint.COUNT_FIELD_NUMBER, point.count());
		writeDoubleAlways(ExponentialHistogramDataPoint.SUM_FIELD_NUMBER, point.sum());
		writeSInt32(ExponentialHistogramDataPoint.SCALE_FIELD_NUMBER, point.scale());
		writeFixed64(ExponentialHistogramDataPoint.ZERO_COUNT_FIELD_NUMBER, point.zeroCount());
		startMessage(ExponentialHistogramDataPoint.POSITIVE_FIELD_NUMBER);
		writeBuckets(point.positive());
		startMessage(ExponentialHistogramDataPoint.NEGATIVE_FIELD_NUMBER);
		writeBuckets(point.negative());
		writeExemplars(ExponentialHistogramDataPoint.EXEMPLARS_FIELD_NUMBER, point.exemplars());
		if (point.hasMin()) {
			writeDoubleAlways(ExponentialHistogramDataPoint.MIN_FIELD_NUMBER, point.min());
		}
		if (point.hasMax()) {
			writeDoubleAlways(ExponentialHistogramDataPoint.MAX_FIELD_NUMBER, point.max());
		}
	}

	private void writeBuckets(ExponentialHistogramBuckets buckets) {
		writeSInt32(ExponentialHistogramDataPoint.Buckets.OFFSET_FIELD_NUMBER, buckets.offset());
		int count = buckets.counts().size();
		if (count > 0) {
			startMessage(ExponentialHistogramDataPoint.Buckets.BUCKET_COUNTS_FIELD_NUMBER);
			for (int i = 0; i < count; i++) {
				writeVarint64(buckets.counts().get(i));
			}
		}
	}

	private void writeExemplars(int field, List<? extends ExemplarData> exemplars) {
		for (int i = 0, n = exemplars.size(); i < n; i++) {
			ExemplarData exemplar = exemplars.get(i);
			startMessage(field);
			writeAttributes(Exemplar.FILTERED_ATTRIBUTES_FIELD_NUMBER, exemplar.filteredAttributes());
			writeFixed64(Exemplar.TIME_UNIX_NANO_FIELD_NUMBER, exemplar.epochNanos());
			if (exemplar instanceof LongExemplarData longExemplar) {
				writeTag(Exemplar.AS_INT_FIELD_NUMBER, WireFormat.WIRETYPE_FIXED64);
				writeLittleEndian(longExemplar.value());
			}
			else {
				writeTag(Exemplar.AS_DOUBLE_FIELD_NUMBER, WireFormat.WIRETYPE_FIXED64);
				writeLittleEndian(Double.doubleToRawLongBits(exemplar.doubleValue()));
			}
			SpanContext context = exemplar.spanContext();
			if (context.isValid()) {
				writeTag(Exemplar.SPAN_ID_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
				writeVarint(8);
				writeBigEndian(context.getSpanIdLong());
				writeTag(Exemplar.TRACE_ID_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
				writeVarint(16);
				writeBigEndian(context.getTraceIdHigh());
				writeBigEndian(context.getTraceIdLow());
			}
		}
	}

	private void writeTemporality(int field, AggregationTemporality temporality) {
		int value = temporality(temporality);
		if (value != 0) {
			writeTag(field, WireFormat.WIRETYPE_VARINT);
			writeVarint(value);
		}
	}

	private void writeDoubleAlways(int field, double value) {
		writeTag(field, WireFormat.WIRETYPE_FIXED64);
		writeLittleEndian(Double.doubleToRawLongBits(value));
	}

	private void writeSInt32(int field, int value) {
		if (value != 0) {
			writeTag(field, WireFormat.WIRETYPE_VARINT);
			writeVarint((value << 1) ^ (value >> 31));
		}
	}

	static int temporality(AggregationTemporality temporality) {
		return switch (temporality) {
			case DELTA -> io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA_VALUE;
			case CUMULATIVE ->
				io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE_VALUE;
		};
	}

}

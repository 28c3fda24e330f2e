package dev.telemetry.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.metrics.data.DoubleExemplarData;
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
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfoBuilder;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableDoubleExemplarData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableDoublePointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableExponentialHistogramBuckets;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableExponentialHistogramData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableGaugeData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableLongExemplarData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableLongPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableSumData;

/**
 * Copies this SDK's {@link MetricData} into OpenTelemetry Java's, field by field, so that
 * the same data can go through both SDKs' OTLP encoders and the requests be compared.
 * Resources and scopes that are the same instance here are the same instance there, as
 * they are when one SDK produced them.
 */
public final class OtelMetricData {

	private final Map<Resource, io.opentelemetry.sdk.resources.Resource> resources = new IdentityHashMap<>();

	private final Map<InstrumentationScope, InstrumentationScopeInfo> scopes = new IdentityHashMap<>();

	/**
	 * Converts a collection of metrics.
	 * @param metrics this SDK's metrics
	 * @return OpenTelemetry's, in the same order
	 */
	public static List<io.opentelemetry.sdk.metrics.data.MetricData> convert(Collection<MetricData> metrics) {
		OtelMetricData converter = new OtelMetricData();
		List<io.opentelemetry.sdk.metrics.data.MetricData> converted = new ArrayList<>(metrics.size());
		for (MetricData metric : metrics) {
			converted.add(converter.metric(metric));
		}
		return converted;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private io.opentelemetry.sdk.metrics.data.MetricData metric(MetricData metric) {
		io.opentelemetry.sdk.resources.Resource resource = this.resources.computeIfAbsent(metric.resource(),
				(ours) -> io.opentelemetry.sdk.resources.Resource.create(attributes(ours.getAttributes())));
		InstrumentationScopeInfo scope = this.scopes.computeIfAbsent(metric.scope(), OtelMetricData::scope);
		AggregationTemporality temporality = AggregationTemporality.valueOf(metric.temporality().name());
		List points = new ArrayList<>();
		for (PointData point : metric.points()) {
			points.add(point(point));
		}
		return switch (metric.type()) {
			case LONG_GAUGE -> ImmutableMetricData.createLongGauge(resource, scope, metric.name(), metric.description(),
					metric.unit(), ImmutableGaugeData.create(points));
			case DOUBLE_GAUGE -> ImmutableMetricData.createDoubleGauge(resource, scope, metric.name(),
					metric.description(), metric.unit(), ImmutableGaugeData.create(points));
			case LONG_SUM -> ImmutableMetricData.createLongSum(resource, scope, metric.name(), metric.description(),
					metric.unit(), ImmutableSumData.create(metric.monotonic(), temporality, points));
			case DOUBLE_SUM -> ImmutableMetricData.createDoubleSum(resource, scope, metric.name(), metric.description(),
					metric.unit(), ImmutableSumData.create(metric.monotonic(), temporality, points));
			case HISTOGRAM -> ImmutableMetricData.createDoubleHistogram(resource, scope, metric.name(),
					metric.description(), metric.unit(), ImmutableHistogramData.create(temporality, points));
			case EXPONENTIAL_HISTOGRAM -> ImmutableMetricData.createExponentialHistogram(resource, scope, metric.name(),
					metric.description(), metric.unit(), ImmutableExponentialHistogramData.create(temporality, points));
		};
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static io.opentelemetry.sdk.metrics.data.PointData point(PointData point) {
		io.opentelemetry.api.common.Attributes attributes = attributes(point.attributes());
		List exemplars = new ArrayList<>();
		for (ExemplarData exemplar : point.exemplars()) {
			exemplars.add(exemplar(exemplar));
		}
		if (point instanceof LongPointData p) {
			return ImmutableLongPointData.create(p.startEpochNanos(), p.epochNanos(), attributes, p.value(), exemplars);
		}
		if (point instanceof DoublePointData p) {
			return ImmutableDoublePointData.create(p.startEpochNanos(), p.epochNanos(), attributes, p.value(),
					exemplars);
		}
		if (point instanceof HistogramPointData p) {
			return ImmutableHistogramPointData.create(p.startEpochNanos(), p.epochNanos(), attributes, p.sum(),
					p.hasMin(), p.min(), p.hasMax(), p.max(), p.boundaries(), p.counts(), exemplars);
		}
		ExponentialHistogramPointData p = (ExponentialHistogramPointData) point;
		return ImmutableExponentialHistogramPointData.create(p.scale(), p.sum(), p.zeroCount(), p.hasMin(), p.min(),
				p.hasMax(), p.max(), buckets(p.scale(), p.positive()), buckets(p.scale(), p.negative()),
				p.startEpochNanos(), p.epochNanos(), attributes, exemplars);
	}

	private static io.opentelemetry.sdk.metrics.data.ExponentialHistogramBuckets buckets(int scale,
			ExponentialHistogramBuckets buckets) {
		return ImmutableExponentialHistogramBuckets.create(scale, buckets.offset(), buckets.counts());
	}

	private static io.opentelemetry.sdk.metrics.data.ExemplarData exemplar(ExemplarData exemplar) {
		io.opentelemetry.api.trace.SpanContext context = spanContext(exemplar.spanContext());
		io.opentelemetry.api.common.Attributes filtered = attributes(exemplar.filteredAttributes());
		if (exemplar instanceof LongExemplarData e) {
			return ImmutableLongExemplarData.create(filtered, e.epochNanos(), context, e.value());
		}
		DoubleExemplarData e = (DoubleExemplarData) exemplar;
		return ImmutableDoubleExemplarData.create(filtered, e.epochNanos(), context, e.value());
	}

	private static io.opentelemetry.api.trace.SpanContext spanContext(SpanContext context) {
		if (!context.isValid()) {
			return io.opentelemetry.api.trace.SpanContext.getInvalid();
		}
		return io.opentelemetry.api.trace.SpanContext.create(context.getTraceId(), context.getSpanId(),
				TraceFlags.fromByte(context.getTraceFlags()), TraceState.getDefault());
	}

	private static InstrumentationScopeInfo scope(InstrumentationScope scope) {
		InstrumentationScopeInfoBuilder builder = InstrumentationScopeInfo.builder(scope.name());
		if (scope.version() != null) {
			builder.setVersion(scope.version());
		}
		if (scope.schemaUrl() != null) {
			builder.setSchemaUrl(scope.schemaUrl());
		}
		return builder.setAttributes(attributes(scope.attributes())).build();
	}

	/**
	 * Copies attributes of the four types the {@link Attributes} contract allows.
	 * @param attributes this SDK's attributes
	 * @return OpenTelemetry's
	 */
	public static io.opentelemetry.api.common.Attributes attributes(Attributes attributes) {
		AttributesBuilder builder = io.opentelemetry.api.common.Attributes.builder();
		for (int i = 0; i < attributes.size(); i++) {
			String key = attributes.key(i);
			Object value = attributes.value(i);
			if (value instanceof Long number) {
				builder.put(AttributeKey.longKey(key), number);
			}
			else if (value instanceof Double number) {
				builder.put(AttributeKey.doubleKey(key), number);
			}
			else if (value instanceof Boolean bool) {
				builder.put(AttributeKey.booleanKey(key), bool);
			}
			else {
				builder.put(AttributeKey.stringKey(key), String.valueOf(value));
			}
		}
		return builder.build();
	}

	private OtelMetricData() {
	}

}

package dev.telemetry.sdk.export.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import com.google.protobuf.ByteString;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.data.AggregationTemporality;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.data.MetricDataType;
import dev.telemetry.testing.MetricSamples;
import dev.telemetry.testing.OtelMetricData;
import io.opentelemetry.exporter.internal.otlp.metrics.LowAllocationMetricsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link MetricsRequestEncoder}: its bytes decode to the same request as
 * OpenTelemetry Java's marshalers produce for the same data, field by field, and a few
 * fields are checked by hand besides.
 */
@Timeout(10)
class MetricsRequestEncoderTests {

	private static final Comparator<KeyValue> BY_KEY = Comparator.comparing(KeyValue::getKey);

	@Test
	void everyMetricTypeDecodesToWhatOpenTelemetrysMarshalersWrite() throws IOException {
		List<MetricData> metrics = MetricSamples.everyType();

		ExportMetricsServiceRequest ours = ExportMetricsServiceRequest
			.parseFrom(new MetricsRequestEncoder().toByteArray(metrics));

		assertThat(normalise(ours)).isEqualTo(normalise(otelImmutable(metrics)))
			.isEqualTo(normalise(otelReusable(metrics)));
	}

	@Test
	void aLargeCollectionOfHistogramsDecodesToWhatOpenTelemetrysMarshalersWrite() throws IOException {
		List<MetricData> metrics = MetricSamples.histograms(10, 100);

		ExportMetricsServiceRequest ours = ExportMetricsServiceRequest
			.parseFrom(new MetricsRequestEncoder().toByteArray(metrics));

		assertThat(normalise(ours)).isEqualTo(normalise(otelImmutable(metrics)));
		assertThat(ours.getResourceMetrics(0).getScopeMetrics(0).getMetricsList())
			.allSatisfy((metric) -> assertThat(metric.getHistogram().getDataPointsList()).hasSize(100));
	}

	@Test
	void theComparisonNoticesAChangedBucketCount() throws IOException {
		List<MetricData> metrics = MetricSamples.everyType();
		ExportMetricsServiceRequest.Builder changed = ExportMetricsServiceRequest
			.parseFrom(new MetricsRequestEncoder().toByteArray(metrics))
			.toBuilder();
		changed.getResourceMetricsBuilder(1)
			.getScopeMetricsBuilder(1)
			.getMetricsBuilder(0)
			.getExponentialHistogramBuilder()
			.getDataPointsBuilder(0)
			.getPositiveBuilder()
			.setBucketCounts(1, 1);

		assertThat(normalise(changed.build())).isNotEqualTo(normalise(otelImmutable(metrics)));
	}

	@Test
	void groupsByResourceThenScopeInOrderOfFirstAppearance() throws IOException {
		ExportMetricsServiceRequest request = ExportMetricsServiceRequest
			.parseFrom(new MetricsRequestEncoder().toByteArray(MetricSamples.everyType()));

		assertThat(request.getResourceMetricsList()).hasSize(2);
		ResourceMetrics checkout = request.getResourceMetrics(0);
		assertThat(checkout.getResource().getAttributesList()).extracting(KeyValue::getKey)
			.containsExactly("service.name", "service.instance.count", "service.load", "service.canary");
		assertThat(checkout.getScopeMetricsList()).extracting((scope) -> scope.getScope().getName())
			.containsExactly("dev.telemetry.http", "dev.telemetry.jvm");
		ScopeMetrics jvm = checkout.getScopeMetrics(1);
		assertThat(jvm.getSchemaUrl()).isEqualTo("https://opentelemetry.io/schemas/1.37.0");
		assertThat(jvm.getScope().getVersion()).isEqualTo("1.0.0");
		assertThat(jvm.getScope().getAttributes(0).getValue().getStringValue()).isEqualTo("hotspot");
		assertThat(jvm.getMetricsList()).extracting(Metric::getName)
			.containsExactly("jvm.cpu.recent_utilization", "jvm.thread.count", "jvm.memory.used");
		assertThat(request.getResourceMetrics(1).getScopeMetricsList())
			.extracting((scope) -> scope.getScope().getName())
			.containsExactly("dev.telemetry.http", "bare");
	}

	@Test
	void writesTemporalityMonotonicityStartTimesAndExemplars() throws IOException {
		ExportMetricsServiceRequest request = ExportMetricsServiceRequest
			.parseFrom(new MetricsRequestEncoder().toByteArray(MetricSamples.everyType()));
		List<Metric> metrics = request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList();

		Metric active = metrics.get(0);
		assertThat(active.getSum().getIsMonotonic()).isFalse();
		assertThat(active.getSum().getAggregationTemporality())
			.isEqualTo(io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
		assertThat(active.getSum().getDataPoints(1).getAsInt()).isEqualTo(-4);
		Metric requests = metrics.get(1);
		assertThat(requests.getSum().getIsMonotonic()).isTrue();
		assertThat(requests.getSum().getAggregationTemporality())
			.isEqualTo(io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
		NumberDataPoint point = requests.getSum().getDataPoints(0);
		assertThat(point.getStartTimeUnixNano()).isEqualTo(MetricSamples.NOW - 1000);
		assertThat(point.getTimeUnixNano()).isEqualTo(MetricSamples.NOW);
		assertThat(point.getValueCase()).isEqualTo(NumberDataPoint.ValueCase.AS_INT);
		Exemplar sampled = point.getExemplars(0);
		assertThat(sampled.getTraceId()).isEqualTo(hex(MetricSamples.TRACE_ID));
		assertThat(sampled.getSpanId()).isEqualTo(hex(MetricSamples.SPAN_ID));
		assertThat(sampled.getAsInt()).isEqualTo(7);
		assertThat(sampled.getFilteredAttributes(0).getKey()).isEqualTo("user.id");
		Exemplar outsideASpan = point.getExemplars(1);
		assertThat(outsideASpan.getTraceId()).isEmpty();
		assertThat(outsideASpan.getSpanId()).isEmpty();
		HistogramDataPoint histogram = metrics.get(2).getHistogram().getDataPoints(0);
		assertThat(histogram.getExplicitBoundsList()).containsExactly(0.1, 0.5, 1.0);
		assertThat(histogram.getBucketCountsList()).containsExactly(2L, 1L, 2L, 0L);
		assertThat(histogram.hasSum()).isTrue();
		assertThat(histogram.getMin()).isEqualTo(0.05);
		assertThat(metrics.get(2).getHistogram().getDataPoints(1).hasMin()).isFalse();
	}

	@Test
	void writesExponentialHistogramScaleBucketsAndZeroCount() throws IOException {
		ExportMetricsServiceRequest request = ExportMetricsServiceRequest
			.parseFrom(new MetricsRequestEncoder().toByteArray(MetricSamples.everyType()));
		Metric wait = request.getResourceMetrics(1).getScopeMetrics(1).getMetrics(0);

		ExponentialHistogramDataPoint point = wait.getExponentialHistogram().getDataPoints(0);
		assertThat(point.getScale()).isEqualTo(3);
		assertThat(point.getZeroCount()).isOne();
		assertThat(point.getPositive().getOffset()).isEqualTo(-3);
		assertThat(point.getPositive().getBucketCountsList()).containsExactly(1L, 0L, 200L, 1L << 40);
		assertThat(point.getNegative().getOffset()).isEqualTo(2);
		assertThat(wait.getExponentialHistogram().getDataPoints(1).getScale()).isEqualTo(-2);
		assertThat(wait.getExponentialHistogram().getDataPoints(2).getPositive().getOffset()).isEqualTo(-1_000_000);
	}

	@Test
	void aReusedEncoderWritesEachCollectionAfresh() throws IOException {
		MetricsRequestEncoder encoder = new MetricsRequestEncoder();
		List<MetricData> large = MetricSamples.histograms(3, 50);
		List<MetricData> small = List.of(counter("small", 1));

		byte[] first = encoder.toByteArray(large);
		byte[] second = encoder.toByteArray(small);
		byte[] third = encoder.toByteArray(large);

		assertThat(third).isEqualTo(first);
		assertThat(ExportMetricsServiceRequest.parseFrom(second)
			.getResourceMetrics(0)
			.getScopeMetrics(0)
			.getMetrics(0)
			.getSum()
			.getDataPoints(0)
			.getAsInt()).isOne();
		assertThat(encoder.toByteArray(List.of())).isEmpty();
	}

	@Test
	void failsForAMetricWithoutAPointTypeItCanWriteRatherThanSendGarbage() {
		MetricsRequestEncoder encoder = new MetricsRequestEncoder();
		assertThatNullPointerException()
			.isThrownBy(() -> encoder.toByteArray(java.util.Collections.singletonList(null)));
		// The next collection is not affected.
		assertThat(encoder.toByteArray(List.of(counter("after", 2)))).isNotEmpty();
	}

	private static MetricData counter(String name, long value) {
		return new MetricData(MetricSamples.CHECKOUT, MetricSamples.HTTP, name, "", "", MetricDataType.LONG_SUM,
				AggregationTemporality.CUMULATIVE, true, List.of(new LongPointData(MetricSamples.START,
						MetricSamples.NOW, Attributes.empty(), value, List.of())));
	}

	static ExportMetricsServiceRequest otelImmutable(List<MetricData> metrics) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		MetricsRequestMarshaler.create(OtelMetricData.convert(metrics)).writeBinaryTo(out);
		return ExportMetricsServiceRequest.parseFrom(out.toByteArray());
	}

	static ExportMetricsServiceRequest otelReusable(List<MetricData> metrics) throws IOException {
		LowAllocationMetricsRequestMarshaler marshaler = new LowAllocationMetricsRequestMarshaler();
		marshaler.initialize(OtelMetricData.convert(metrics));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		marshaler.writeBinaryTo(out);
		return ExportMetricsServiceRequest.parseFrom(out.toByteArray());
	}

	/**
	 * Removes what is not a difference of encoding: OpenTelemetry sorts attributes by key
	 * (OTLP gives their order no meaning), and groups resources and scopes in hash order.
	 */
	static ExportMetricsServiceRequest normalise(ExportMetricsServiceRequest request) {
		ExportMetricsServiceRequest.Builder builder = request.toBuilder();
		List<ResourceMetrics> resources = new ArrayList<>();
		for (ResourceMetrics.Builder resource : builder.getResourceMetricsBuilderList()) {
			sort(resource.getResourceBuilder().getAttributesList(),
					(sorted) -> resource.getResourceBuilder().clearAttributes().addAllAttributes(sorted));
			List<ScopeMetrics> scopes = new ArrayList<>();
			for (ScopeMetrics.Builder scope : resource.getScopeMetricsBuilderList()) {
				sort(scope.getScopeBuilder().getAttributesList(),
						(sorted) -> scope.getScopeBuilder().clearAttributes().addAllAttributes(sorted));
				for (Metric.Builder metric : scope.getMetricsBuilderList()) {
					// Only the builder of the metric's own kind: another would switch the
					// oneof.
					switch (metric.getDataCase()) {
						case SUM -> metric.getSumBuilder().getDataPointsBuilderList().forEach((point) -> {
							sort(point.getAttributesList(),
									(sorted) -> point.clearAttributes().addAllAttributes(sorted));
							point.getExemplarsBuilderList().forEach(MetricsRequestEncoderTests::sortExemplar);
						});
						case GAUGE -> metric.getGaugeBuilder().getDataPointsBuilderList().forEach((point) -> {
							sort(point.getAttributesList(),
									(sorted) -> point.clearAttributes().addAllAttributes(sorted));
							point.getExemplarsBuilderList().forEach(MetricsRequestEncoderTests::sortExemplar);
						});
						case HISTOGRAM -> metric.getHistogramBuilder().getDataPointsBuilderList().forEach((point) -> {
							sort(point.getAttributesList(),
									(sorted) -> point.clearAttributes().addAllAttributes(sorted));
							point.getExemplarsBuilderList().forEach(MetricsRequestEncoderTests::sortExemplar);
						});
						case EXPONENTIAL_HISTOGRAM ->
							metric.getExponentialHistogramBuilder().getDataPointsBuilderList().forEach((point) -> {
								sort(point.getAttributesList(),
										(sorted) -> point.clearAttributes().addAllAttributes(sorted));
								point.getExemplarsBuilderList().forEach(MetricsRequestEncoderTests::sortExemplar);
							});
						default -> throw new IllegalStateException("No data in " + metric.getName());
					}
				}
				scopes.add(scope.build());
			}
			scopes.sort(Comparator.comparing((ScopeMetrics scope) -> scope.getScope().getName()));
			resources.add(resource.clearScopeMetrics().addAllScopeMetrics(scopes).build());
		}
		resources.sort(Comparator.comparing((ResourceMetrics resource) -> resource.getResource().toString()));
		return builder.clearResourceMetrics().addAllResourceMetrics(resources).build();
	}

	private static void sortExemplar(Exemplar.Builder exemplar) {
		sort(exemplar.getFilteredAttributesList(),
				(sorted) -> exemplar.clearFilteredAttributes().addAllFilteredAttributes(sorted));
	}

	private static void sort(List<KeyValue> attributes, java.util.function.Consumer<List<KeyValue>> replace) {
		List<KeyValue> sorted = new ArrayList<>(attributes);
		sorted.sort(BY_KEY);
		replace.accept(sorted);
	}

	private static ByteString hex(String hex) {
		return ByteString.copyFrom(HexFormat.of().parseHex(hex));
	}

}

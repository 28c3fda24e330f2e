package dev.telemetry.sdk.export.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.testing.MetricSamples;
import dev.telemetry.testing.TraceRequestMessages;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link OtlpEncoder}: the exporters' bytes, through the public API.
 */
@Timeout(10)
class OtlpEncoderTests {

	@Test
	void spansEncodeToTheBytesTheExporterSends() throws IOException {
		List<SpanData> spans = List.of(RichSpans.serverSpan(), RichSpans.clientSpan());
		OtlpEncoder<SpanData> encoder = OtlpEncoder.spans();

		byte[] bytes = encoder.toByteArray(spans);

		assertThat(bytes).isEqualTo(new TraceRequestEncoder().toByteArray(spans))
			.isEqualTo(TraceRequestMessages.encode(spans).toByteArray());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		encoder.writeTo(spans, out);
		assertThat(out.toByteArray()).isEqualTo(bytes);
		assertThat(ExportTraceServiceRequest.parseFrom(bytes).getResourceSpansCount()).isOne();
	}

	@Test
	void metricsEncodeToTheBytesTheExporterSends() throws IOException {
		List<MetricData> metrics = MetricSamples.everyType();
		OtlpEncoder<MetricData> encoder = OtlpEncoder.metrics();

		byte[] bytes = encoder.toByteArray(metrics);

		assertThat(bytes).isEqualTo(new MetricsRequestEncoder().toByteArray(metrics));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		encoder.writeTo(metrics, out);
		assertThat(out.toByteArray()).isEqualTo(bytes);
		assertThat(ExportMetricsServiceRequest.parseFrom(bytes).getResourceMetricsList())
			.flatMap((resource) -> resource.getScopeMetricsList())
			.flatMap((scope) -> scope.getMetricsList())
			.hasSize(metrics.size());
	}

	@Test
	void aMalformedBatchFailsAndTheEncoderStaysUsable() {
		OtlpEncoder<SpanData> encoder = OtlpEncoder.spans();

		assertThatNullPointerException().isThrownBy(() -> encoder.toByteArray(null));
		assertThatNullPointerException()
			.isThrownBy(() -> encoder.toByteArray(java.util.Collections.singletonList(null)));
		assertThat(encoder.toByteArray(List.of(RichSpans.serverSpan()))).isNotEmpty();
	}

}

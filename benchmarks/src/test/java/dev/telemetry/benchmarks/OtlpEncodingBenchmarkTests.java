package dev.telemetry.benchmarks;

import java.io.IOException;
import java.util.List;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Checks the premise of the encoding benchmark: both SDKs recorded the same 512 spans and
 * both encoders turn them into the same OTLP request.
 */
@Timeout(60)
class OtlpEncodingBenchmarkTests {

	@Test
	void bothEncodersProduceTheSameRequest() throws IOException {
		SpanBatches batches = SpanBatches.create(SpanBatches.BATCH_SIZE);
		ExportTraceServiceRequest request = EncodingEquivalence.check(OtlpEncodingBenchmark.encodeOurs(batches.ours()),
				OtlpEncodingBenchmark.encodeOtel(batches.otel()));
		assertThat(request.getResourceSpansCount()).isOne();
		assertThat(request.getResourceSpans(0).getScopeSpansCount()).isOne();
		assertThat(request.getResourceSpans(0).getScopeSpans(0).getSpansList()).hasSize(SpanBatches.BATCH_SIZE)
			.allSatisfy((span) -> assertThat(span.getAttributesList()).hasSize(8));
		Span child = request.getResourceSpans(0).getScopeSpans(0).getSpans(1);
		assertThat(child.getParentSpanId())
			.isEqualTo(request.getResourceSpans(0).getScopeSpans(0).getSpans(0).getSpanId());
	}

	@Test
	void theCheckNoticesADifference() throws IOException {
		SpanBatches batches = SpanBatches.create(16);
		ExportTraceServiceRequest ours = ExportTraceServiceRequest
			.parseFrom(OtlpEncodingBenchmark.encodeOurs(batches.ours()));
		ExportTraceServiceRequest.Builder changed = ours.toBuilder();
		changed.getResourceSpansBuilder(0).getScopeSpansBuilder(0).getSpansBuilder(3).setEndTimeUnixNano(1);
		byte[] otel = OtlpEncodingBenchmark.encodeOtel(batches.otel());
		assertThatIllegalStateException()
			.isThrownBy(() -> EncodingEquivalence.check(changed.build().toByteArray(), otel));
	}

	@Test
	void everyEncoderOfTheBenchmarkRuns() throws IOException {
		for (String shape : new String[] { "MIXED", "ORDERS" }) {
			for (String encoder : new String[] { "ours", "ours-messages", "otel-reusable", "otel-immutable" }) {
				OtlpEncodingBenchmark benchmark = new OtlpEncodingBenchmark();
				benchmark.encoder = encoder;
				benchmark.shape = shape;
				benchmark.batches = 2;
				benchmark.setUp();
				assertThat(benchmark.encode()).as(encoder + " " + shape).isGreaterThan(SpanBatches.BATCH_SIZE * 100);
			}
		}
	}

	@Test
	void theOrdersShapeIsAServerAndAJdbcSpanPerRequest() throws IOException {
		SpanBatches batches = SpanBatches.create(SpanBatches.BATCH_SIZE, SpanBatches.Shape.ORDERS);
		ExportTraceServiceRequest request = EncodingEquivalence.check(OtlpEncodingBenchmark.encodeOurs(batches.ours()),
				OtlpEncodingBenchmark.encodeOtel(batches.otel()));
		List<Span> spans = request.getResourceSpans(0).getScopeSpans(0).getSpansList();
		assertThat(spans).hasSize(SpanBatches.BATCH_SIZE);
		for (int i = 0; i < spans.size(); i += 2) {
			assertThat(spans.get(i).getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
			assertThat(spans.get(i).getParentSpanId().isEmpty()).isTrue();
			assertThat(spans.get(i + 1).getName()).isEqualTo("SELECT orders");
			assertThat(spans.get(i + 1).getParentSpanId()).isEqualTo(spans.get(i).getSpanId());
			assertThat(spans.get(i + 1).getTraceId()).isEqualTo(spans.get(i).getTraceId());
		}
		// What the table of scans relies on: the query text is one instance, the path a
		// new one per request.
		assertThat(batches.ours().get(1).getAttributes().value(4)).isSameAs(SpanBatches.ORDERS_QUERY);
		assertThat(batches.ours().get(0).getAttributes().value(1))
			.isNotSameAs(batches.ours().get(2).getAttributes().value(1))
			.isEqualTo("/orders/1");
	}

}

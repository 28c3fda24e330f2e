package dev.telemetry.benchmarks;

import java.io.IOException;

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
		for (String encoder : new String[] { "ours", "ours-messages", "otel-reusable", "otel-immutable" }) {
			OtlpEncodingBenchmark benchmark = new OtlpEncodingBenchmark();
			benchmark.encoder = encoder;
			benchmark.setUp();
			assertThat(benchmark.encode()).as(encoder).isGreaterThan(SpanBatches.BATCH_SIZE * 100);
		}
	}

}

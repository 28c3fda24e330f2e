package dev.telemetry.sdk.export.otlp;

import java.util.HexFormat;
import java.util.List;

import com.google.protobuf.CodedInputStream;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.SpanLimits;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.testing.SpanCollector;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@link TraceRequestEncoder} writes links and what the span limits dropped.
 */
class TraceRequestEncoderLinksAndLimitsTests {

	@Test
	void writesLinksAndEveryDroppedCount() throws Exception {
		SpanCollector collector = new SpanCollector();
		TracerProvider provider = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.setSpanLimits(new SpanLimits(1, 3, 1, 1, 1, 1))
			.addSpanProcessor(collector)
			.build();
		SpanContext linked = provider.get("test", null).spanBuilder("linked").startSpan().getSpanContext();
		SpanContext notKept = provider.get("test", null).spanBuilder("other").startSpan().getSpanContext();
		Span span = provider.get("test", null)
			.spanBuilder("s")
			.addLink(linked, Attributes.builder().put("kind", "follows").put("extra", 1L).build())
			.addLink(notKept)
			.startSpan();
		span.setAttribute("a", "abcdef").setAttribute("b", "dropped");
		span.addEvent("e", Attributes.builder().put("x", "1").put("y", "2").build());
		span.addEvent("dropped", Attributes.empty());
		span.end();
		TraceRequestEncoder encoder = new TraceRequestEncoder();
		int length = encoder.write(List.of(collector.awaitNamed("s")));
		ExportTraceServiceRequest request = ExportTraceServiceRequest
			.parseFrom(CodedInputStream.newInstance(encoder.buffer(), 0, length));
		io.opentelemetry.proto.trace.v1.Span encoded = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
		assertThat(encoded.getAttributes(0).getValue().getStringValue()).isEqualTo("abc");
		assertThat(encoded.getDroppedAttributesCount()).isEqualTo(1);
		assertThat(encoded.getEventsCount()).isEqualTo(1);
		assertThat(encoded.getEvents(0).getDroppedAttributesCount()).isEqualTo(1);
		assertThat(encoded.getDroppedEventsCount()).isEqualTo(1);
		assertThat(encoded.getLinksCount()).isEqualTo(1);
		assertThat(encoded.getDroppedLinksCount()).isEqualTo(1);
		io.opentelemetry.proto.trace.v1.Span.Link link = encoded.getLinks(0);
		assertThat(link.getTraceId().toByteArray()).isEqualTo(HexFormat.of().parseHex(linked.getTraceId()));
		assertThat(link.getSpanId().toByteArray()).isEqualTo(HexFormat.of().parseHex(linked.getSpanId()));
		assertThat(link.getAttributesList()).singleElement()
			.satisfies((attribute) -> assertThat(attribute.getValue().getStringValue()).isEqualTo("fol"));
		assertThat(link.getDroppedAttributesCount()).isEqualTo(1);
		assertThat(link.getFlags()).isEqualTo(TraceRequestEncoder.flags(linked.getTraceFlags(), false));
	}

}

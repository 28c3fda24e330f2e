package dev.telemetry.sdk.export.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.google.protobuf.ByteString;
import dev.telemetry.testing.TraceRequestMessages;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.testing.TestSpanData;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.StatusCode;
import dev.telemetry.sdk.trace.span.StatusData;
import dev.telemetry.sdk.trace.span.TraceFlags;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link TraceRequestEncoder}, without a network, against the protobuf builders
 * ({@link TraceRequestMessages}).
 */
class TraceRequestEncoderTests {

	@Test
	@Timeout(10)
	void encodesEveryFieldOfASpanWithRemoteParent() {
		ExportTraceServiceRequest request = TraceRequestMessages.encode(List.of(RichSpans.serverSpan()));

		assertThat(request.getResourceSpansCount()).isOne();
		ResourceSpans resourceSpans = request.getResourceSpans(0);
		assertThat(resourceSpans.getResource().getAttributesList()).containsExactly(
				stringAttribute("service.name", "checkout"), intAttribute("service.instance.count", 3),
				doubleAttribute("service.load", 0.5), boolAttribute("service.canary", true));
		assertThat(resourceSpans.getScopeSpansCount()).isOne();
		ScopeSpans scopeSpans = resourceSpans.getScopeSpans(0);
		assertThat(scopeSpans.getScope().getName()).isEqualTo("dev.telemetry.http");
		assertThat(scopeSpans.getScope().getVersion()).isEqualTo("2.1.0");
		assertThat(scopeSpans.getSpansCount()).isOne();
		Span span = scopeSpans.getSpans(0);
		assertThat(span.getTraceId()).isEqualTo(hex(RichSpans.TRACE_ID_HEX));
		assertThat(span.getSpanId()).isEqualTo(hex(RichSpans.SERVER_SPAN_HEX));
		assertThat(span.getParentSpanId()).isEqualTo(hex(RichSpans.REMOTE_PARENT_HEX));
		assertThat(span.getTraceState()).isEqualTo("vendor=abc,t@sys=x1");
		// sampled | random, has-is-remote, is-remote
		assertThat(span.getFlags()).isEqualTo(0x03 | 0x100 | 0x200);
		assertThat(span.getName()).isEqualTo("GET /orders");
		assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
		assertThat(span.getStartTimeUnixNano()).isEqualTo(1_000_000_001L);
		assertThat(span.getEndTimeUnixNano()).isEqualTo(2_000_000_002L);
		assertThat(span.getAttributesList()).containsExactly(stringAttribute("http.request.method", "GET"),
				intAttribute("http.response.status_code", 500), doubleAttribute("sampling.ratio", 0.25),
				boolAttribute("retry", true));
		assertThat(span.getDroppedAttributesCount()).isEqualTo(2);
		assertThat(span.getEventsCount()).isEqualTo(2);
		assertThat(span.getEvents(0).getName()).isEqualTo("exception");
		assertThat(span.getEvents(0).getTimeUnixNano()).isEqualTo(1_500_000_123L);
		assertThat(span.getEvents(0).getAttributesList()).containsExactly(
				stringAttribute("exception.type", "java.io.IOException"), boolAttribute("exception.escaped", false));
		assertThat(span.getEvents(1).getName()).isEqualTo("retry");
		assertThat(span.getEvents(1).getTimeUnixNano()).isEqualTo(1_700_000_000L);
		assertThat(span.getEvents(1).getAttributesList()).isEmpty();
		assertThat(span.getDroppedEventsCount()).isEqualTo(7);
		assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(span.getStatus().getMessage()).isEqualTo("boom");
		assertThat(span.getLinksList()).isEmpty();
	}

	@Test
	@Timeout(10)
	void encodesLocalParentUnsampledFlagsAndOkStatus() {
		Span span = onlySpan(TraceRequestMessages.encode(List.of(RichSpans.clientSpan())));

		assertThat(span.getParentSpanId()).isEqualTo(hex(RichSpans.SERVER_SPAN_HEX));
		assertThat(span.getSpanId()).isEqualTo(hex(RichSpans.CLIENT_SPAN_HEX));
		assertThat(span.getFlags()).isEqualTo(0x100);
		assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
		assertThat(span.getTraceState()).isEmpty();
		assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_OK);
		assertThat(span.getStatus().getMessage()).isEmpty();
	}

	@Test
	@Timeout(10)
	void encodesRootSpanWithEmptyParentAndUnsetStatus() {
		Span span = onlySpan(TraceRequestMessages.encode(List.of(TestSpanData.of("root", 42))));

		assertThat(span.getParentSpanId()).isEqualTo(ByteString.EMPTY);
		assertThat(span.getFlags()).isEqualTo(TraceFlags.SAMPLED | TraceFlags.RANDOM | 0x100);
		assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
		assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
		assertThat(span.getTraceId()).isEqualTo(hex("0af7651916cd43dd8448eb211c80319c"));
		assertThat(span.getSpanId()).isEqualTo(hex("000000000000002a"));
	}

	@Test
	@Timeout(10)
	void mapsEverySpanKind() {
		assertThat(List.of(SpanKind.values()).stream().map(TraceRequestEncoder::kind)).containsExactly(
				Span.SpanKind.SPAN_KIND_INTERNAL, Span.SpanKind.SPAN_KIND_SERVER, Span.SpanKind.SPAN_KIND_CLIENT,
				Span.SpanKind.SPAN_KIND_PRODUCER, Span.SpanKind.SPAN_KIND_CONSUMER);
	}

	@Test
	@Timeout(10)
	void keepsTheFullTraceFlagsByteInTheLowBits() {
		assertThat(TraceRequestEncoder.flags((byte) 0xFF, false)).isEqualTo(0x1FF);
		assertThat(TraceRequestEncoder.flags((byte) 0x80, true)).isEqualTo(0x380);
	}

	@Test
	@Timeout(10)
	void groupsByResourceThenScopeInOrderOfFirstAppearance() {
		Resource payments = Resource.create(Attributes.of("service.name", "payments"));
		InstrumentationScope http = RichSpans.HTTP_SCOPE;
		InstrumentationScope jdbc = RichSpans.JDBC_SCOPE;
		List<SpanData> spans = List.of(RichSpans.span("a", 1, SpanKind.SERVER, RichSpans.CHECKOUT, http),
				RichSpans.span("b", 2, SpanKind.CLIENT, payments, jdbc),
				RichSpans.span("c", 3, SpanKind.CLIENT, RichSpans.CHECKOUT, jdbc),
				RichSpans.span("d", 4, SpanKind.PRODUCER, RichSpans.CHECKOUT, http),
				RichSpans.span("e", 5, SpanKind.CONSUMER, payments, jdbc));

		ExportTraceServiceRequest request = TraceRequestMessages.encode(spans);

		assertThat(request.getResourceSpansList()).extracting(this::serviceName)
			.containsExactly("checkout", "payments");
		ResourceSpans checkout = request.getResourceSpans(0);
		assertThat(checkout.getScopeSpansList()).extracting((scope) -> scope.getScope().getName())
			.containsExactly("dev.telemetry.http", "dev.telemetry.jdbc");
		assertThat(spanNames(checkout.getScopeSpans(0))).containsExactly("a", "d");
		assertThat(spanNames(checkout.getScopeSpans(1))).containsExactly("c");
		assertThat(checkout.getScopeSpans(1).getScope().getVersion()).isEmpty();
		ResourceSpans paymentsSpans = request.getResourceSpans(1);
		assertThat(paymentsSpans.getScopeSpansCount()).isOne();
		assertThat(spanNames(paymentsSpans.getScopeSpans(0))).containsExactly("b", "e");
	}

	@Test
	@Timeout(10)
	void mergesEqualResourcesThatAreDistinctInstances() {
		Resource first = Resource.create(Attributes.of("service.name", "same"));
		Resource second = Resource.create(Attributes.of("service.name", "same"));
		InstrumentationScope scope = new InstrumentationScope("scope", "1");
		InstrumentationScope equalScope = new InstrumentationScope("scope", "1");

		ExportTraceServiceRequest request = TraceRequestMessages
			.encode(List.of(RichSpans.span("a", 1, SpanKind.INTERNAL, first, scope),
					RichSpans.span("b", 2, SpanKind.INTERNAL, second, equalScope),
					RichSpans.span("c", 3, SpanKind.INTERNAL, first, equalScope)));

		assertThat(request.getResourceSpansCount()).isOne();
		assertThat(request.getResourceSpans(0).getScopeSpansCount()).isOne();
		assertThat(spanNames(request.getResourceSpans(0).getScopeSpans(0))).containsExactly("a", "b", "c");
	}

	@Test
	@Timeout(10)
	void encodesEmptyBatchAsEmptyRequest() {
		assertThat(TraceRequestMessages.encode(List.of())).isEqualTo(ExportTraceServiceRequest.getDefaultInstance());
	}

	@Test
	@Timeout(10)
	void writesTheBytesOfTheSameRequestAsTheBuilders() throws IOException {
		Resource payments = Resource.create(Attributes.of("service.name", "payments"));
		List<List<SpanData>> batches = List.of(List.of(RichSpans.serverSpan()), List.of(RichSpans.clientSpan()),
				List.of(TestSpanData.of("root", 42)), List.of(),
				List.of(RichSpans.span("a", 1, SpanKind.SERVER, RichSpans.CHECKOUT, RichSpans.HTTP_SCOPE),
						RichSpans.span("b", 2, SpanKind.CLIENT, payments, RichSpans.JDBC_SCOPE),
						RichSpans.span("c", 3, SpanKind.CLIENT, RichSpans.CHECKOUT, RichSpans.JDBC_SCOPE),
						RichSpans.span("d", 4, SpanKind.PRODUCER, RichSpans.CHECKOUT, RichSpans.HTTP_SCOPE),
						RichSpans.span("e", 5, SpanKind.CONSUMER, payments, RichSpans.JDBC_SCOPE),
						RichSpans.serverSpan(), RichSpans.clientSpan()));
		TraceRequestEncoder encoder = new TraceRequestEncoder();
		for (List<SpanData> batch : batches) {
			byte[] bytes = encoder.toByteArray(batch);
			assertThat(ExportTraceServiceRequest.parseFrom(bytes)).isEqualTo(TraceRequestMessages.encode(batch));
			assertThat(bytes).isEqualTo(TraceRequestMessages.encode(batch).toByteArray());
		}
	}

	@Test
	@Timeout(10)
	void writesValuesOutsideTheAttributesContractLikeTheBuilders() throws IOException {
		TestSpanData base = TestSpanData.of("odd", 7);
		Attributes odd = new Attributes() {

			private final Object[] values = { 7, 1.5f, List.of("x"), (short) 3, "", 0L, false, -0.0 };

			@Override
			public int size() {
				return this.values.length;
			}

			@Override
			public String key(int index) {
				return "k" + index;
			}

			@Override
			public Object value(int index) {
				return this.values[index];
			}

		};
		SpanData span = new TestSpanData("odd", base.getKind(), base.getSpanContext(), base.getParentSpanContext(), 1,
				2, odd, base.getEvents(), base.getStatus(), base.getResource(), base.getInstrumentationScope());

		byte[] bytes = new TraceRequestEncoder().toByteArray(List.of(span));

		assertThat(ExportTraceServiceRequest.parseFrom(bytes)).isEqualTo(TraceRequestMessages.encode(List.of(span)));
	}

	@Test
	@Timeout(10)
	void writesStringsOfEveryUtf8WidthLikeTheBuilders() throws IOException {
		// ASCII, Latin-1 (two bytes), three bytes, a surrogate pair (four bytes),
		// unpaired surrogates (one replacement byte each) and the empty string.
		String[] texts = { "GET", "caf\u00e9", "\u00ff", "\u20ac 5", "\ud83d\ude80 launch", "broken \ud83d",
				"\ude80 broken", "\ud83d", "" };
		TestSpanData base = TestSpanData.of("\u00fcberall", 8);
		AttributesBuilder attributes = Attributes.builder();
		for (int i = 0; i < texts.length; i++) {
			attributes.put("k\u00e9y." + i, texts[i]);
		}
		SpanData span = new TestSpanData("n\u20acme \ud83d\ude80", base.getKind(), base.getSpanContext(),
				base.getParentSpanContext(), 1, 2, attributes.build(), base.getEvents(),
				StatusData.of(StatusCode.ERROR, "f\u00e4iled \ud83d"), base.getResource(),
				base.getInstrumentationScope());
		TraceRequestEncoder encoder = new TraceRequestEncoder();

		byte[] bytes = encoder.toByteArray(List.of(span));

		assertThat(bytes).isEqualTo(TraceRequestMessages.encode(List.of(span)).toByteArray());
		for (String text : texts) {
			assertThat(TraceRequestEncoder.utf8Length(text)).as(text)
				.isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
		}
	}

	@Test
	@Timeout(10)
	void writesLargeItemsOfInterleavedGroupsAroundTheirEnvelopeLikeTheBuilders() throws IOException {
		// Items are written before their envelope: groups whose items and envelopes take
		// multi-byte lengths, with schema URLs after the items, in interleaved order.
		AttributesBuilder large = Attributes.builder();
		for (int i = 0; i < 400; i++) {
			large.put("attribute." + i, "value number " + i + " of a large item");
		}
		Attributes many = large.build();
		Resource payments = Resource.create(many);
		InstrumentationScope described = new InstrumentationScope("dev.telemetry.described", "1.0",
				"https://opentelemetry.io/schemas/1.37.0", Attributes.of("scope.kind", "test"));
		List<SpanData> spans = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			TestSpanData base = TestSpanData.of("item " + i, 100 + i);
			Resource resource = (i % 3 == 0) ? payments : RichSpans.CHECKOUT;
			InstrumentationScope scope = (i % 2 == 0) ? described : RichSpans.JDBC_SCOPE;
			spans.add(new TestSpanData(base.getName(), base.getKind(), base.getSpanContext(),
					base.getParentSpanContext(), 1, 2, (i % 4 == 1) ? many : base.getAttributes(), base.getEvents(),
					base.getStatus(), resource, scope));
		}
		TraceRequestEncoder encoder = new TraceRequestEncoder();

		for (List<SpanData> batch : List.of(spans, spans.subList(0, 1), spans)) {
			byte[] bytes = encoder.toByteArray(batch);

			assertThat(bytes).isEqualTo(TraceRequestMessages.encode(batch).toByteArray());
		}
	}

	@Test
	@Timeout(10)
	void writesRepeatedAndUniqueStringsOfEveryWidthLikeTheBuildersBatchAfterBatch() throws IOException {
		// Long enough for the table of scans, in every UTF-8 width, some unpaired.
		String[] texts = { "SELECT id FROM orders WHERE id = ?", "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e",
				"\u20ac 5 \u20ac 10 \u20ac 20 \u20ac 50", "\ud83d\ude80 launch \ud83d\ude80 again",
				"broken \ud83d and more text", "\ude80 broken at the start" };
		String name = "n\u20acme \ud83d\ude80 of the span";
		TestSpanData base = TestSpanData.of("base", 8);
		TraceRequestEncoder encoder = new TraceRequestEncoder();
		for (int batch = 0; batch < 3; batch++) {
			List<SpanData> spans = new ArrayList<>();
			for (int i = 0; i < 2 * StringScanCache.CAPACITY; i++) {
				AttributesBuilder attributes = Attributes.builder();
				for (int t = 0; t < texts.length; t++) {
					// The same instances span after span, equal copies, and strings seen
					// once: more than the table holds, so slots change hands mid-batch.
					attributes.put("repeated.key." + t, texts[t]);
					attributes.put("copied.value." + t, new String(texts[t].toCharArray()));
					attributes.put("unique.value." + t, texts[t] + " " + batch + "/" + i);
				}
				spans.add(new TestSpanData((i % 2 == 0) ? name : name + i, base.getKind(), base.getSpanContext(),
						base.getParentSpanContext(), 1, 2, attributes.build(), base.getEvents(),
						StatusData.of(StatusCode.ERROR, texts[i % texts.length]), base.getResource(),
						base.getInstrumentationScope()));
			}

			byte[] bytes = encoder.toByteArray(spans);

			assertThat(bytes).isEqualTo(TraceRequestMessages.encode(spans).toByteArray());
			assertThat(encoder.scans().size()).isPositive().isLessThanOrEqualTo(StringScanCache.CAPACITY);
		}
	}

	@Test
	@Timeout(10)
	void refusesAValueWhoseTextChangesBetweenThePassesRatherThanTruncateIt() {
		Object fickle = new Object() {

			private int calls;

			@Override
			public String toString() {
				return (this.calls++ == 0) ? "short" : "much longer";
			}

		};
		TestSpanData base = TestSpanData.of("fickle", 9);
		Attributes odd = new Attributes() {

			@Override
			public int size() {
				return 1;
			}

			@Override
			public String key(int index) {
				return "fickle";
			}

			@Override
			public Object value(int index) {
				return fickle;
			}

		};
		SpanData span = new TestSpanData("fickle", base.getKind(), base.getSpanContext(), base.getParentSpanContext(),
				1, 2, odd, base.getEvents(), base.getStatus(), base.getResource(), base.getInstrumentationScope());
		TraceRequestEncoder encoder = new TraceRequestEncoder();

		assertThatIllegalStateException().isThrownBy(() -> encoder.write(List.of(span)));
		// And the encoder still works afterwards.
		assertThat(encoder.write(List.of(base))).isPositive();
	}

	@Test
	@Timeout(10)
	void reusesItsBufferFromBatchToBatch() throws IOException {
		TraceRequestEncoder encoder = new TraceRequestEncoder();
		List<SpanData> large = List.of(RichSpans.serverSpan(), RichSpans.clientSpan(), TestSpanData.of("root", 42));
		List<SpanData> small = List.of(TestSpanData.of("small", 43));
		encoder.write(large);
		byte[] buffer = encoder.buffer();

		int length = encoder.write(small);

		assertThat(encoder.buffer()).isSameAs(buffer);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		new OtlpEncoder<>(encoder).writeTo(small, out);
		assertThat(out.size()).isEqualTo(length);
		assertThat(ExportTraceServiceRequest.parseFrom(out.toByteArray()))
			.isEqualTo(TraceRequestMessages.encode(small));
	}

	@Test
	@Timeout(10)
	void growsNoLargerThanTheBufferItKeepsForARequestThatFitsIt() throws IOException {
		// Growing by an eighth or by doubling would pass the 4 MB it keeps, and the next
		// request would throw that buffer away.
		TestSpanData base = TestSpanData.of("large", 44);
		SpanData large = new TestSpanData(base.getName(), base.getKind(), base.getSpanContext(),
				base.getParentSpanContext(), 1, 2, Attributes.of("payload", "x".repeat(3_800_000)), base.getEvents(),
				base.getStatus(), base.getResource(), base.getInstrumentationScope());
		TraceRequestEncoder encoder = new TraceRequestEncoder();

		int length = encoder.write(List.of(large));
		byte[] buffer = encoder.buffer();
		encoder.write(List.of(large));

		assertThat(length).isGreaterThan(3_800_000);
		assertThat(buffer.length).isBetween(length, 4 * 1024 * 1024);
		assertThat(encoder.buffer()).isSameAs(buffer);
	}

	@Test
	@Timeout(10)
	void throwsForASpanWithoutNameWhenWritingBytes() {
		TestSpanData base = TestSpanData.of("x", 1);
		SpanData nameless = new TestSpanData(null, base.getKind(), base.getSpanContext(), base.getParentSpanContext(),
				1, 2, base.getAttributes(), base.getEvents(), base.getStatus(), base.getResource(),
				base.getInstrumentationScope());
		TraceRequestEncoder encoder = new TraceRequestEncoder();

		assertThatNullPointerException().isThrownBy(() -> encoder.write(List.of(nameless)));
		// And the encoder still works afterwards.
		assertThat(encoder.write(List.of(base))).isPositive();
	}

	private static Span onlySpan(ExportTraceServiceRequest request) {
		assertThat(request.getResourceSpansCount()).isOne();
		assertThat(request.getResourceSpans(0).getScopeSpansCount()).isOne();
		assertThat(request.getResourceSpans(0).getScopeSpans(0).getSpansCount()).isOne();
		return request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
	}

	private String serviceName(ResourceSpans resourceSpans) {
		return resourceSpans.getResource()
			.getAttributesList()
			.stream()
			.filter((attribute) -> attribute.getKey().equals("service.name"))
			.findFirst()
			.map((attribute) -> attribute.getValue().getStringValue())
			.orElse(null);
	}

	private static List<String> spanNames(ScopeSpans scopeSpans) {
		return scopeSpans.getSpansList().stream().map(Span::getName).toList();
	}

	static ByteString hex(String hex) {
		return ByteString.copyFrom(HexFormat.of().parseHex(hex));
	}

	static KeyValue stringAttribute(String key, String value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
	}

	static KeyValue intAttribute(String key, long value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
	}

	static KeyValue doubleAttribute(String key, double value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)).build();
	}

	static KeyValue boolAttribute(String key, boolean value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setBoolValue(value)).build();
	}

}

package dev.telemetry.sdk.propagation;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.telemetry.sdk.baggage.Baggage;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.telemetry.sdk.propagation.TraceParentCorpus.SPAN_ID;
import static dev.telemetry.sdk.propagation.TraceParentCorpus.TRACE_ID;
import static dev.telemetry.sdk.propagation.TraceParentCorpus.VALID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link W3CTraceContextPropagator}.
 */
class W3CTraceContextPropagatorTests {

	private final W3CTraceContextPropagator propagator = W3CTraceContextPropagator.getInstance();

	@Test
	void fieldsAreTraceparentAndTracestate() {
		assertThat(this.propagator.fields()).containsExactly("traceparent", "tracestate");
	}

	@Test
	void extractReadsIdsFlagsAndStateOfValidHeaders() {
		SpanContext spanContext = extractSpanContext(VALID, "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");

		assertThat(spanContext.isValid()).isTrue();
		assertThat(spanContext.getTraceId()).isEqualTo(TRACE_ID);
		assertThat(spanContext.getTraceIdHigh()).isEqualTo(0x0af7651916cd43ddL);
		assertThat(spanContext.getTraceIdLow()).isEqualTo(0x8448eb211c80319cL);
		assertThat(spanContext.getSpanId()).isEqualTo(SPAN_ID);
		assertThat(spanContext.isSampled()).isTrue();
		assertThat(spanContext.getTraceState().toHeader()).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
	}

	@Test
	void extractMarksTheContextAsRemote() {
		SpanContext spanContext = extractSpanContext(VALID, null);

		assertThat(spanContext.isRemote()).isTrue();
		assertThat(Span.fromContext(extract(Map.of("traceparent", VALID))).isRecording()).isFalse();
	}

	@Test
	void extractKeepsOtherContextValues() {
		Context parent = Baggage.empty().with("k", "v", "").storeInContext(Context.root());

		Context extracted = this.propagator.extract(parent, Map.of("traceparent", VALID), MapCarrier.GETTER);

		assertThat(Baggage.fromContext(extracted).get("k")).isEqualTo("v");
		assertThat(Span.fromContext(extracted).getSpanContext().getSpanId()).isEqualTo(SPAN_ID);
	}

	@Test
	void extractReplacesALocalSpanWithTheRemoteParent() {
		Context local = Span.wrap(localSpanContext(TraceFlags.SAMPLED)).storeInContext(Context.root());

		Context extracted = this.propagator.extract(local, Map.of("traceparent", VALID), MapCarrier.GETTER);

		assertThat(Span.fromContext(extracted).getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
	}

	@ParameterizedTest(name = "flags {0}")
	@ValueSource(strings = { "00", "01", "02", "03", "ff" })
	void flagsSurviveARoundTrip(String flags) {
		String header = "00-" + TRACE_ID + "-" + SPAN_ID + "-" + flags;
		byte expected = (byte) Integer.parseInt(flags, 16);

		SpanContext spanContext = extractSpanContext(header, null);
		Map<String, String> carrier = inject(Span.wrap(spanContext).storeInContext(Context.root()));

		assertThat(spanContext.getTraceFlags()).isEqualTo(expected);
		assertThat(spanContext.isSampled()).isEqualTo((expected & 1) != 0);
		assertThat(TraceFlags.isRandom(spanContext.getTraceFlags())).isEqualTo((expected & 2) != 0);
		assertThat(carrier).containsEntry("traceparent", header);
	}

	@ParameterizedTest(name = "flags {0} -> {1}")
	@CsvSource({ "00,00", "01,01", "02,00", "03,01", "fe,00", "ff,01" })
	void aFutureVersionKeepsOnlyTheSampledFlag(String flags, String kept) {
		SpanContext spanContext = extractSpanContext("cc-" + TRACE_ID + "-" + SPAN_ID + "-" + flags + "-extra", null);

		assertThat(spanContext.isValid()).isTrue();
		assertThat(spanContext.getTraceFlags()).isEqualTo((byte) Integer.parseInt(kept, 16));
	}

	@Test
	void version00KeepsEveryFlag() {
		assertThat(extractSpanContext("00-" + TRACE_ID + "-" + SPAN_ID + "-ff", null).getTraceFlags())
			.isEqualTo((byte) 0xff);
	}

	@Test
	void unsampledParentIsNotSampled() {
		assertThat(extractSpanContext("00-" + TRACE_ID + "-" + SPAN_ID + "-00", null).isSampled()).isFalse();
	}

	@Test
	void validHeadersSurviveARoundTrip() {
		Map<String, String> incoming = Map.of("traceparent", VALID, "tracestate", "a=1,b@tenant=2,c= x");

		Map<String, String> outgoing = inject(extract(incoming));

		assertThat(outgoing).isEqualTo(incoming);
	}

	@Test
	void injectWritesVersion00WithLowerCaseHex() {
		SpanContext spanContext = SpanContext.create(0xABCDEF0123456789L, 0x0123456789ABCDEFL, 0xFEDCBA9876543210L,
				(byte) 0xA1, TraceState.empty());

		Map<String, String> carrier = inject(Span.wrap(spanContext).storeInContext(Context.root()));

		assertThat(carrier)
			.containsExactly(Map.entry("traceparent", "00-abcdef01234567890123456789abcdef-fedcba9876543210-a1"));
	}

	@Test
	void injectWritesVersion00ForAFutureVersionParent() {
		Context context = extract(Map.of("traceparent", "cc-" + TRACE_ID + "-" + SPAN_ID + "-01-future"));

		assertThat(inject(context)).containsEntry("traceparent", VALID);
	}

	@Test
	void injectOmitsAnEmptyTracestate() {
		assertThat(inject(extract(Map.of("traceparent", VALID)))).containsOnlyKeys("traceparent");
	}

	@Test
	void injectWritesNothingWithoutAValidSpan() {
		assertThat(inject(Context.root())).isEmpty();
		assertThat(inject(Span.invalid().storeInContext(Context.root()))).isEmpty();
	}

	@Test
	void injectPassesANullCarrierToTheSetter() {
		Map<String, String> written = new HashMap<>();
		Context context = extract(Map.of("traceparent", VALID));

		this.propagator.inject(context, null, (carrier, key, value) -> {
			assertThat(carrier).isNull();
			written.put(key, value);
		});

		assertThat(written).containsOnlyKeys("traceparent");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("dev.telemetry.sdk.propagation.TraceParentCorpus#malformed")
	void malformedTraceparentLeavesTheContextUnchanged(String description, String header) {
		Context parent = Span.wrap(localSpanContext(TraceFlags.SAMPLED)).storeInContext(Context.root());
		Map<String, String> carrier = new HashMap<>();
		carrier.put("traceparent", header);
		carrier.put("tracestate", "a=1");

		Context[] extracted = new Context[1];
		assertThatNoException()
			.isThrownBy(() -> extracted[0] = this.propagator.extract(parent, carrier, MapCarrier.GETTER));

		assertThat(extracted[0]).isSameAs(parent);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("dev.telemetry.sdk.propagation.TraceParentCorpus#valid")
	void validTraceparentIsExtracted(String description, String header) {
		SpanContext spanContext = extractSpanContext(header, null);

		assertThat(spanContext.isValid()).isTrue();
		assertThat(spanContext.getTraceId()).isEqualTo(header.substring(3, 35));
		assertThat(spanContext.getSpanId()).isEqualTo(header.substring(36, 52));
	}

	@Test
	void nullCarrierLeavesTheContextUnchanged() {
		Context parent = Context.root();

		assertThat(this.propagator.extract(parent, null, MapCarrier.GETTER)).isSameAs(parent);
	}

	@Test
	void tracestateWithoutTraceparentIsIgnored() {
		Context parent = Context.root();

		assertThat(extract(parent, Map.of("tracestate", "a=1"))).isSameAs(parent);
	}

	@ParameterizedTest(name = "[{0}]")
	@MethodSource("malformedTraceStates")
	void malformedTracestateIsDroppedButTheParentIsKept(String header) {
		SpanContext spanContext = extractSpanContext(VALID, header);

		assertThat(spanContext.isValid()).isTrue();
		assertThat(spanContext.getSpanId()).isEqualTo(SPAN_ID);
		assertThat(spanContext.getTraceState().isEmpty()).isTrue();
	}

	static Stream<String> malformedTraceStates() {
		return Stream.of("a", "a=", "=1", "=", "A=1", "_a=1", "a b=1", "a =1", "a=1,b", "a=1,a=2", "a=1, a=1", "a=b=c",
				"a=\u00e9", "a=1\t2", "a=\u0000", "a=\u007f", "\u00e9=1", "a=1;b=2,C=3", "@system=1", "a=1,@b=2", "@=1",
				"k".repeat(257) + "=1", "t".repeat(241) + "@" + "v".repeat(15) + "=1", "a=" + "v".repeat(257),
				members(33), members(32) + ",a=1", "a=1,\u00a0b=2", "a=1\r\nb=2", "a=1,b=\ud83d\ude00");
	}

	@ParameterizedTest(name = "[{0}] -> [{1}]")
	@MethodSource("validTraceStates")
	void validTracestateIsKeptInOrder(String header, String expected) {
		assertThat(extractSpanContext(VALID, header).getTraceState().toHeader()).isEqualTo(expected);
	}

	static Stream<Arguments> validTraceStates() {
		return Stream.of(Arguments.of("", ""), Arguments.of("   ", ""), Arguments.of(",,,", ""),
				Arguments.of(" \t, \t", ""), Arguments.of("a=1", "a=1"), Arguments.of("b=2,a=1", "b=2,a=1"),
				Arguments.of(" a=1 ,\tb=2\t", "a=1,b=2"), Arguments.of("a=1,,b=2", "a=1,b=2"),
				Arguments.of("a=1, ,\t,b=2,", "a=1,b=2"), Arguments.of("a= 1", "a= 1"), Arguments.of("a=1;b", "a=1;b"),
				Arguments.of("a=!~", "a=!~"), Arguments.of("t3n4nt@v3nd0r=x", "t3n4nt@v3nd0r=x"),
				Arguments.of("1tenant@sys=x", "1tenant@sys=x"), Arguments.of("a_-*/9=x", "a_-*/9=x"),
				Arguments.of(members(32), members(32)),
				Arguments.of(members(16) + ",,,,,,,,,,,,,,,,,,,,," + members(32).substring(members(16).length() + 1),
						members(32)),
				Arguments.of("k".repeat(256) + "=1", "k".repeat(256) + "=1"),
				Arguments.of("a=" + "v".repeat(256), "a=" + "v".repeat(256)));
	}

	/**
	 * Returns the {@code tracestate} headers that W3C Trace Context Level 2 accepts and
	 * Level 1 did not: keys that start with a digit, or have {@code @} anywhere after the
	 * first character.
	 * @return the headers, each kept as it is
	 */
	static Stream<String> level2TraceStates() {
		return Stream.of("1a=1", "foo@=1,bar=2", "foo@@bar=1,bar=2", "foo@bar@baz=1", "tenant@1system=1",
				"tenant@" + "s".repeat(15) + "=1", "t".repeat(242) + "@s=1", "t".repeat(255) + "@=1");
	}

	@ParameterizedTest(name = "[{0}]")
	@MethodSource("level2TraceStates")
	void level2KeysAreKept(String header) {
		assertThat(extractSpanContext(VALID, header).getTraceState().toHeader()).isEqualTo(header);
	}

	private static String members(int count) {
		return IntStream.range(0, count).mapToObj((i) -> "k" + i + "=v" + i).collect(Collectors.joining(","));
	}

	private static SpanContext localSpanContext(byte flags) {
		return SpanContext.create(1, 2, 3, flags, TraceState.empty());
	}

	private SpanContext extractSpanContext(String traceParent, String traceState) {
		Map<String, String> carrier = new HashMap<>();
		carrier.put("traceparent", traceParent);
		if (traceState != null) {
			carrier.put("tracestate", traceState);
		}
		return Span.fromContext(extract(carrier)).getSpanContext();
	}

	private Context extract(Map<String, String> carrier) {
		return extract(Context.root(), carrier);
	}

	private Context extract(Context context, Map<String, String> carrier) {
		return this.propagator.extract(context, carrier, MapCarrier.GETTER);
	}

	private Map<String, String> inject(Context context) {
		Map<String, String> carrier = new HashMap<>();
		this.propagator.inject(context, carrier, MapCarrier.SETTER);
		return carrier;
	}

}

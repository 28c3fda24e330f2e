package dev.telemetry.sdk.propagation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.telemetry.sdk.baggage.Baggage;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static dev.telemetry.sdk.propagation.TraceParentCorpus.SPAN_ID;
import static dev.telemetry.sdk.propagation.TraceParentCorpus.TRACE_ID;
import static dev.telemetry.sdk.propagation.TraceParentCorpus.VALID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for fields a carrier repeats, read through {@link TextMapGetter#getAll} as RFC
 * 9110 section 5.3 says: the lines of one field are one comma-joined value.
 */
class RepeatedFieldsTests {

	private final TextMapPropagator propagator = TextMapPropagator
		.composite(List.of(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));

	@Test
	void tracestateLinesAreOneList() {
		SpanContext parent = extract(lines("traceparent", VALID, "tracestate", "a=1,b=2", "tracestate", "c=3"));

		assertThat(parent.getTraceState().toHeader()).isEqualTo("a=1,b=2,c=3");
	}

	@Test
	void thirtyTwoMembersAcrossFourLinesAreKept() {
		Map<String, List<String>> carrier = lines("traceparent", VALID);
		carrier.put("tracestate", List.of(members(0, 8), members(8, 16), members(16, 24), members(24, 32)));

		assertThat(extract(carrier).getTraceState().size()).isEqualTo(32);
	}

	@Test
	void thirtyThreeMembersAcrossFourLinesAreDiscarded() {
		Map<String, List<String>> carrier = lines("traceparent", VALID);
		carrier.put("tracestate", List.of(members(0, 8), members(8, 16), members(16, 24), members(24, 33)));

		SpanContext parent = extract(carrier);
		assertThat(parent.isValid()).isTrue();
		assertThat(parent.getTraceState().isEmpty()).isTrue();
	}

	@Test
	void anEmptyTracestateLineNextToAValidOneKeepsTheValidMembers() {
		assertThat(
				extract(lines("traceparent", VALID, "tracestate", "", "tracestate", "a=1")).getTraceState().toHeader())
			.isEqualTo("a=1");
		assertThat(
				extract(lines("traceparent", VALID, "tracestate", "a=1", "tracestate", "")).getTraceState().toHeader())
			.isEqualTo("a=1");
	}

	@Test
	void aKeyRepeatedOnAnotherLineDiscardsTheWholeList() {
		assertThat(extract(lines("traceparent", VALID, "tracestate", "a=1", "tracestate", "a=2")).getTraceState()
			.isEmpty()).isTrue();
	}

	@Test
	void twoTraceparentLinesStartANewTraceEvenWhenEqual() {
		Context extracted = this.propagator.extract(Context.root(),
				lines("traceparent", VALID, "traceparent", VALID, "tracestate", "a=1"), GETTER);

		assertThat(extracted).isSameAs(Context.root());
	}

	@Test
	void twoTraceparentLinesOfAFutureVersionWithExtraFieldsAreInvalid() {
		String future = "cc-" + TRACE_ID + "-" + SPAN_ID + "-01-extra";

		assertThat(extract(lines("traceparent", future)).isValid()).as("one line").isTrue();
		assertThat(extract(lines("traceparent", future, "traceparent", future)).isValid()).as("two lines").isFalse();
	}

	@Test
	void anEmptyTraceparentLineNextToAValidOneIsInvalid() {
		assertThat(extract(lines("traceparent", "", "traceparent", VALID)).isValid()).isFalse();
	}

	@Test
	void baggageLinesAreOneList() {
		Context extracted = this.propagator.extract(Context.root(),
				lines("baggage", "a=1,b=2", "baggage", "c=3", "baggage", ""), GETTER);

		Baggage baggage = Baggage.fromContext(extracted);
		assertThat(baggage.get("a")).isEqualTo("1");
		assertThat(baggage.get("b")).isEqualTo("2");
		assertThat(baggage.get("c")).isEqualTo("3");
	}

	@Test
	void nullLinesFromALooseGetterAreSkipped() {
		Map<String, List<String>> carrier = new LinkedHashMap<>();
		carrier.put("traceparent", Arrays.asList(null, VALID, null));
		carrier.put("tracestate", Arrays.asList("a=1", null, "b=2"));

		SpanContext parent = extract(carrier);
		assertThat(parent.getSpanId()).isEqualTo(SPAN_ID);
		assertThat(parent.getTraceState().toHeader()).isEqualTo("a=1,b=2");
	}

	@Test
	void aGetterWithoutGetAllIsReadThroughGet() {
		Context extracted = this.propagator.extract(Context.root(),
				Map.of("traceparent", VALID, "tracestate", "a=1", "baggage", "k=v"), MapCarrier.GETTER);

		assertThat(Span.fromContext(extracted).getSpanContext().getTraceState().toHeader()).isEqualTo("a=1");
		assertThat(Baggage.fromContext(extracted).get("k")).isEqualTo("v");
		assertThat(MapCarrier.GETTER.getAll(Map.of(), "traceparent")).isExhausted();
		assertThat(MapCarrier.GETTER.getAll(null, "traceparent")).isExhausted();
		assertThat(MapCarrier.GETTER.getAll(Map.of("traceparent", VALID), "traceparent")).toIterable()
			.containsExactly(VALID);
	}

	private SpanContext extract(Map<String, List<String>> carrier) {
		return Span.fromContext(this.propagator.extract(Context.root(), carrier, GETTER)).getSpanContext();
	}

	private static String members(int from, int to) {
		return IntStream.range(from, to).mapToObj((i) -> "k" + i + "=v" + i).collect(Collectors.joining(","));
	}

	// Alternating names and values; a name may repeat, as in an HTTP request.
	private static Map<String, List<String>> lines(String... namesAndValues) {
		Map<String, List<String>> carrier = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			carrier.computeIfAbsent(namesAndValues[i], (name) -> new ArrayList<>()).add(namesAndValues[i + 1]);
		}
		return carrier;
	}

	/**
	 * A getter of a carrier with repeated fields, such as a servlet request.
	 */
	static final TextMapGetter<Map<String, List<String>>> GETTER = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(Map<String, List<String>> carrier) {
			return carrier.keySet();
		}

		@Override
		public @Nullable String get(@Nullable Map<String, List<String>> carrier, String key) {
			List<String> values = (carrier != null) ? carrier.get(key) : null;
			return (values != null && !values.isEmpty()) ? values.get(0) : null;
		}

		@Override
		public Iterator<String> getAll(@Nullable Map<String, List<String>> carrier, String key) {
			List<String> values = (carrier != null) ? carrier.get(key) : null;
			return (values != null) ? values.iterator() : Collections.emptyIterator();
		}

	};

}

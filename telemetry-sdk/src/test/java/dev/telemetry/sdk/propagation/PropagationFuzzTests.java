package dev.telemetry.sdk.propagation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.telemetry.sdk.baggage.Baggage;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.TraceState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz targets for the three header parsers. Each checks properties, not only that
 * nothing throws: a {@code traceparent} is accepted exactly when an independent regular
 * expression of the specification's grammar accepts it; a parsed {@code tracestate} is
 * within the limits, valid member by member and stable under a round trip; extracted
 * {@code baggage} is within the limits and survives injection and extraction.
 * <p>
 * In a normal build each target replays the inputs kept under
 * {@code src/test/resources/.../PropagationFuzzTestsInputs/<target>} (regression mode:
 * milliseconds). To fuzz, run one target with {@code JAZZER_FUZZ=1}; each stops after its
 * {@code maxDuration} or at the first failure, whose input Jazzer writes to that
 * directory to be kept as a regression test.
 */
class PropagationFuzzTests {

	// The traceparent grammar, written independently of the parser: version 00 exactly
	// 55 characters; another version (not ff) the same prefix, then the end or '-'.
	private static final Pattern TRACEPARENT = Pattern
		.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?", Pattern.DOTALL);

	private static final TextMapPropagator propagator = TextMapPropagator
		.composite(List.of(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));

	@FuzzTest(maxDuration = "30s")
	void traceparent(FuzzedDataProvider data) {
		List<String> lines = lines(data);
		SpanContext extracted = Span
			.fromContext(propagator.extract(Context.root(), Map.of("traceparent", lines), RepeatedFieldsTests.GETTER))
			.getSpanContext();
		assertThat(extracted.isValid()).as("valid %s", lines).isEqualTo(expectValid(lines));
		if (extracted.isValid()) {
			String header = lines.get(0);
			assertThat(extracted.getTraceId()).isEqualTo(header.substring(3, 35));
			assertThat(extracted.getSpanId()).isEqualTo(header.substring(36, 52));
			Map<String, String> injected = new HashMap<>();
			propagator.inject(Span.wrap(extracted).storeInContext(Context.root()), injected, MapCarrier.SETTER);
			assertThat(injected.get("traceparent")).matches(TRACEPARENT).startsWith("00-");
		}
	}

	private static boolean expectValid(List<String> lines) {
		if (lines.size() != 1) {
			return false;
		}
		Matcher matcher = TRACEPARENT.matcher(lines.get(0));
		if (!matcher.matches()) {
			return false;
		}
		String version = matcher.group(1);
		boolean zeroIds = matcher.group(2).equals("0".repeat(32)) || matcher.group(3).equals("0".repeat(16));
		boolean extra = matcher.group(5) != null;
		return !version.equals("ff") && !(version.equals("00") && extra) && !zeroIds;
	}

	@FuzzTest(maxDuration = "30s")
	void tracestate(FuzzedDataProvider data) {
		List<String> lines = lines(data);
		Map<String, List<String>> carrier = new HashMap<>();
		carrier.put("traceparent", List.of("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
		carrier.put("tracestate", lines);
		TraceState state = Span.fromContext(propagator.extract(Context.root(), carrier, RepeatedFieldsTests.GETTER))
			.getSpanContext()
			.getTraceState();
		assertThat(state.size()).isLessThanOrEqualTo(TraceState.MAX_ENTRIES);
		for (int i = 0; i < state.size(); i++) {
			assertThat(TraceState.isValidKey(state.key(i))).as("key %s", state.key(i)).isTrue();
			assertThat(TraceState.isValidValue(state.value(i))).as("value %s", state.value(i)).isTrue();
		}
		TraceState again = TraceState.parse(state.toHeader());
		assertThat(again).isEqualTo(state);
		assertThat(again.toHeader()).isEqualTo(state.toHeader());
	}

	@FuzzTest(maxDuration = "30s")
	void baggage(FuzzedDataProvider data) {
		List<String> lines = lines(data);
		Baggage baggage = Baggage
			.fromContext(propagator.extract(Context.root(), Map.of("baggage", lines), RepeatedFieldsTests.GETTER));
		assertThat(baggage.entries()).hasSizeLessThanOrEqualTo(W3CBaggagePropagator.MAX_MEMBERS);
		Map<String, String> injected = new HashMap<>();
		propagator.inject(baggage.storeInContext(Context.root()), injected, MapCarrier.SETTER);
		String header = injected.get("baggage");
		if (header == null) {
			assertThat(baggage.isEmpty()).isTrue();
			return;
		}
		assertThat(header.length()).isLessThanOrEqualTo(W3CBaggagePropagator.MAX_HEADER_LENGTH);
		Baggage again = Baggage
			.fromContext(propagator.extract(Context.root(), Map.of("baggage", header), MapCarrier.GETTER));
		for (Baggage.Entry entry : again.entries()) {
			assertThat(baggage.get(entry.name())).as("value of %s", entry.name()).isEqualTo(entry.value());
		}
	}

	// Up to four lines of one field, as a carrier that repeats fields would hand them.
	private static List<String> lines(FuzzedDataProvider data) {
		int count = data.consumeInt(1, 4);
		List<String> lines = new ArrayList<>(count);
		for (int i = 0; i < count - 1; i++) {
			lines.add(data.consumeString(600));
		}
		lines.add(data.consumeRemainingAsString());
		return lines;
	}

}

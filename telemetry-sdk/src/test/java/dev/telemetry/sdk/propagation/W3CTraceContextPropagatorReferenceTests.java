package dev.telemetry.sdk.propagation;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.telemetry.sdk.propagation.TraceParentCorpus.VALID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares {@link W3CTraceContextPropagator} with OpenTelemetry Java's, the reference
 * implementation, on the same headers.
 * <p>
 * Known deviations, where we follow the W3C specification instead:
 * <ul>
 * <li>OpenTelemetry Java 1.62.0 throws {@code ArrayIndexOutOfBoundsException} for
 * {@code U+FFFF} in the ids or flags; we treat the header as malformed (see
 * {@link TraceParentCorpus#malformed()}).</li>
 * <li>It drops a whole {@code tracestate} that has empty list members or whitespace
 * around members, both of which the specification allows (see
 * {@link #tracestateDeviations}).</li>
 * <li>It follows Level 1's {@code tracestate} key grammar and drops keys that the current
 * Level 2 draft allows (see {@link #keepsLevel2KeysThatTheReferenceDrops}).</li>
 * </ul>
 */
class W3CTraceContextPropagatorReferenceTests {

	private static final String SYSTEM_DIGIT = "tenant@1system=1";

	private static final io.opentelemetry.context.propagation.TextMapGetter<Map<String, String>> REFERENCE_GETTER = new io.opentelemetry.context.propagation.TextMapGetter<>() {

		@Override
		public Iterable<String> keys(Map<String, String> carrier) {
			return carrier.keySet();
		}

		@Override
		public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
			return (carrier != null) ? carrier.get(key) : null;
		}

	};

	static Stream<Arguments> corpus() {
		return Stream.concat(TraceParentCorpus.valid(), TraceParentCorpus.comparable());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void agreesWithTheReferenceOnTraceparent(String description, String header) {
		Map<String, String> carrier = new HashMap<>();
		carrier.put("traceparent", header);

		SpanContext ours = extractOurs(carrier);
		io.opentelemetry.api.trace.SpanContext reference = extractReference(carrier);

		assertThat(ours.isValid()).as("valid").isEqualTo(reference.isValid());
		if (reference.isValid()) {
			assertThat(ours.getTraceId()).isEqualTo(reference.getTraceId());
			assertThat(ours.getSpanId()).isEqualTo(reference.getSpanId());
			assertThat(ours.isSampled()).isEqualTo(reference.isSampled());
			assertThat(ours.getTraceFlags()).isEqualTo(reference.getTraceFlags().asByte());
			assertThat(ours.isRemote()).isEqualTo(reference.isRemote());
		}
	}

	@ParameterizedTest(name = "[{0}]")
	@MethodSource("agreedTraceStates")
	void agreesWithTheReferenceOnTracestate(String header) {
		Map<String, String> carrier = Map.of("traceparent", VALID, "tracestate", header);

		assertThat(extractOurs(carrier).getTraceState().toHeader())
			.isEqualTo(toHeader(extractReference(carrier).getTraceState()));
	}

	static Stream<String> agreedTraceStates() {
		return Stream.concat(W3CTraceContextPropagatorTests.malformedTraceStates(),
				Stream.of("a=1", "b=2,a=1", "a= 1", "a=1;b", "t3n4nt@v3nd0r=x", "1tenant@sys=x", SYSTEM_DIGIT));
	}

	@ParameterizedTest(name = "[{0}]")
	@MethodSource("tracestateDeviations")
	void keepsTracestateThatTheReferenceDropsContraryToTheSpecification(String header, String expected) {
		Map<String, String> carrier = Map.of("traceparent", VALID, "tracestate", header);

		assertThat(extractReference(carrier).getTraceState().isEmpty()).isTrue();
		assertThat(extractOurs(carrier).getTraceState().toHeader()).isEqualTo(expected);
	}

	static Stream<Arguments> tracestateDeviations() {
		// W3C Trace Context 3.3.1.1: "list = list-member 0*31( OWS "," OWS list-member )"
		// and "Empty and whitespace-only list members are allowed".
		return Stream.of(Arguments.of("a=1,,b=2", "a=1,b=2"), Arguments.of(" a=1 ,\tb=2\t", "a=1,b=2"));
	}

	@ParameterizedTest(name = "[{0}]")
	@MethodSource("level2TraceStatesTheReferenceDrops")
	void keepsLevel2KeysThatTheReferenceDrops(String header) {
		Map<String, String> carrier = Map.of("traceparent", VALID, "tracestate", header);

		assertThat(toHeader(extractReference(carrier).getTraceState())).isEmpty();
		assertThat(extractOurs(carrier).getTraceState().toHeader()).isEqualTo(header);
	}

	static Stream<String> level2TraceStatesTheReferenceDrops() {
		// It already accepted a system id that starts with a digit, as Level 2 does.
		return W3CTraceContextPropagatorTests.level2TraceStates().filter((header) -> !header.equals(SYSTEM_DIGIT));
	}

	@Test
	void injectsTheSameHeadersAsTheReference() {
		Map<String, String> incoming = Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03",
				"tracestate", "b@tenant=2,a=1");
		Map<String, String> ours = new HashMap<>();
		Map<String, String> reference = new HashMap<>();

		W3CTraceContextPropagator.getInstance()
			.inject(W3CTraceContextPropagator.getInstance().extract(Context.root(), incoming, MapCarrier.GETTER), ours,
					MapCarrier.SETTER);
		io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator propagator = io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator
			.getInstance();
		propagator.inject(propagator.extract(io.opentelemetry.context.Context.root(), incoming, REFERENCE_GETTER),
				reference, Map::put);

		assertThat(ours).isEqualTo(reference);
	}

	private static SpanContext extractOurs(Map<String, String> carrier) {
		return Span
			.fromContext(W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, MapCarrier.GETTER))
			.getSpanContext();
	}

	private static io.opentelemetry.api.trace.SpanContext extractReference(Map<String, String> carrier) {
		io.opentelemetry.context.Context context = io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator
			.getInstance()
			.extract(io.opentelemetry.context.Context.root(), carrier, REFERENCE_GETTER);
		return io.opentelemetry.api.trace.Span.fromContext(context).getSpanContext();
	}

	private static String toHeader(io.opentelemetry.api.trace.TraceState traceState) {
		StringBuilder sb = new StringBuilder();
		traceState
			.forEach((key, value) -> sb.append((sb.length() > 0) ? "," : "").append(key).append('=').append(value));
		return sb.toString();
	}

}

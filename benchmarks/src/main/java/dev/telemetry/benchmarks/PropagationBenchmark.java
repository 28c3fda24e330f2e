package dev.telemetry.benchmarks;

import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.baggage.Baggage;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.propagation.TextMapGetter;
import dev.telemetry.sdk.propagation.TextMapPropagator;
import dev.telemetry.sdk.propagation.TextMapSetter;
import dev.telemetry.sdk.propagation.W3CBaggagePropagator;
import dev.telemetry.sdk.propagation.W3CTraceContextPropagator;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 4: injecting the current span and baggage into an outgoing request's headers
 * ({@code traceparent}, {@code tracestate} with two entries, {@code baggage} with two
 * members), and extracting them from an incoming request's, with this project's W3C
 * propagators and with OpenTelemetry's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class PropagationBenchmark {

	static final Map<String, String> HEADERS = Map.of("traceparent",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "tracestate", "vendor=opaque,other=1", "baggage",
			"region=eu-west-1,tenant=acme");

	@Param({ "ours", "otel" })
	public String propagator;

	private boolean useOurs;

	private Context oursContext;

	private TextMapPropagator ours;

	private io.opentelemetry.context.Context otelContext;

	private io.opentelemetry.context.propagation.TextMapPropagator otel;

	@Setup(Level.Trial)
	public void setUp() {
		this.useOurs = this.propagator.equals("ours");
		this.ours = TextMapPropagator
			.composite(List.of(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));
		SpanContext spanContext = SpanContext.create(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L,
				TraceFlags.SAMPLED, TraceState.ofValidated("vendor", "opaque", "other", "1"));
		this.oursContext = Baggage.empty()
			.with("region", "eu-west-1", "")
			.with("tenant", "acme", "")
			.storeInContext(Span.wrap(spanContext).storeInContext(Context.root()));
		this.otel = io.opentelemetry.context.propagation.TextMapPropagator.composite(
				io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance(),
				io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator.getInstance());
		io.opentelemetry.api.trace.SpanContext otelSpanContext = io.opentelemetry.api.trace.SpanContext.create(
				"4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
				io.opentelemetry.api.trace.TraceFlags.getSampled(),
				// put() adds in front
				io.opentelemetry.api.trace.TraceState.builder().put("other", "1").put("vendor", "opaque").build());
		this.otelContext = io.opentelemetry.context.Context.root()
			.with(io.opentelemetry.api.trace.Span.wrap(otelSpanContext))
			.with(io.opentelemetry.api.baggage.Baggage.builder()
				.put("tenant", "acme")
				.put("region", "eu-west-1")
				.build());
		verify();
	}

	// Both must write the same headers and read back what they wrote, or the
	// comparison means nothing.
	private void verify() {
		Map<String, String> oursHeaders = new HashMap<>();
		this.ours.inject(this.oursContext, oursHeaders, MapSetter.INSTANCE);
		Map<String, String> otelHeaders = new HashMap<>();
		this.otel.inject(this.otelContext, otelHeaders, MapSetter.INSTANCE);
		if (!oursHeaders.equals(HEADERS) || !otelHeaders.equals(HEADERS)) {
			throw new IllegalStateException("Injected headers differ: ours=" + oursHeaders + ", otel=" + otelHeaders);
		}
	}

	@Benchmark
	public Map<String, String> inject() {
		Map<String, String> headers = new HashMap<>();
		if (this.useOurs) {
			this.ours.inject(this.oursContext, headers, MapSetter.INSTANCE);
		}
		else {
			this.otel.inject(this.otelContext, headers, MapSetter.INSTANCE);
		}
		return headers;
	}

	@Benchmark
	public Object extract() {
		if (this.useOurs) {
			return this.ours.extract(Context.root(), HEADERS, MapGetter.INSTANCE);
		}
		return this.otel.extract(io.opentelemetry.context.Context.root(), HEADERS, MapGetter.INSTANCE);
	}

	/**
	 * Writes headers into a map, for both SDKs.
	 */
	enum MapSetter implements TextMapSetter<Map<String, String>>,
			io.opentelemetry.context.propagation.TextMapSetter<Map<String, String>> {

		INSTANCE;

		@Override
		public void set(@Nullable Map<String, String> carrier, String key, String value) {
			if (carrier != null) {
				carrier.put(key, value);
			}
		}

	}

	/**
	 * Reads headers from a map, for both SDKs.
	 */
	enum MapGetter implements TextMapGetter<Map<String, String>>,
			io.opentelemetry.context.propagation.TextMapGetter<Map<String, String>> {

		INSTANCE;

		@Override
		public Iterable<String> keys(Map<String, String> carrier) {
			return carrier.keySet();
		}

		@Override
		public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
			return (carrier != null) ? carrier.get(key) : null;
		}

		// Both interfaces have a default getAll of this signature, so a class
		// implementing both must choose: this one does what both defaults do.
		@Override
		public Iterator<String> getAll(@Nullable Map<String, String> carrier, String key) {
			String value = get(carrier, key);
			return (value != null) ? Collections.singleton(value).iterator() : Collections.emptyIterator();
		}

	}

}

package dev.telemetry.sdk.propagation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.telemetry.sdk.baggage.Baggage;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.context.ContextKey;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link TextMapPropagator#composite(List)} and
 * {@link TextMapPropagator#noop()}.
 */
class TextMapPropagatorTests {

	private static final ContextKey<String> TRAIL = ContextKey.named("trail");

	private final TextMapPropagator w3c = TextMapPropagator
		.composite(List.of(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));

	@Test
	void compositeOfNothingIsNoop() {
		assertThat(TextMapPropagator.composite(List.of())).isSameAs(TextMapPropagator.noop());
	}

	@Test
	void compositeOfOneIsThatPropagator() {
		TextMapPropagator only = W3CBaggagePropagator.getInstance();

		assertThat(TextMapPropagator.composite(List.of(only))).isSameAs(only);
	}

	@Test
	void compositeRejectsNullPropagators() {
		List<TextMapPropagator> propagators = new ArrayList<>();
		propagators.add(TextMapPropagator.noop());
		propagators.add(null);

		assertThatNullPointerException().isThrownBy(() -> TextMapPropagator.composite(propagators));
	}

	@Test
	void compositeFieldsAreTheOrderedUnionWithoutDuplicates() {
		TextMapPropagator composite = TextMapPropagator.composite(List.of(W3CTraceContextPropagator.getInstance(),
				W3CBaggagePropagator.getInstance(), W3CTraceContextPropagator.getInstance()));

		assertThat(composite.fields()).containsExactly("traceparent", "tracestate", "baggage");
	}

	@Test
	void compositeInjectsAllFields() {
		SpanContext spanContext = SpanContext.create(1, 2, 3, TraceFlags.SAMPLED, TraceState.ofValidated("a", "1"));
		Context context = Baggage.empty()
			.with("k", "v", "")
			.storeInContext(Span.wrap(spanContext).storeInContext(Context.root()));
		Map<String, String> carrier = new HashMap<>();

		this.w3c.inject(context, carrier, MapCarrier.SETTER);

		assertThat(carrier).containsOnly(
				Map.entry("traceparent", "00-00000000000000010000000000000002-0000000000000003-01"),
				Map.entry("tracestate", "a=1"), Map.entry("baggage", "k=v"));
	}

	@Test
	void compositeExtractsAllFields() {
		Map<String, String> carrier = Map.of("traceparent", TraceParentCorpus.VALID, "baggage", "k=v");

		Context context = this.w3c.extract(Context.root(), carrier, MapCarrier.GETTER);

		assertThat(Span.fromContext(context).getSpanContext().getSpanId()).isEqualTo(TraceParentCorpus.SPAN_ID);
		assertThat(Baggage.fromContext(context).get("k")).isEqualTo("v");
	}

	@Test
	void compositeExtractsInOrderPassingEachResultToTheNext() {
		TextMapPropagator composite = TextMapPropagator
			.composite(List.of(new Trail("a"), new Trail("b"), new Trail("c")));

		Context context = composite.extract(Context.root().with(TRAIL, ">"), Map.of(), MapCarrier.GETTER);

		assertThat(context.get(TRAIL)).isEqualTo(">abc");
	}

	@Test
	void compositeInjectsInOrder() {
		TextMapPropagator composite = TextMapPropagator.composite(List.of(new Trail("a"), new Trail("b")));
		List<String> keys = new ArrayList<>();

		composite.inject(Context.root(), null, (carrier, key, value) -> keys.add(key));

		assertThat(keys).containsExactly("a", "b");
	}

	@Test
	void noopDoesNothing() {
		TextMapPropagator noop = TextMapPropagator.noop();
		Context context = Context.root();
		Map<String, String> carrier = new HashMap<>();

		noop.inject(
				Span.wrap(SpanContext.create(1, 2, 3, TraceFlags.SAMPLED, TraceState.empty())).storeInContext(context),
				carrier, MapCarrier.SETTER);

		assertThat(noop.fields()).isEmpty();
		assertThat(carrier).isEmpty();
		assertThat(noop.extract(context, Map.of("traceparent", TraceParentCorpus.VALID), MapCarrier.GETTER))
			.isSameAs(context);
	}

	/**
	 * Appends its name to a context value on extract and writes its name on inject.
	 */
	private static final class Trail implements TextMapPropagator {

		private final String name;

		Trail(String name) {
			this.name = name;
		}

		@Override
		public Collection<String> fields() {
			return List.of(this.name);
		}

		@Override
		public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
			setter.set(carrier, this.name, this.name);
		}

		@Override
		public <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter) {
			return context.with(TRAIL, context.get(TRAIL) + this.name);
		}

	}

}

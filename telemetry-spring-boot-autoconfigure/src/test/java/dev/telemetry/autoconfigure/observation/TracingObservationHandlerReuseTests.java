package dev.telemetry.autoconfigure.observation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.propagation.TextMapPropagator;
import dev.telemetry.sdk.propagation.W3CTraceContextPropagator;
import dev.telemetry.sdk.trace.SpanBuilder;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.export.SpanProcessor;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.samplers.SamplingResult;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.SpanKind;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for what {@link TracingObservationHandler} reuses to keep its hot path cheap: one
 * span builder per thread (also when a convention starts an observation while its own
 * span is being built), and key values read for the sampler only when it looks.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TracingObservationHandlerReuseTests {

	private final List<SpanData> ended = new CopyOnWriteArrayList<>();

	private final List<Attributes> sampled = new CopyOnWriteArrayList<>();

	private TracerProvider tracerProvider;

	@AfterEach
	void tearDown() {
		if (this.tracerProvider != null) {
			this.tracerProvider.shutdown().join(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void consecutiveObservationsOnOneThreadShareNothingButTheBuilder() {
		ObservationRegistry registry = registry(Sampler.alwaysOn(), List.of());
		ReceiverContext<Map<String, String>> server = new ReceiverContext<>(Map::get, Kind.SERVER);
		server.setCarrier(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
		Observation.createNotStarted("server", () -> server, registry)
			.lowCardinalityKeyValue("first", "1")
			.start()
			.stop();
		Observation.createNotStarted("internal", registry).start().stop();

		assertThat(this.ended).hasSize(2);
		SpanData second = this.ended.get(1);
		assertThat(second.getName()).isEqualTo("internal");
		assertThat(second.getKind()).isEqualTo(SpanKind.INTERNAL);
		assertThat(second.getParentSpanContext().isValid()).isFalse();
		assertThat(second.getSpanContext().getTraceId()).isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(second.getAttributes().isEmpty()).isTrue();
		assertThat(this.ended.get(0).getAttributes().asMap()).containsExactlyEntriesOf(Map.of("first", "1"));
	}

	@Test
	void conventionThatStartsAnObservationWhileItsSpanIsBuiltGetsTwoIntactSpans() {
		ObservationRegistry[] registry = new ObservationRegistry[1];
		ObservationSpanConvention nesting = new ObservationSpanConvention() {

			@Override
			public boolean supports(Observation.Context context) {
				return "outer".equals(context.getName());
			}

			@Override
			public String getStartName(Observation.Context context) {
				return "outer span";
			}

			@Override
			public void onStart(Observation.Context context, SpanBuilder span) {
				span.setSpanKind(SpanKind.CONSUMER).setAttribute("outer", "yes");
				Observation.createNotStarted("inner", registry[0]).start().stop();
				span.setAttribute("after", "inner");
			}

			@Override
			public void onStop(Observation.Context context, Span span) {
			}

		};
		registry[0] = registry(Sampler.alwaysOn(), List.of(nesting));

		Observation.createNotStarted("outer", registry[0]).start().stop();

		assertThat(this.ended).extracting(SpanData::getName).containsExactly("inner", "outer span");
		SpanData inner = this.ended.get(0);
		SpanData outer = this.ended.get(1);
		assertThat(inner.getKind()).isEqualTo(SpanKind.INTERNAL);
		assertThat(inner.getAttributes().isEmpty()).isTrue();
		assertThat(outer.getKind()).isEqualTo(SpanKind.CONSUMER);
		assertThat(outer.getAttributes().asMap())
			.containsExactlyInAnyOrderEntriesOf(Map.of("outer", "yes", "after", "inner"));
	}

	@Test
	void samplerSeesTheLowCardinalityKeyValuesOfAGenericObservation() {
		ObservationRegistry registry = registry(new Sampler() {

			@Override
			public SamplingResult shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name,
					SpanKind kind, Attributes attributes) {
				TracingObservationHandlerReuseTests.this.sampled.add(Attributes.builder().putAll(attributes).build());
				return SamplingResult.drop();
			}

			@Override
			public String getDescription() {
				return "capturing";
			}

		}, List.of());

		Observation.createNotStarted("work", registry)
			.lowCardinalityKeyValue("tenant", "acme")
			.highCardinalityKeyValue("id", "42")
			.start()
			.stop();

		assertThat(this.sampled).singleElement()
			.satisfies(
					(attributes) -> assertThat(attributes.asMap()).containsExactlyEntriesOf(Map.of("tenant", "acme")));
		assertThat(this.ended).isEmpty();
	}

	@Test
	void recordedGenericSpanGetsEveryKeyValueAsTheyAreAtStop() {
		ObservationRegistry registry = registry(Sampler.alwaysOn(), List.of());
		Observation observation = Observation.createNotStarted("work", registry)
			.lowCardinalityKeyValue("outcome", "unknown")
			.start();
		observation.lowCardinalityKeyValue("outcome", "success").highCardinalityKeyValue("id", "42");
		observation.stop();

		assertThat(this.ended).singleElement()
			.satisfies((span) -> assertThat(span.getAttributes().asMap())
				.containsExactlyInAnyOrderEntriesOf(Map.of("outcome", "success", "id", "42")));
	}

	private ObservationRegistry registry(Sampler sampler, List<ObservationSpanConvention> conventions) {
		this.tracerProvider = TracerProvider.builder().setSampler(sampler).addSpanProcessor(new SpanProcessor() {

			@Override
			public void onStart(Context parentContext, Span span) {
			}

			@Override
			public boolean isStartRequired() {
				return false;
			}

			@Override
			public void onEnd(SpanData span) {
				TracingObservationHandlerReuseTests.this.ended.add(span);
			}

			@Override
			public boolean isEndRequired() {
				return true;
			}

			@Override
			public CompletableResult forceFlush() {
				return CompletableResult.ofSuccess();
			}

			@Override
			public CompletableResult shutdown() {
				return CompletableResult.ofSuccess();
			}

		}).build();
		TracingObservationHandler handler = new TracingObservationHandler(this.tracerProvider.get("test", null),
				TextMapPropagator.composite(List.of(W3CTraceContextPropagator.getInstance())), conventions);
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(handler);
		return registry;
	}

}

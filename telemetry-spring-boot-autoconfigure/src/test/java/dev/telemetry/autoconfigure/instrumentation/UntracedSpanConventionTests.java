package dev.telemetry.autoconfigure.instrumentation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.telemetry.testing.SpanCollector;
import dev.telemetry.autoconfigure.observation.TracingObservationHandler;
import dev.telemetry.sdk.propagation.TextMapPropagator;
import dev.telemetry.sdk.propagation.W3CTraceContextPropagator;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.span.SpanData;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UntracedSpanConvention} with the tracing handler in a real
 * {@link ObservationRegistry}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UntracedSpanConventionTests {

	private final SpanCollector spans = new SpanCollector();

	private final TracerProvider tracerProvider = TracerProvider.builder()
		.setSampler(Sampler.alwaysOn())
		.addSpanProcessor(this.spans)
		.build();

	private final ObservationRegistry registry = ObservationRegistry.create();

	UntracedSpanConventionTests() {
		this.registry.observationConfig()
			.observationHandler(new TracingObservationHandler(this.tracerProvider.get("test", null),
					TextMapPropagator.composite(List.of(W3CTraceContextPropagator.getInstance())),
					List.of(new UntracedSpanConvention(List.of(OutgoingContext.class)))));
	}

	@AfterEach
	void shutDown() {
		this.tracerProvider.shutdown().join(5, TimeUnit.SECONDS);
	}

	@Test
	void untracedObservationHasNoSpanAndInjectsNothing() {
		OutgoingContext outgoing = new OutgoingContext();
		Observation.createNotStarted("outer", this.registry)
			.observe(() -> Observation.createNotStarted("call", () -> outgoing, this.registry)
				.observe(() -> Observation.createNotStarted("inside", this.registry).observe(() -> {
				})));
		SpanData outer = this.spans.awaitNamed("outer");
		SpanData inside = this.spans.awaitNamed("inside");
		assertThat(this.spans.spans()).extracting(SpanData::getName).containsExactlyInAnyOrder("outer", "inside");
		assertThat(inside.getParentSpanContext().getSpanId()).isEqualTo(outer.getSpanContext().getSpanId());
		assertThat(outgoing.getCarrier()).isEmpty();
	}

	@Test
	void otherContextsAreTraced() {
		UntracedSpanConvention convention = new UntracedSpanConvention(List.of(OutgoingContext.class));
		assertThat(convention.supports(new OutgoingContext())).isTrue();
		assertThat(convention.supports(new Observation.Context())).isFalse();
		assertThat(convention.isTraced(new OutgoingContext())).isFalse();
		assertThat(convention).hasToString("UntracedSpanConvention[" + OutgoingContext.class.getName() + "]");
	}

	static final class OutgoingContext extends SenderContext<Map<String, String>> {

		OutgoingContext() {
			super((carrier, key, value) -> carrier.put(key, value), Kind.CLIENT);
			setCarrier(new HashMap<>());
		}

	}

}

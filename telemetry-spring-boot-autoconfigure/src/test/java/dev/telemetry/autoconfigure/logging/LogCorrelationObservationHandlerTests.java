package dev.telemetry.autoconfigure.logging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.telemetry.testing.SpanCollector;
import dev.telemetry.autoconfigure.instrumentation.UntracedSpanConvention;
import dev.telemetry.autoconfigure.observation.TracingObservationHandler;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.propagation.TextMapPropagator;
import dev.telemetry.sdk.propagation.W3CTraceContextPropagator;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.span.SpanData;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LogCorrelationObservationHandler} registered after the tracing handler
 * in a real {@link ObservationRegistry}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LogCorrelationObservationHandlerTests {

	private final SpanCollector spans = new SpanCollector();

	private TracerProvider tracerProvider;

	private ObservationRegistry registry;

	@BeforeEach
	void setUp() {
		MDC.clear();
		this.tracerProvider = TracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(this.spans)
			.build();
		this.registry = ObservationRegistry.create();
		this.registry.observationConfig()
			.observationHandler(new TracingObservationHandler(this.tracerProvider.get("test", null),
					TextMapPropagator.composite(List.of(W3CTraceContextPropagator.getInstance())),
					List.of(new UntracedSpanConvention(List.of(UntracedContext.class)))))
			.observationHandler(new LogCorrelationObservationHandler());
	}

	@AfterEach
	void tearDown() {
		this.tracerProvider.shutdown().join(5, TimeUnit.SECONDS);
		assertThat(MDC.getCopyOfContextMap()).as("MDC left clean").isNullOrEmpty();
		assertThat(Context.current()).isSameAs(Context.root());
		MDC.clear();
	}

	@Test
	void mdcHoldsTheSpanWhileItsScopeIsOpen() {
		Map<String, String> inside = new HashMap<>();
		Observation.createNotStarted("work", this.registry).observe(() -> inside.putAll(MDC.getCopyOfContextMap()));
		SpanData span = this.spans.awaitNamed("work");
		assertThat(inside).containsEntry("trace_id", span.getSpanContext().getTraceId())
			.containsEntry("span_id", span.getSpanContext().getSpanId())
			.containsEntry("trace_flags", String.format("%02x", span.getSpanContext().getTraceFlags()));
		assertThat(MDC.get("trace_id")).isNull();
	}

	@Test
	void nestedScopesRestoreTheOuterSpan() {
		Map<String, String> afterInner = new HashMap<>();
		Map<String, String> inInner = new HashMap<>();
		Observation.createNotStarted("outer", this.registry).observe(() -> {
			Observation.createNotStarted("inner", this.registry)
				.observe(() -> inInner.putAll(MDC.getCopyOfContextMap()));
			afterInner.putAll(MDC.getCopyOfContextMap());
		});
		SpanData outer = this.spans.awaitNamed("outer");
		SpanData inner = this.spans.awaitNamed("inner");
		assertThat(inInner).containsEntry("span_id", inner.getSpanContext().getSpanId());
		assertThat(afterInner).containsEntry("span_id", outer.getSpanContext().getSpanId())
			.containsEntry("trace_id", outer.getSpanContext().getTraceId());
	}

	@Test
	void valuesSetBeforeTheScopeComeBack() {
		MDC.put("trace_id", "set-by-the-application");
		Observation.createNotStarted("work", this.registry).observe(() -> {
			assertThat(MDC.get("trace_id")).isNotEqualTo("set-by-the-application");
		});
		assertThat(MDC.get("trace_id")).isEqualTo("set-by-the-application");
		assertThat(MDC.get("span_id")).isNull();
		MDC.remove("trace_id");
	}

	@Test
	void untracedObservationKeepsTheEnclosingSpan() {
		Map<String, String> inUntraced = new HashMap<>();
		Observation.createNotStarted("outer", this.registry)
			.observe(() -> Observation.createNotStarted("untraced", UntracedContext::new, this.registry)
				.observe(() -> inUntraced.putAll(MDC.getCopyOfContextMap())));
		SpanData outer = this.spans.awaitNamed("outer");
		assertThat(inUntraced).containsEntry("span_id", outer.getSpanContext().getSpanId());
		assertThat(this.spans.spans()).extracting(SpanData::getName).containsExactly("outer");
	}

	@Test
	void scopeClosedOutOfOrderStillRestoresWhatItReplaced() {
		Observation outer = Observation.start("outer", this.registry);
		Observation inner = Observation.start("inner", this.registry);
		Observation.Scope outerScope = outer.openScope();
		Observation.Scope innerScope = inner.openScope();
		// A leak: the outer scope is closed first, dropping the inner one with it.
		outerScope.close();
		assertThat(MDC.get("span_id")).isNull();
		innerScope.close();
		inner.stop();
		outer.stop();
		assertThat(MDC.get("trace_id")).isNull();
	}

	@Test
	void resetClearsWhatTheScopesSet() {
		Observation outer = Observation.start("outer", this.registry);
		Observation.Scope scope = outer.openScope();
		assertThat(MDC.get("trace_id")).isNotNull();
		scope.reset();
		assertThat(MDC.get("trace_id")).isNull();
		assertThat(MDC.get("span_id")).isNull();
		outer.stop();
	}

	@Test
	void pooledThreadIsCleanAfterEachTask() throws Exception {
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			for (int i = 0; i < 3; i++) {
				String traceId = pool.submit(() -> {
					Observation.createNotStarted("task", this.registry).observe(() -> {
					});
					return MDC.get("trace_id");
				}).get(10, TimeUnit.SECONDS);
				assertThat(traceId).isNull();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	static final class UntracedContext extends Observation.Context {

	}

}

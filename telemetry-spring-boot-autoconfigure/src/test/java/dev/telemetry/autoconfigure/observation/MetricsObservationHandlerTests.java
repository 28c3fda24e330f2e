package dev.telemetry.autoconfigure.observation;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.telemetry.autoconfigure.instrumentation.UnmeasuredMetricConvention;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.metrics.data.ExemplarData;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.propagation.TextMapPropagator;
import dev.telemetry.sdk.propagation.W3CTraceContextPropagator;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.testing.SpanCollector;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Tests for {@link MetricsObservationHandler} registered in a real
 * {@link ObservationRegistry}, recording into a real meter provider.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetricsObservationHandlerTests {

	private final TestMeters meters = new TestMeters();

	private final AtomicLong nanoTime = new AtomicLong(1_000_000_000L);

	private final SpanCollector spans = new SpanCollector();

	private final TracerProvider tracerProvider = TracerProvider.builder()
		.setSampler(Sampler.alwaysOn())
		.addSpanProcessor(this.spans)
		.build();

	@AfterEach
	void tearDown() {
		this.meters.close();
		this.tracerProvider.shutdown().join(5, TimeUnit.SECONDS);
	}

	@Test
	void otherObservationsBecomeAHistogramNamedAfterThem() {
		MetricsObservationHandler handler = handler(List.of());
		ObservationRegistry registry = registryWith(handler);
		Observation observation = Observation.createNotStarted("order.checkout", registry)
			.lowCardinalityKeyValue("payment", "card")
			.highCardinalityKeyValue("order.id", "4711")
			.start();
		this.nanoTime.addAndGet(250_000_000L);
		observation.stop();

		MetricData metric = this.meters.metric("order.checkout");
		assertThat(metric.unit()).isEqualTo("s");
		HistogramPointData point = TestMeters.points(metric, HistogramPointData.class).get(0);
		assertThat(point.count()).isEqualTo(1);
		assertThat(point.sum()).isEqualTo(0.25);
		assertThat(point.attributes().asMap()).containsExactly(entry("payment", "card"));
		assertThat(handler.isMeasured("order.checkout")).isTrue();
	}

	@Test
	void failedObservationHasErrorType() {
		ObservationRegistry registry = registryWith(handler(List.of()));
		Observation observation = Observation.createNotStarted("order.checkout", registry).start();
		observation.error(new IllegalStateException("declined"));
		observation.stop();
		assertThat(this.meters.histogram("order.checkout").get(0).attributes().asMap()).containsEntry("error.type",
				"java.lang.IllegalStateException");
	}

	@Test
	void observationsWithTheSameKeyValuesShareOneSeries() {
		ObservationRegistry registry = registryWith(handler(List.of()));
		for (int i = 0; i < 100; i++) {
			Observation.createNotStarted("order.checkout", registry)
				.lowCardinalityKeyValue("payment", (i % 2 == 0) ? "card" : "cash")
				.highCardinalityKeyValue("order.id", Integer.toString(i))
				.start()
				.stop();
		}
		List<HistogramPointData> points = this.meters.histogram("order.checkout");
		assertThat(points).hasSize(2).allSatisfy((point) -> assertThat(point.count()).isEqualTo(50));
	}

	@Test
	void observationWithAnInvalidInstrumentNameIsNotMeasured() {
		ObservationRegistry registry = registryWith(handler(List.of()));
		Observation.createNotStarted("1 not a name", registry).start().stop();
		assertThat(this.meters.collect()).isEmpty();
		assertThat(GenericMetricConvention.isValidInstrumentName("tasks.scheduled.execution")).isTrue();
		assertThat(GenericMetricConvention.isValidInstrumentName("a/b-c_d.e")).isTrue();
		assertThat(GenericMetricConvention.isValidInstrumentName("_x")).isFalse();
		assertThat(GenericMetricConvention.isValidInstrumentName("x".repeat(256))).isFalse();
	}

	@Test
	void firstSupportingConventionWins() {
		RecordingConvention convention = new RecordingConvention();
		MetricsObservationHandler handler = handler(List.of(convention));
		ObservationRegistry registry = registryWith(handler);
		Observation observation = Observation.createNotStarted("custom", CustomContext::new, registry).start();
		this.nanoTime.addAndGet(2_000_000_000L);
		observation.stop();
		assertThat(convention.started).isEqualTo(1);
		assertThat(convention.seconds).isEqualTo(2.0);
		assertThat(convention.startValue).isEqualTo("started");
		assertThat(this.meters.collect()).isEmpty();
	}

	@Test
	void unmeasuredContextsAreNeitherMeasuredNorClaimed() {
		MetricsObservationHandler handler = handler(
				List.of(new UnmeasuredMetricConvention(List.of(CustomContext.class))));
		ObservationRegistry registry = registryWith(handler);
		Observation.createNotStarted("custom", CustomContext::new, registry).start().stop();
		assertThat(this.meters.collect()).isEmpty();
		assertThat(handler.isMeasured("custom")).isFalse();
	}

	@Test
	void measuredByConventionOnlyWhenAConventionDecidingByTypeMeasuresTheContext() {
		RecordingConvention perContext = new RecordingConvention();
		RecordingConvention byType = new RecordingConvention() {
			@Override
			public boolean supportsByType() {
				return true;
			}
		};
		Observation.Context custom = new CustomContext();
		Observation.Context other = new Observation.Context();
		assertThat(handler(List.of(byType)).isMeasuredByConvention(custom)).isTrue();
		assertThat(handler(List.of(byType)).isMeasuredByConvention(other)).as("generic histogram").isFalse();
		// Its answer could change by the time the observation starts.
		assertThat(handler(List.of(perContext)).isMeasuredByConvention(custom)).isFalse();
		assertThat(handler(List.of(new UnmeasuredMetricConvention(List.of(CustomContext.class))))
			.isMeasuredByConvention(custom)).isFalse();
	}

	@Test
	void measurementInsideASampledSpanCarriesItsExemplar() {
		TracingObservationHandler tracing = new TracingObservationHandler(this.tracerProvider.get("test", null),
				TextMapPropagator.composite(List.of(W3CTraceContextPropagator.getInstance())), List.of());
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(tracing).observationHandler(handler(List.of()));
		Observation observation = Observation.createNotStarted("order.checkout", registry).start();
		// Stopped outside its scope, as Spring stops server observations: the span is no
		// longer current, yet the measurement belongs to it.
		assertThat(Context.current()).isSameAs(Context.root());
		observation.stop();

		SpanData span = this.spans.single();
		List<ExemplarData> exemplars = this.meters.histogram("order.checkout").get(0).exemplars();
		assertThat(exemplars).singleElement().satisfies((exemplar) -> {
			assertThat(exemplar.spanContext().getTraceId()).isEqualTo(span.getSpanContext().getTraceId());
			assertThat(exemplar.spanContext().getSpanId()).isEqualTo(span.getSpanContext().getSpanId());
		});
	}

	@Test
	void measuresWithTheTracingHandlerRegisteredBeforeOrAfterIt() throws Exception {
		for (boolean tracingFirst : new boolean[] { true, false }) {
			TestMeters meters = new TestMeters();
			try {
				MetricsObservationHandler metrics = new MetricsObservationHandler(List.of(),
						new GenericMetricConvention(meters.meter()), this.nanoTime::get);
				TracingObservationHandler tracing = new TracingObservationHandler(this.tracerProvider.get("test", null),
						TextMapPropagator.composite(List.of(W3CTraceContextPropagator.getInstance())), List.of());
				ObservationRegistry registry = ObservationRegistry.create();
				if (tracingFirst) {
					registry.observationConfig().observationHandler(tracing).observationHandler(metrics);
				}
				else {
					registry.observationConfig().observationHandler(metrics).observationHandler(tracing);
				}
				Observation observation = Observation.createNotStarted("order.checkout", registry).start();
				this.nanoTime.addAndGet(250_000_000L);
				// Stopped on another thread, as an asynchronous request may be.
				Thread stopper = new Thread(observation::stop);
				stopper.start();
				stopper.join(10_000);

				HistogramPointData point = meters.histogram("order.checkout").get(0);
				assertThat(point.count()).as("tracing first: %s", tracingFirst).isEqualTo(1);
				assertThat(point.sum()).isEqualTo(0.25);
				assertThat(point.exemplars()).singleElement()
					.satisfies((exemplar) -> assertThat(exemplar.spanContext().getSpanId())
						.isEqualTo(this.spans.spans().get(this.spans.spans().size() - 1).getSpanContext().getSpanId()));
			}
			finally {
				meters.close();
			}
		}
	}

	@Test
	void failingConventionNeverReachesTheApplication() {
		ObservationMetricConvention failing = new RecordingConvention() {
			@Override
			public void onStop(Observation.Context context, @Nullable Object started, double seconds,
					Context traceContext) {
				throw new IllegalStateException("broken");
			}
		};
		ObservationRegistry registry = registryWith(handler(List.of(failing)));
		assertThatCode(() -> Observation.createNotStarted("custom", CustomContext::new, registry).start().stop())
			.doesNotThrowAnyException();
	}

	@Test
	void startThatFailedBesideTheTracingHandlerLeavesNothingToStop() {
		RecordingConvention failing = new RecordingConvention() {
			@Override
			public @Nullable Object onStart(Observation.Context context) {
				throw new IllegalStateException("broken");
			}
		};
		TracingObservationHandler tracing = new TracingObservationHandler(this.tracerProvider.get("test", null),
				TextMapPropagator.composite(List.of(W3CTraceContextPropagator.getInstance())), List.of());
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(tracing).observationHandler(handler(List.of(failing)));
		assertThatCode(() -> Observation.createNotStarted("custom", CustomContext::new, registry).start().stop())
			.doesNotThrowAnyException();
		// The span still ended; the failed start left no state, so stop measured nothing.
		assertThat(this.spans.spans()).hasSize(1);
		assertThat(failing.startValue).isNull();
	}

	private MetricsObservationHandler handler(List<ObservationMetricConvention> conventions) {
		return new MetricsObservationHandler(conventions, new GenericMetricConvention(this.meters.meter()),
				this.nanoTime::get);
	}

	private static ObservationRegistry registryWith(MetricsObservationHandler handler) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(handler);
		return registry;
	}

	private static java.util.Map.Entry<String, Object> entry(String key, Object value) {
		return java.util.Map.entry(key, value);
	}

	static class CustomContext extends Observation.Context {

	}

	static class RecordingConvention implements ObservationMetricConvention {

		int started;

		double seconds;

		@Nullable Object startValue;

		@Override
		public boolean supports(Observation.Context context) {
			return context instanceof CustomContext;
		}

		@Override
		public @Nullable Object onStart(Observation.Context context) {
			this.started++;
			return "started";
		}

		@Override
		public void onStop(Observation.Context context, @Nullable Object started, double seconds,
				Context traceContext) {
			this.seconds = seconds;
			this.startValue = started;
		}

	}

}

package dev.telemetry.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

import dev.telemetry.autoconfigure.observation.TracingObservationAutoConfiguration;
import dev.telemetry.autoconfigure.observation.MetricsObservationHandler;
import dev.telemetry.autoconfigure.observation.ObservationMetricConvention;
import dev.telemetry.autoconfigure.observation.ObservationSpanConvention;
import dev.telemetry.autoconfigure.observation.TracingObservationHandler;
import dev.telemetry.sdk.metrics.Meter;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.data.PointData;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import dev.telemetry.sdk.propagation.W3CBaggagePropagator;
import dev.telemetry.sdk.propagation.W3CTraceContextPropagator;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.sdk.trace.samplers.Sampler;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.handler.TracingAwareMeterObservationHandler;
import io.micrometer.tracing.otel.bridge.CompositeSpanExporter;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.otel.bridge.Slf4JEventListener;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

/**
 * One contender of the observation benchmarks: an {@link ObservationRegistry} wired the
 * way an application gets it, over a tracer whose batch processor has an exporter that
 * only counts what it receives.
 * <ul>
 * <li>{@link Contender#FLOOR}: one handler that does nothing, Micrometer's own cost;</li>
 * <li>{@link Contender#BOOT}: Spring Boot's native stack, Micrometer Tracing's receiver,
 * sender and default tracing handlers grouped first-match as Spring Boot groups them,
 * over the OpenTelemetry bridge and SDK;</li>
 * <li>{@link Contender#OURS}: this starter's {@link TracingObservationHandler}.</li>
 * </ul>
 * With metrics, Spring Boot's stack also has Micrometer's meter handler, wrapped the way
 * Spring Boot wraps it when Micrometer Tracing is present (the floor is then the meter
 * handler alone), and this starter's stack its own {@link MetricsObservationHandler}
 * recording into its own meter provider, as the starter configures them.
 */
final class ObservationStack implements AutoCloseable {

	/** The contenders. */
	enum Contender {

		/** An ObservationRegistry with one handler that does nothing. */
		FLOOR,

		/** Micrometer Tracing handlers over the OpenTelemetry bridge and SDK. */
		BOOT,

		/** This starter's tracing handler over its own SDK. */
		OURS

	}

	final ObservationRegistry registry;

	final SpanCounter counter;

	/** How many observations the stack's metrics measured so far (for tests). */
	final LongSupplier measured;

	private final Runnable shutdown;

	private ObservationStack(ObservationRegistry registry, SpanCounter counter, LongSupplier measured,
			Runnable shutdown) {
		this.registry = registry;
		this.counter = counter;
		this.measured = measured;
		this.shutdown = shutdown;
	}

	/**
	 * Builds a contender.
	 * @param contender which one
	 * @param sampled whether new traces are sampled (ratio 1.0) or not (ratio 0.0)
	 * @param metrics whether the meter handler is registered too
	 * @return the stack; close it to stop its worker thread
	 */
	static ObservationStack create(Contender contender, boolean sampled, boolean metrics) {
		double ratio = sampled ? 1.0 : 0.0;
		ObservationRegistry registry = ObservationRegistry.create();
		SpanCounter counter = new SpanCounter();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		return switch (contender) {
			case FLOOR -> {
				registry.observationConfig()
					.observationHandler(metrics ? new DefaultMeterObservationHandler(meters) : new NothingHandler());
				yield new ObservationStack(registry, counter, () -> timerCount(meters), () -> {
				});
			}
			case BOOT -> boot(registry, counter, meters, ratio, metrics);
			case OURS -> ours(registry, counter, ratio, metrics);
		};
	}

	private static ObservationStack ours(ObservationRegistry registry, SpanCounter counter, double ratio,
			boolean metrics) {
		return ours(registry, counter, ratio, metrics, List.of(), (meter) -> List.of());
	}

	/**
	 * Builds this starter's stack with conventions, as the auto-configurations add them.
	 * @param sampled whether new traces are sampled
	 * @param metrics whether the metrics handler is registered too
	 * @param spans the span conventions
	 * @param measures the metric conventions, made from the starter's meter
	 * @return the stack; close it to stop its worker thread
	 */
	static ObservationStack ours(boolean sampled, boolean metrics, List<ObservationSpanConvention> spans,
			Function<Meter, List<ObservationMetricConvention>> measures) {
		return ours(ObservationRegistry.create(), new SpanCounter(), sampled ? 1.0 : 0.0, metrics, spans, measures);
	}

	private static ObservationStack ours(ObservationRegistry registry, SpanCounter counter, double ratio,
			boolean metrics, List<ObservationSpanConvention> spans,
			Function<Meter, List<ObservationMetricConvention>> measures) {
		// As TracingAutoConfiguration builds them with the default properties.
		BatchSpanProcessor processor = BatchSpanProcessor.builder(counter.ours()).build();
		TracerProvider provider = TracerProvider.builder()
			.setResource(Resource.detect())
			.setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
			.addSpanProcessor(processor)
			.build();
		TracingObservationHandler handler = new TracingObservationHandler(
				provider.get(TracingObservationAutoConfiguration.INSTRUMENTATION_SCOPE, null),
				dev.telemetry.sdk.propagation.TextMapPropagator.composite(
						List.of(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())),
				spans);
		registry.observationConfig().observationHandler(handler);
		if (!metrics) {
			return new ObservationStack(registry, counter, () -> 0,
					() -> provider.shutdown().join(10, TimeUnit.SECONDS));
		}
		// As the metrics auto-configuration builds them: the starter's metrics handler,
		// recording into a meter provider with a reader (never collected here, so every
		// recording goes into the same cumulative series).
		PullMetricReader reader = PullMetricReader.create();
		MeterProvider meterProvider = MeterProvider.builder()
			.setResource(Resource.detect())
			.registerMetricReader(reader)
			.build();
		Meter meter = meterProvider.get(TracingObservationAutoConfiguration.INSTRUMENTATION_SCOPE);
		registry.observationConfig().observationHandler(new MetricsObservationHandler(measures.apply(meter), meter));
		return new ObservationStack(registry, counter, () -> histogramCount(reader), () -> {
			provider.shutdown().join(10, TimeUnit.SECONDS);
			meterProvider.close();
		});
	}

	private static ObservationStack boot(ObservationRegistry registry, SpanCounter counter, SimpleMeterRegistry meters,
			double ratio, boolean metrics) {
		// As OpenTelemetryTracingAutoConfiguration and MicrometerTracingAutoConfiguration
		// build them with the default properties, except the sampling probability.
		io.opentelemetry.sdk.trace.export.BatchSpanProcessor processor = io.opentelemetry.sdk.trace.export.BatchSpanProcessor
			.builder(new CompositeSpanExporter(List.of(counter.otel()), List.of(), List.of(), List.of()))
			.setMaxQueueSize(2048)
			.setMaxExportBatchSize(512)
			.setScheduleDelay(Duration.ofSeconds(5))
			.setExporterTimeout(Duration.ofSeconds(30))
			.build();
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.setSampler(io.opentelemetry.sdk.trace.samplers.Sampler
				.parentBased(io.opentelemetry.sdk.trace.samplers.Sampler.traceIdRatioBased(ratio)))
			.setResource(io.opentelemetry.sdk.resources.Resource.getDefault())
			.addSpanProcessor(processor)
			.build();
		ContextPropagators propagators = ContextPropagators.create(TextMapPropagator.composite(
				io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance(),
				io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator.getInstance()));
		io.opentelemetry.api.trace.Tracer otelTracer = provider.get("org.springframework.boot", "4.1.0");
		OtelCurrentTraceContext currentTraceContext = new OtelCurrentTraceContext();
		Slf4JEventListener slf4j = new Slf4JEventListener();
		OtelTracer tracer = new OtelTracer(otelTracer, currentTraceContext, slf4j::onEvent,
				new OtelBaggageManager(currentTraceContext, List.of(), List.of()));
		OtelPropagator propagator = new OtelPropagator(propagators, otelTracer);
		List<ObservationHandler<? extends Observation.Context>> tracing = List.of(
				new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
				new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
				new DefaultTracingObservationHandler(tracer));
		registry.observationConfig().observationHandler(new FirstMatchingCompositeObservationHandler(tracing));
		if (metrics) {
			registry.observationConfig()
				.observationHandler(new FirstMatchingCompositeObservationHandler(
						new TracingAwareMeterObservationHandler<>(new DefaultMeterObservationHandler(meters), tracer)));
		}
		return new ObservationStack(registry, counter, () -> timerCount(meters),
				() -> provider.shutdown().join(10, TimeUnit.SECONDS));
	}

	private static long timerCount(SimpleMeterRegistry meters) {
		Timer timer = meters.find(ServerObservations.SERVER_NAME).timer();
		return (timer != null) ? timer.count() : 0;
	}

	private static long histogramCount(PullMetricReader reader) {
		long count = 0;
		for (MetricData metric : reader.collect()) {
			for (PointData point : metric.points()) {
				if (point instanceof HistogramPointData histogram) {
					count += histogram.count();
				}
			}
		}
		return count;
	}

	@Override
	public void close() {
		this.shutdown.run();
	}

	/**
	 * The floor's handler: supports every context and does nothing.
	 */
	static final class NothingHandler implements ObservationHandler<Observation.Context> {

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}

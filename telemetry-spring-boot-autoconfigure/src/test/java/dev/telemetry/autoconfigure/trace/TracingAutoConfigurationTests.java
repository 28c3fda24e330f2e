package dev.telemetry.autoconfigure.trace;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import dev.telemetry.testing.SpanCollector;
import dev.telemetry.autoconfigure.TelemetryProperties;
import dev.telemetry.autoconfigure.export.ExporterProperties;
import dev.telemetry.autoconfigure.export.OtlpExportAutoConfiguration;
import dev.telemetry.autoconfigure.lifecycle.TelemetryFlushLifecycle;
import dev.telemetry.autoconfigure.observation.ObservationSpanConvention;
import dev.telemetry.autoconfigure.observation.TracingObservationAutoConfiguration;
import dev.telemetry.autoconfigure.observation.TracingObservationHandler;
import dev.telemetry.autoconfigure.propagation.PropagationAutoConfiguration;
import dev.telemetry.autoconfigure.propagation.PropagationProperties;
import dev.telemetry.autoconfigure.resource.TelemetryResourceAutoConfiguration;
import dev.telemetry.autoconfigure.web.HttpClientSpanConvention;
import dev.telemetry.autoconfigure.web.HttpSpanConventionsAutoConfiguration;
import dev.telemetry.autoconfigure.web.ServletServerSpanConvention;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.testing.CollectingSpanExporter;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.export.otlp.OtlpGrpcSpanExporter;
import dev.telemetry.sdk.export.otlp.OtlpHttpSpanExporter;
import dev.telemetry.sdk.propagation.TextMapPropagator;
import dev.telemetry.sdk.propagation.W3CTraceContextPropagator;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.SpanLimits;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import dev.telemetry.sdk.trace.export.SpanExporter;
import dev.telemetry.sdk.trace.export.SpanProcessor;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.testing.OtlpTestReceiver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.proto.common.v1.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TracingAutoConfiguration} together with the auto-configurations it
 * builds on and the observation handler built from it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TracingAutoConfigurationTests {

	private static final String DEFAULT_SAMPLER = "RuleBasedSampler{rules:["
			+ "Rule{kind:SERVER,url.path:/actuator/**,applyTo:all}->drop],"
			+ "fallback:ParentBased{root:TraceIdRatioBased{1.000000},"
			+ "remoteParentSampled:AlwaysOnSampler,remoteParentNotSampled:AlwaysOffSampler,"
			+ "localParentSampled:AlwaysOnSampler,localParentNotSampled:AlwaysOffSampler}}";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetryResourceAutoConfiguration.class,
				PropagationAutoConfiguration.class, OtlpExportAutoConfiguration.class, TracingAutoConfiguration.class,
				HttpSpanConventionsAutoConfiguration.class, TracingObservationAutoConfiguration.class,
				ObservationAutoConfiguration.class));

	@Test
	void suppliesEveryBean() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(Resource.class)
				.hasSingleBean(TextMapPropagator.class)
				.hasSingleBean(SpanExporter.class)
				.hasSingleBean(Sampler.class)
				.hasSingleBean(BatchSpanProcessor.class)
				.hasSingleBean(TracerProvider.class)
				.hasSingleBean(TelemetryFlushLifecycle.class)
				.hasSingleBean(TracingObservationHandler.class)
				.hasSingleBean(ServletServerSpanConvention.class)
				.hasSingleBean(HttpClientSpanConvention.class)
				.hasBean("telemetryDuplicateTracingGuard");
			assertThat(context.getBean(SpanExporter.class)).isInstanceOf(OtlpHttpSpanExporter.class);
			assertThat(context.getBean(Sampler.class).getDescription()).isEqualTo(DEFAULT_SAMPLER);
			TracerProvider tracerProvider = context.getBean(TracerProvider.class);
			assertThat(tracerProvider.getSampler()).isSameAs(context.getBean(Sampler.class));
			assertThat(tracerProvider.getResource()).isSameAs(context.getBean(Resource.class));
			assertThat(tracerProvider.getSpanProcessor()).isSameAs(context.getBean(BatchSpanProcessor.class));
			assertThat(context.getBean(TelemetryFlushLifecycle.class).isRunning()).isTrue();
		});
	}

	@Test
	void defaultExporterUsesTheDocumentedOtlpSettings() {
		this.contextRunner.run((context) -> {
			OtlpHttpSpanExporter exporter = context.getBean(OtlpHttpSpanExporter.class);
			assertThat(exporter.getEndpoint()).isEqualTo("http://localhost:4318");
			assertThat(exporter.getTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(exporter.getCompression()).isEqualTo("none");
			assertThat(exporter.getHeaderNames()).isEmpty();
		});
	}

	@Test
	void exporterPropertiesConfigureTheOtlpExporter() {
		this.contextRunner
			.withPropertyValues("telemetry.exporter.otlp.protocol=grpc",
					"telemetry.exporter.otlp.endpoint=https://collector.example.com:4317",
					"telemetry.exporter.otlp.timeout=3s", "telemetry.exporter.otlp.compression=gzip",
					"telemetry.exporter.otlp.headers.authorization=Bearer abc",
					"telemetry.exporter.otlp.headers[x-tenant]=team-a")
			.run((context) -> {
				OtlpGrpcSpanExporter exporter = context.getBean(OtlpGrpcSpanExporter.class);
				assertThat(exporter.getEndpoint()).isEqualTo("https://collector.example.com:4317");
				assertThat(exporter.getTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(exporter.getCompression()).isEqualTo("gzip");
				assertThat(exporter.getHeaderNames()).containsExactly("authorization", "x-tenant");
			});
	}

	@Test
	void observationsBecomeSpansThatAreExportedOverOtlp() {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start()) {
			this.contextRunner
				.withPropertyValues("telemetry.exporter.otlp.endpoint=" + receiver.endpoint(),
						"telemetry.exporter.otlp.protocol=grpc", "spring.application.name=orders")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					ObservationRegistry registry = context.getBean(ObservationRegistry.class);
					Observation.createNotStarted("order.lookup", registry)
						.lowCardinalityKeyValue("order.type", "express")
						.observe(() -> {
						});
					assertThat(
							context.getBean(TracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
						.isTrue();
					List<io.opentelemetry.proto.trace.v1.Span> spans = receiver.awaitSpans(1, Duration.ofSeconds(10));
					assertThat(spans).extracting(io.opentelemetry.proto.trace.v1.Span::getName)
						.containsExactly("order.lookup");
					assertThat(receiver.resourceSpans().get(0).getResource().getAttributesList())
						.filteredOn((attribute) -> attribute.getKey().equals("service.name"))
						.extracting((attribute) -> attribute.getValue().getStringValue())
						.containsExactly("orders");
					assertThat(receiver.resourceSpans().get(0).getScopeSpans(0).getScope().getName())
						.isEqualTo(TracingObservationAutoConfiguration.INSTRUMENTATION_SCOPE);
					List<KeyValue> attributes = spans.get(0).getAttributesList();
					assertThat(attributes).extracting(KeyValue::getKey).contains("order.type");
				});
		}
	}

	@Test
	void closingTheContextShutsTheTracerProviderDown() {
		AtomicReference<TracerProvider> provider = new AtomicReference<>();
		this.contextRunner.withBean(SpanExporter.class, CollectingSpanExporter::new)
			.run((context) -> provider.set(context.getBean(TracerProvider.class)));
		Span afterClose = provider.get().get("test", null).spanBuilder("late").startSpan();
		assertThat(afterClose.isRecording()).isFalse();
	}

	@Test
	void disabledTelemetrySuppliesNoTelemetryBean() {
		this.contextRunner.withPropertyValues("telemetry.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(Resource.class)
				.doesNotHaveBean(TextMapPropagator.class)
				.doesNotHaveBean(SpanExporter.class)
				.doesNotHaveBean(Sampler.class)
				.doesNotHaveBean(SpanProcessor.class)
				.doesNotHaveBean(BatchSpanProcessor.class)
				.doesNotHaveBean(TracerProvider.class)
				.doesNotHaveBean(TelemetryFlushLifecycle.class)
				.doesNotHaveBean(TracingObservationHandler.class)
				.doesNotHaveBean(ObservationSpanConvention.class)
				.doesNotHaveBean(TelemetryProperties.class)
				.doesNotHaveBean(TracingProperties.class)
				.doesNotHaveBean(ExporterProperties.class)
				.doesNotHaveBean(PropagationProperties.class)
				.doesNotHaveBean("telemetryDuplicateTracingGuard")
				.hasSingleBean(ObservationRegistry.class);
		});
	}

	@Test
	void disabledTracingSuppliesNoTracerProviderOrHandler() {
		this.contextRunner.withPropertyValues("telemetry.tracing.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(TracerProvider.class)
				.doesNotHaveBean(TracingObservationHandler.class)
				.doesNotHaveBean(SpanExporter.class)
				.doesNotHaveBean(Sampler.class)
				.doesNotHaveBean(BatchSpanProcessor.class)
				.doesNotHaveBean(TelemetryFlushLifecycle.class)
				.doesNotHaveBean(ObservationSpanConvention.class)
				.doesNotHaveBean("telemetryDuplicateTracingGuard")
				.hasSingleBean(Resource.class)
				.hasSingleBean(TextMapPropagator.class);
		});
	}

	@Test
	void userSamplerWins() {
		Sampler sampler = Sampler.alwaysOff();
		this.contextRunner.withBean(Sampler.class, () -> sampler).run((context) -> {
			assertThat(context).hasSingleBean(Sampler.class);
			assertThat(context.getBean(Sampler.class)).isSameAs(sampler);
			assertThat(context.getBean(TracerProvider.class).getSampler()).isSameAs(sampler);
		});
	}

	@Test
	void userSpanExporterWinsAndReceivesTheBatches() {
		CollectingSpanExporter exporter = new CollectingSpanExporter();
		this.contextRunner.withBean(SpanExporter.class, () -> exporter).run((context) -> {
			assertThat(context).hasSingleBean(SpanExporter.class).hasSingleBean(BatchSpanProcessor.class);
			assertThat(context.getBean(SpanExporter.class)).isSameAs(exporter);
			observe(context, "exported");
			assertThat(context.getBean(TracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
				.isTrue();
			assertThat(exporter.names()).containsExactly("exported");
		});
	}

	@Test
	void userPropagatorWins() {
		TextMapPropagator propagator = W3CTraceContextPropagator.getInstance();
		this.contextRunner.withBean(TextMapPropagator.class, () -> propagator).run((context) -> {
			assertThat(context).hasSingleBean(TextMapPropagator.class);
			assertThat(context.getBean(TextMapPropagator.class)).isSameAs(propagator);
		});
	}

	@Test
	void userResourceWins() {
		Resource resource = Resource.create(Attributes.of("service.name", "custom"));
		this.contextRunner.withBean(Resource.class, () -> resource).run((context) -> {
			assertThat(context).hasSingleBean(Resource.class);
			assertThat(context.getBean(Resource.class)).isSameAs(resource);
			assertThat(context.getBean(TracerProvider.class).getResource()).isSameAs(resource);
		});
	}

	@Test
	void userTracerProviderWinsAndIsUsedForObservations() {
		SpanCollector processor = new SpanCollector();
		TracerProvider tracerProvider = TracerProvider.builder().addSpanProcessor(processor).build();
		this.contextRunner.withBean(TracerProvider.class, () -> tracerProvider).run((context) -> {
			assertThat(context).hasSingleBean(TracerProvider.class);
			assertThat(context.getBean(TracerProvider.class)).isSameAs(tracerProvider);
			observe(context, "custom.provider");
			assertThat(processor.names()).containsExactly("custom.provider");
		});
	}

	@Test
	void noBatchSpanProcessorIsLeftRunningBesideAUserTracerProvider() {
		CollectingSpanExporter exporter = new CollectingSpanExporter();
		TracerProvider tracerProvider = TracerProvider.builder().build();
		this.contextRunner.withBean(TracerProvider.class, () -> tracerProvider)
			.withBean(SpanExporter.class, () -> exporter)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				// The user's provider would never feed it, so it must not exist
				// (nor its worker thread).
				assertThat(context).doesNotHaveBean(BatchSpanProcessor.class);
				assertThat(context.getBean(TracerProvider.class)).isSameAs(tracerProvider);
			});
	}

	@Test
	void userSpanProcessorIsAddedAlongsideTheBatchProcessor() {
		SpanCollector processor = new SpanCollector();
		CollectingSpanExporter exporter = new CollectingSpanExporter();
		this.contextRunner.withBean(SpanProcessor.class, () -> processor)
			.withBean(SpanExporter.class, () -> exporter)
			.run((context) -> {
				assertThat(context).hasSingleBean(BatchSpanProcessor.class);
				assertThat(context.getBeansOfType(SpanProcessor.class)).hasSize(2);
				observe(context, "both");
				assertThat(processor.names()).containsExactly("both");
				assertThat(context.getBean(TracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
					.isTrue();
				assertThat(exporter.names()).containsExactly("both");
			});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("samplers")
	void samplerTypeSelectsTheSampler(String type, String expectedDescription) {
		this.contextRunner
			.withPropertyValues("telemetry.tracing.sampler.type=" + type, "telemetry.tracing.sampler.ratio=0.25",
					"telemetry.tracing.sampler.exclude-actuator=false")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
				.isEqualTo(expectedDescription));
	}

	static Stream<Arguments> samplers() {
		String children = ",remoteParentSampled:AlwaysOnSampler,remoteParentNotSampled:AlwaysOffSampler,"
				+ "localParentSampled:AlwaysOnSampler,localParentNotSampled:AlwaysOffSampler}";
		return Stream.of(Arguments.of("always_on", "AlwaysOnSampler"), Arguments.of("always_off", "AlwaysOffSampler"),
				Arguments.of("traceidratio", "TraceIdRatioBased{0.250000}"),
				Arguments.of("parentbased_always_on", "ParentBased{root:AlwaysOnSampler" + children),
				Arguments.of("parentbased_always_off", "ParentBased{root:AlwaysOffSampler" + children),
				Arguments.of("parentbased_traceidratio", "ParentBased{root:TraceIdRatioBased{0.250000}" + children),
				Arguments.of("PARENTBASED_TRACEIDRATIO", "ParentBased{root:TraceIdRatioBased{0.250000}" + children));
	}

	@Test
	void spanLimitsDefaultToOpenTelemetrysAndFollowTheProperties() {
		this.contextRunner.run((context) -> assertThat(context.getBean(TracerProvider.class).getSpanLimits())
			.isEqualTo(SpanLimits.getDefault()));
		this.contextRunner
			.withPropertyValues("telemetry.tracing.limits.max-attributes=10",
					"telemetry.tracing.limits.max-attribute-value-length=100", "telemetry.tracing.limits.max-events=20",
					"telemetry.tracing.limits.max-links=30", "telemetry.tracing.limits.max-attributes-per-event=4",
					"telemetry.tracing.limits.max-attributes-per-link=5")
			.run((context) -> assertThat(context.getBean(TracerProvider.class).getSpanLimits())
				.isEqualTo(new SpanLimits(10, 100, 20, 30, 4, 5)));
	}

	@Test
	void exporterTypeNoneSuppliesAnExporterThatIsNotOtlp() {
		this.contextRunner.withPropertyValues("telemetry.exporter.type=none").run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(SpanExporter.class)
				.hasSingleBean(BatchSpanProcessor.class);
			SpanExporter exporter = context.getBean(SpanExporter.class);
			assertThat(exporter).isNotInstanceOf(OtlpGrpcSpanExporter.class).isSameAs(SpanExporter.noop());
			observe(context, "discarded");
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidValues")
	void invalidValueFailsStartUpNamingTheProperty(String assignment, String property) {
		this.contextRunner.withPropertyValues(assignment).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo(property));
		});
	}

	static Stream<Arguments> invalidValues() {
		return Stream.of(Arguments.of("telemetry.tracing.sampler.ratio=1.5", "telemetry.tracing.sampler.ratio"),
				Arguments.of("telemetry.tracing.sampler.ratio=-0.1", "telemetry.tracing.sampler.ratio"),
				Arguments.of("telemetry.tracing.batch.max-queue-size=-1", "telemetry.tracing.batch.max-queue-size"),
				Arguments.of("telemetry.tracing.limits.max-attributes=-1", "telemetry.tracing.limits.max-attributes"),
				Arguments.of("telemetry.tracing.limits.max-attribute-value-length=0",
						"telemetry.tracing.limits.max-attribute-value-length"),
				Arguments.of("telemetry.tracing.limits.max-events=-1", "telemetry.tracing.limits.max-events"),
				Arguments.of("telemetry.tracing.limits.max-links=-1", "telemetry.tracing.limits.max-links"),
				Arguments.of("telemetry.tracing.limits.max-attributes-per-event=-1",
						"telemetry.tracing.limits.max-attributes-per-event"),
				Arguments.of("telemetry.tracing.limits.max-attributes-per-link=-1",
						"telemetry.tracing.limits.max-attributes-per-link"),
				Arguments.of("telemetry.tracing.batch.max-export-batch-size=0",
						"telemetry.tracing.batch.max-export-batch-size"),
				Arguments.of("telemetry.tracing.batch.max-export-batch-size=4096",
						"telemetry.tracing.batch.max-export-batch-size"),
				Arguments.of("telemetry.tracing.batch.schedule-delay=0s", "telemetry.tracing.batch.schedule-delay"),
				Arguments.of("telemetry.tracing.batch.export-timeout=0s", "telemetry.tracing.batch.export-timeout"),
				Arguments.of("telemetry.shutdown.timeout=0s", "telemetry.shutdown.timeout"),
				Arguments.of("telemetry.exporter.otlp.timeout=0s", "telemetry.exporter.otlp.timeout"),
				Arguments.of("telemetry.exporter.otlp.endpoint=ftp://x", "telemetry.exporter.otlp.endpoint"));
	}

	@Test
	void endpointWithCredentialsFailsWithoutEchoingThem() {
		this.contextRunner.withPropertyValues("telemetry.exporter.otlp.endpoint=http://user:s3cret@collector:4317")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
							(ex) -> assertThat(ex.getName()).isEqualTo("telemetry.exporter.otlp.endpoint"));
				assertThat(messageChain(context.getStartupFailure())).doesNotContain("s3cret");
			});
	}

	@Test
	void invalidHeaderFailsStartUpNamingTheHeadersProperty() {
		this.contextRunner.withPropertyValues("telemetry.exporter.otlp.headers.authorization=Bearer s3cr\u00e9t")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
							(ex) -> assertThat(ex.getName()).startsWith("telemetry.exporter.otlp.headers"));
				assertThat(messageChain(context.getStartupFailure())).doesNotContain("s3cr\u00e9t");
			});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unbindableValues")
	void unbindableValueFailsStartUpNamingTheProperty(String assignment, String property) {
		this.contextRunner.withPropertyValues(assignment).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(messageChain(context.getStartupFailure())).contains(property);
		});
	}

	static Stream<Arguments> unbindableValues() {
		return Stream.of(Arguments.of("telemetry.tracing.sampler.type=foo", "telemetry.tracing.sampler.type"),
				Arguments.of("telemetry.propagation.type=b3", "telemetry.propagation.type"),
				Arguments.of("telemetry.exporter.otlp.compression=zstd", "telemetry.exporter.otlp.compression"));
	}

	@ParameterizedTest(name = "without {0}")
	@ValueSource(strings = { "io.grpc", "io.grpc.netty.shaded", "io.opentelemetry.proto" })
	void withoutGrpcOrProtoClassesThereIsNoOtlpExporterButTheContextStarts(String missingPackage) {
		// OTLP/HTTP needs no gRPC classes (see OtlpExportAutoConfigurationTests);
		// OTLP/gRPC needs both.
		this.contextRunner.withPropertyValues("telemetry.exporter.otlp.protocol=grpc")
			.withClassLoader(new FilteredClassLoader(missingPackage))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(SpanExporter.class)
					.doesNotHaveBean(BatchSpanProcessor.class)
					.hasSingleBean(TracerProvider.class)
					.hasSingleBean(TracingObservationHandler.class);
				observe(context, "not.exported");
			});
	}

	@Test
	void propagationTypeSelectsThePropagators() {
		this.contextRunner.run((context) -> assertThat(context.getBean(TextMapPropagator.class).fields())
			.containsExactlyInAnyOrder("traceparent", "tracestate", "baggage"));
		this.contextRunner.withPropertyValues("telemetry.propagation.type=tracecontext")
			.run((context) -> assertThat(context.getBean(TextMapPropagator.class).fields())
				.containsExactlyInAnyOrder("traceparent", "tracestate"));
		this.contextRunner.withPropertyValues("telemetry.propagation.type=none")
			.run((context) -> assertThat(context.getBean(TextMapPropagator.class).fields()).isEmpty());
	}

	@Test
	void failedStartUpShutsDownTheExporterItCreated() {
		CollectingSpanExporter exporter = new CollectingSpanExporter();
		this.contextRunner.withBean(SpanExporter.class, () -> exporter)
			.withPropertyValues("telemetry.shutdown.timeout=0s")
			.run((context) -> assertThat(context).hasFailed());
		await().atMost(Duration.ofSeconds(5)).until(() -> exporter.shutdowns() > 0);
	}

	private static void observe(AssertableApplicationContext context, String name) {
		Observation.createNotStarted(name, context.getBean(ObservationRegistry.class)).observe(() -> {
		});
	}

	private static String messageChain(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable ex = failure; ex != null; ex = (ex.getCause() != ex) ? ex.getCause() : null) {
			messages.append(ex).append('\n');
		}
		return messages.toString();
	}

}

package dev.telemetry.autoconfigure.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.export.OtlpExportAutoConfiguration;
import dev.telemetry.autoconfigure.export.OtlpMetricExportAutoConfiguration;
import dev.telemetry.autoconfigure.lifecycle.TelemetryFlushLifecycle;
import dev.telemetry.autoconfigure.propagation.PropagationAutoConfiguration;
import dev.telemetry.autoconfigure.resource.TelemetryResourceAutoConfiguration;
import dev.telemetry.autoconfigure.trace.TracingAutoConfiguration;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.export.otlp.OtlpGrpcMetricExporter;
import dev.telemetry.sdk.export.otlp.OtlpHttpMetricExporter;
import dev.telemetry.sdk.metrics.ExemplarFilter;
import dev.telemetry.sdk.metrics.InstrumentType;
import dev.telemetry.sdk.metrics.Meter;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.metrics.MetricsDiagnostics;
import dev.telemetry.sdk.metrics.View;
import dev.telemetry.sdk.metrics.data.HistogramPointData;
import dev.telemetry.sdk.metrics.data.LongPointData;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.data.PointData;
import dev.telemetry.sdk.metrics.export.MetricExporter;
import dev.telemetry.sdk.metrics.export.PeriodicMetricReader;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.TracerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MetricsAutoConfiguration} with the auto-configurations it builds on:
 * every property, asserted on what the meter provider then produces, every invalid value
 * naming its property, and every bean backing off.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetryResourceAutoConfiguration.class,
				PropagationAutoConfiguration.class, OtlpExportAutoConfiguration.class, TracingAutoConfiguration.class,
				OtlpMetricExportAutoConfiguration.class, MetricsAutoConfiguration.class));

	/** With an in-memory exporter, so that what the provider collects can be read. */
	private final ApplicationContextRunner collecting = this.contextRunner
		.withUserConfiguration(CollectingExporterConfiguration.class);

	@Test
	void suppliesEveryBeanWithTheSharedResource() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(MetricsProperties.class)
				.hasSingleBean(MetricExporter.class)
				.hasSingleBean(PeriodicMetricReader.class)
				.hasSingleBean(MeterProvider.class)
				.hasSingleBean(TelemetryFlushLifecycle.class);
			assertThat(context.getBean(MetricExporter.class)).isInstanceOf(OtlpHttpMetricExporter.class);
			OtlpHttpMetricExporter exporter = context.getBean(OtlpHttpMetricExporter.class);
			assertThat(exporter.getMetricsUrl()).isEqualTo("http://localhost:4318/v1/metrics");
			assertThat(exporter.getRetryBudget()).isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void exportsWithTheResourceOfTheTraces() {
		this.collecting.withPropertyValues("telemetry.service.name=shop").run((context) -> {
			List<MetricData> collected = collect(context, (meter) -> meter.counterBuilder("orders").build().add(1));
			assertThat(collected).singleElement()
				.satisfies((metric) -> assertThat(metric.resource()).isSameAs(context.getBean(Resource.class)));
		});
	}

	@Test
	void theLifecycleFlushesMetricsWithTheTraces() {
		this.collecting.run((context) -> {
			context.getBean(MeterProvider.class).get("test").counterBuilder("late").build().add(3);
			TelemetryFlushLifecycle lifecycle = context.getBean(TelemetryFlushLifecycle.class);

			lifecycle.stop();

			assertThat(context.getBean(CollectingExporter.class).names()).contains("late");
		});
	}

	@Test
	void withTracingOffTheLifecycleStillFlushesMetrics() {
		this.collecting.withPropertyValues("telemetry.tracing.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(TracerProvider.class).hasSingleBean(TelemetryFlushLifecycle.class);
			context.getBean(MeterProvider.class).get("test").counterBuilder("alone").build().add(1);

			context.getBean(TelemetryFlushLifecycle.class).stop();

			assertThat(context.getBean(CollectingExporter.class).names()).contains("alone");
		});
	}

	@ParameterizedTest
	@CsvSource({ "cumulative, COUNTER, CUMULATIVE", "delta, COUNTER, DELTA", "delta, UP_DOWN_COUNTER, CUMULATIVE",
			"low_memory, OBSERVABLE_COUNTER, CUMULATIVE", "low_memory, HISTOGRAM, DELTA" })
	void temporalityPreferenceReachesTheExporter(String preference, InstrumentType type, String temporality) {
		this.contextRunner.withPropertyValues("telemetry.metrics.temporality=" + preference).run((context) -> {
			MetricExporter exporter = context.getBean(MetricExporter.class);
			assertThat(exporter.getAggregationTemporality(type).name()).isEqualTo(temporality);
		});
	}

	@Test
	void exponentialHistogramsByDefault() {
		this.contextRunner
			.withPropertyValues("telemetry.metrics.default-histogram-aggregation=base2_exponential_bucket_histogram")
			.run((context) -> assertThat(
					context.getBean(MetricExporter.class).getDefaultAggregation(InstrumentType.HISTOGRAM).toString())
				.startsWith("base2_exponential_bucket_histogram"));
	}

	@Test
	void exportIntervalAndTimeoutReachTheReaderAndTheExporter() {
		this.contextRunner
			.withPropertyValues("telemetry.metrics.export.interval=15s", "telemetry.metrics.export.timeout=12s")
			.run((context) -> {
				assertThat(context.getBean(PeriodicMetricReader.class).toString()).contains("PT15S");
				assertThat(context.getBean(OtlpHttpMetricExporter.class).getRetryBudget())
					.isEqualTo(Duration.ofSeconds(12));
			});
	}

	@Test
	void exportOffLeavesAWorkingMeterProviderWithoutExporter() {
		this.contextRunner.withPropertyValues("telemetry.metrics.export.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(MetricExporter.class)
				.doesNotHaveBean(PeriodicMetricReader.class)
				.hasSingleBean(MeterProvider.class);
			context.getBean(MeterProvider.class).get("test").counterBuilder("unexported").build().add(1);
		});
	}

	@Test
	void metricsOffMeansNoMetricsBeanAndTracingUnchanged() {
		this.contextRunner.withPropertyValues("telemetry.metrics.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(MetricsProperties.class)
				.doesNotHaveBean(MetricExporter.class)
				.doesNotHaveBean(MeterProvider.class)
				.hasSingleBean(TracerProvider.class)
				.hasSingleBean(TelemetryFlushLifecycle.class);
		});
	}

	@Test
	void telemetryOffMeansNoMetricsBean() {
		this.contextRunner.withPropertyValues("telemetry.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(MeterProvider.class)
				.doesNotHaveBean(MetricExporter.class));
	}

	@Test
	void backsOffForTheApplicationsMeterProvider() {
		this.contextRunner.withUserConfiguration(UserMeterProviderConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(MeterProvider.class)
				.doesNotHaveBean(PeriodicMetricReader.class);
			assertThat(context.getBean(MeterProvider.class)).isSameAs(context.getBean("userMeterProvider"));
		});
	}

	@Test
	void backsOffForTheApplicationsExporterAndUsesIt() {
		this.collecting.run((context) -> {
			assertThat(context).hasSingleBean(MetricExporter.class).doesNotHaveBean(OtlpGrpcMetricExporter.class);
			assertThat(collect(context, (meter) -> meter.counterBuilder("mine").build().add(1)))
				.extracting(MetricData::name)
				.containsExactly("mine");
		});
	}

	@Test
	void theExemplarFilterReachesTheProvider() {
		this.collecting.withPropertyValues("telemetry.metrics.exemplars.filter=always_on").run((context) -> {
			List<MetricData> collected = collect(context,
					(meter) -> meter.histogramBuilder("latency").build().record(5.0));
			assertThat(collected).singleElement()
				.satisfies((metric) -> assertThat(metric.points().get(0).exemplars()).isNotEmpty());
		});
		this.collecting.withPropertyValues("telemetry.metrics.exemplars.filter=always_off").run((context) -> {
			List<MetricData> collected = collect(context,
					(meter) -> meter.histogramBuilder("latency").build().record(5.0));
			assertThat(collected.get(0).points().get(0).exemplars()).isEmpty();
		});
		assertThat(new MetricsProperties().getExemplars().getFilter()).isEqualTo(ExemplarFilter.TRACE_BASED);
	}

	@Test
	void theCardinalityLimitSendsNewAttributeSetsToTheOverflowSeries() {
		this.collecting.withPropertyValues("telemetry.metrics.cardinality-limit=3").run((context) -> {
			List<MetricData> collected = collect(context, (meter) -> {
				var counter = meter.counterBuilder("requests").build();
				for (int i = 0; i < 10; i++) {
					counter.add(1, Attributes.of("user", "u" + i));
				}
			});
			List<PointData> points = collected.get(0).points();
			assertThat(points).hasSize(3);
			assertThat(points.stream().mapToLong((point) -> ((LongPointData) point).value()).sum()).isEqualTo(10);
			assertThat(points).anySatisfy((point) -> assertThat(point.attributes().value(0)).isEqualTo(true));
		});
	}

	@Test
	void viewsRenameRebucketFilterBoundAndDrop() {
		this.collecting
			.withPropertyValues("telemetry.metrics.views[0].instrument-name=http.duration",
					"telemetry.metrics.views[0].name=http.server.duration",
					"telemetry.metrics.views[0].description=Server time",
					"telemetry.metrics.views[0].aggregation.type=explicit_bucket_histogram",
					"telemetry.metrics.views[0].aggregation.boundaries=10,100",
					"telemetry.metrics.views[0].attribute-keys.excluded=user",
					"telemetry.metrics.views[0].attribute-values.method=GET,POST",
					"telemetry.metrics.views[1].instrument-name=noise.*", "telemetry.metrics.views[1].drop=true",
					"telemetry.metrics.views[2].instrument-type=counter", "telemetry.metrics.views[2].meter-name=test",
					"telemetry.metrics.views[2].unit=By", "telemetry.metrics.views[2].attribute-keys.included=kept",
					"telemetry.metrics.views[2].cardinality-limit=5")
			.run((context) -> {
				List<MetricData> collected = collect(context, (meter) -> {
					var duration = meter.histogramBuilder("http.duration").build();
					duration.record(5, Attributes.builder().put("method", "GET").put("user", "a").build());
					duration.record(50, Attributes.builder().put("method", "PROPFIND").put("user", "b").build());
					meter.counterBuilder("noise.level").build().add(1);
					meter.counterBuilder("bytes")
						.setUnit("By")
						.build()
						.add(7, Attributes.builder().put("kept", "x").put("dropped", "y").build());
				});
				assertThat(collected).extracting(MetricData::name)
					.containsExactlyInAnyOrder("http.server.duration", "bytes");
				MetricData duration = collected.stream()
					.filter((metric) -> metric.name().equals("http.server.duration"))
					.findFirst()
					.orElseThrow();
				assertThat(duration.description()).isEqualTo("Server time");
				assertThat(duration.points()).extracting((point) -> ((HistogramPointData) point).boundaries())
					.containsOnly(List.of(10.0, 100.0));
				assertThat(duration.points()).extracting((point) -> point.attributes().value(0))
					.containsExactlyInAnyOrder("GET", View.OTHER_VALUE);
				MetricData bytes = collected.stream()
					.filter((metric) -> metric.name().equals("bytes"))
					.findFirst()
					.orElseThrow();
				assertThat(bytes.points().get(0).attributes().size()).isOne();
				MetricsDiagnostics diagnostics = context.getBean(MeterProvider.class).getDiagnostics();
				assertThat(diagnostics.streams()).filteredOn((stream) -> stream.streamName().equals("bytes"))
					.singleElement()
					.satisfies((stream) -> assertThat(stream.cardinalityLimit()).isEqualTo(5));
			});
	}

	@Test
	void anExponentialHistogramView() {
		this.collecting
			.withPropertyValues("telemetry.metrics.views[0].instrument-name=wait",
					"telemetry.metrics.views[0].aggregation.type=base2_exponential_bucket_histogram",
					"telemetry.metrics.views[0].aggregation.max-size=40",
					"telemetry.metrics.views[0].aggregation.max-scale=5")
			.run((context) -> {
				collect(context, (meter) -> meter.histogramBuilder("wait").build().record(3));
				assertThat(context.getBean(MeterProvider.class).getDiagnostics().streams())
					.filteredOn((stream) -> stream.streamName().equals("wait"))
					.singleElement()
					.satisfies((stream) -> assertThat(stream.aggregation()).contains("max-size=40", "max-scale=5"));
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "telemetry.metrics.export.interval=0s|telemetry.metrics.export.interval",
			"telemetry.metrics.export.timeout=-1s|telemetry.metrics.export.timeout",
			"telemetry.metrics.cardinality-limit=1|telemetry.metrics.cardinality-limit",
			"telemetry.metrics.views[0].unit=ms,telemetry.metrics.views[1].description=x|telemetry.metrics.views[1]",
			"telemetry.metrics.views[0].instrument-name=a*,telemetry.metrics.views[0].name=b|telemetry.metrics.views[0].name",
			"telemetry.metrics.views[0].unit=ms,telemetry.metrics.views[0].aggregation.type=explicit_bucket_histogram,telemetry.metrics.views[0].aggregation.boundaries=10,5|telemetry.metrics.views[0].aggregation.boundaries",
			"telemetry.metrics.views[0].unit=ms,telemetry.metrics.views[0].aggregation.boundaries=1|telemetry.metrics.views[0].aggregation.boundaries",
			"telemetry.metrics.views[0].unit=ms,telemetry.metrics.views[0].aggregation.type=base2_exponential_bucket_histogram,telemetry.metrics.views[0].aggregation.max-size=1|telemetry.metrics.views[0].aggregation.max-size",
			"telemetry.metrics.views[0].unit=ms,telemetry.metrics.views[0].aggregation.type=base2_exponential_bucket_histogram,telemetry.metrics.views[0].aggregation.max-scale=21|telemetry.metrics.views[0].aggregation.max-scale",
			"telemetry.metrics.views[0].unit=ms,telemetry.metrics.views[0].aggregation.max-scale=3|telemetry.metrics.views[0].aggregation.max-scale",
			"telemetry.metrics.views[0].unit=ms,telemetry.metrics.views[0].cardinality-limit=1|telemetry.metrics.views[0].cardinality-limit",
			"telemetry.exporter.otlp.metrics.endpoint=ftp://collector|telemetry.exporter.otlp.metrics.endpoint",
			"telemetry.exporter.otlp.metrics.timeout=0s|telemetry.exporter.otlp.metrics.timeout",
			"telemetry.exporter.otlp.metrics.headers.authorization=caf\u00e9|telemetry.exporter.otlp.metrics.headers.authorization",
			"telemetry.shutdown.timeout=0s,telemetry.tracing.enabled=false|telemetry.shutdown.timeout" })
	void anInvalidValueStopsStartUpNamingItsProperty(String properties, String property) {
		this.contextRunner.withPropertyValues(splitProperties(properties)).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo(property));
		});
	}

	@Test
	void boundariesThatDoNotIncreaseAreNamedWithTheReason() {
		this.contextRunner
			.withPropertyValues("telemetry.metrics.views[0].instrument-name=x", "telemetry.metrics.views[1].unit=s",
					"telemetry.metrics.views[2].instrument-name=latency",
					"telemetry.metrics.views[2].aggregation.type=explicit_bucket_histogram",
					"telemetry.metrics.views[2].aggregation.boundaries=1,5,5")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("telemetry.metrics.views[2].aggregation.boundaries")
				.hasMessageContaining("not increasing"));
	}

	@Test
	void propertyDefaultsAreTheSdksDefaults() {
		MetricsProperties properties = new MetricsProperties();
		assertThat(properties.getExport().getInterval()).isEqualTo(PeriodicMetricReader.DEFAULT_INTERVAL);
		assertThat(properties.getExport().getTimeout()).isEqualTo(PeriodicMetricReader.DEFAULT_TIMEOUT);
		assertThat(properties.getCardinalityLimit())
			.isEqualTo(dev.telemetry.sdk.metrics.MeterProviderBuilder.DEFAULT_CARDINALITY_LIMIT);
		assertThat(properties.getExemplars().getFilter())
			.isEqualTo(dev.telemetry.sdk.metrics.MeterProviderBuilder.DEFAULT_EXEMPLAR_FILTER);
		assertThat(properties.getTemporality())
			.isEqualTo(dev.telemetry.sdk.export.otlp.OtlpMetricExporterBuilder.DEFAULT_TEMPORALITY);
	}

	// Values of one property may hold commas; properties are separated where a new key
	// starts.
	private static String[] splitProperties(String properties) {
		List<String> split = new ArrayList<>();
		for (String part : properties.split(",")) {
			if (part.startsWith("telemetry.") || split.isEmpty()) {
				split.add(part);
			}
			else {
				split.set(split.size() - 1, split.get(split.size() - 1) + "," + part);
			}
		}
		return split.toArray(new String[0]);
	}

	private static List<MetricData> collect(AssertableApplicationContext context,
			java.util.function.Consumer<Meter> record) {
		assertThat(context).hasNotFailed();
		MeterProvider provider = context.getBean(MeterProvider.class);
		record.accept(provider.get("test"));
		CollectingExporter exporter = context.getBean(CollectingExporter.class);
		exporter.clear();
		assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		return exporter.metrics();
	}

	@Configuration(proxyBeanMethods = false)
	static class CollectingExporterConfiguration {

		@Bean
		CollectingExporter collectingExporter() {
			return new CollectingExporter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMeterProviderConfiguration {

		@Bean
		MeterProvider userMeterProvider() {
			return MeterProvider.builder().build();
		}

	}

	static final class CollectingExporter implements MetricExporter {

		private final List<MetricData> metrics = new CopyOnWriteArrayList<>();

		@Override
		public CompletableResult export(Collection<MetricData> batch) {
			this.metrics.addAll(batch);
			return CompletableResult.ofSuccess();
		}

		@Override
		public CompletableResult flush() {
			return CompletableResult.ofSuccess();
		}

		@Override
		public CompletableResult shutdown() {
			return CompletableResult.ofSuccess();
		}

		List<MetricData> metrics() {
			return List.copyOf(this.metrics);
		}

		List<String> names() {
			return this.metrics.stream().map(MetricData::name).toList();
		}

		void clear() {
			this.metrics.clear();
		}

	}

}

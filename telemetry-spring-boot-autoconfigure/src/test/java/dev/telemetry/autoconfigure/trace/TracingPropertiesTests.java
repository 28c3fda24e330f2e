package dev.telemetry.autoconfigure.trace;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.TelemetryProperties;
import dev.telemetry.autoconfigure.export.ExporterProperties;
import dev.telemetry.autoconfigure.export.ExporterType;
import dev.telemetry.autoconfigure.propagation.PropagationProperties;
import dev.telemetry.autoconfigure.propagation.PropagationType;
import dev.telemetry.sdk.export.otlp.OtlpHttpSpanExporterBuilder;
import dev.telemetry.sdk.trace.SpanLimits;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the defaults and binding of {@link TracingProperties} and the other
 * {@code telemetry.*} properties: the defaults must be the SDK's own.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TracingPropertiesTests {

	@Test
	void batchDefaultsAreTheBatchSpanProcessorDefaults() {
		TracingProperties.Batch batch = new TracingProperties().getBatch();
		assertThat(batch.getMaxQueueSize()).isEqualTo(BatchSpanProcessor.DEFAULT_MAX_QUEUE_SIZE);
		assertThat(batch.getMaxExportBatchSize()).isEqualTo(BatchSpanProcessor.DEFAULT_MAX_EXPORT_BATCH_SIZE);
		assertThat(batch.getScheduleDelay()).isEqualTo(BatchSpanProcessor.DEFAULT_SCHEDULE_DELAY);
		assertThat(batch.getExportTimeout()).isEqualTo(BatchSpanProcessor.DEFAULT_EXPORTER_TIMEOUT);
	}

	@Test
	void limitDefaultsAreTheSdkDefaults() {
		assertThat(TracingAutoConfiguration.spanLimits(new TracingProperties().getLimits()))
			.isEqualTo(SpanLimits.getDefault());
	}

	@Test
	void samplerDefaultsToParentBasedRatioOfOne() {
		TracingProperties properties = new TracingProperties();
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getSampler().getType()).isEqualTo(SamplerType.PARENTBASED_TRACEIDRATIO);
		assertThat(properties.getSampler().getRatio()).isEqualTo(1.0);
	}

	@Test
	void otlpDefaultsAreTheExporterBuilderDefaults() {
		ExporterProperties properties = new ExporterProperties();
		assertThat(properties.getType()).isEqualTo(ExporterType.OTLP);
		ExporterProperties.Otlp otlp = properties.getOtlp();
		assertThat(otlp.getEndpoint()).isEqualTo(OtlpHttpSpanExporterBuilder.DEFAULT_ENDPOINT);
		assertThat(otlp.getTimeout()).isEqualTo(OtlpHttpSpanExporterBuilder.DEFAULT_TIMEOUT);
		assertThat(otlp.getCompression().name().toLowerCase(Locale.ROOT))
			.isEqualTo(OtlpHttpSpanExporterBuilder.DEFAULT_COMPRESSION);
		assertThat(otlp.getHeaders()).isEmpty();
	}

	@Test
	void telemetryDefaults() {
		TelemetryProperties properties = new TelemetryProperties();
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getService().getName()).isNull();
		assertThat(properties.getService().getVersion()).isNull();
		assertThat(properties.getService().getEnvironment()).isNull();
		assertThat(properties.getResource().getAttributes()).isEmpty();
		assertThat(properties.getShutdown().getTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(new PropagationProperties().getType()).containsExactly(PropagationType.TRACECONTEXT,
				PropagationType.BAGGAGE);
	}

	@Test
	void bindsRelaxedNamesAndDurations() {
		MapConfigurationPropertySource source = new MapConfigurationPropertySource();
		source.put("telemetry.tracing.sampler.type", "always-on");
		source.put("telemetry.tracing.sampler.ratio", "0.5");
		source.put("telemetry.tracing.batch.max-queue-size", "100");
		source.put("telemetry.tracing.batch.maxExportBatchSize", "10");
		source.put("telemetry.tracing.batch.schedule-delay", "250ms");
		source.put("telemetry.tracing.batch.export-timeout", "2");
		TracingProperties properties = new Binder(source)
			.bind("telemetry.tracing", Bindable.ofInstance(new TracingProperties()))
			.get();
		assertThat(properties.getSampler().getType()).isEqualTo(SamplerType.ALWAYS_ON);
		assertThat(properties.getSampler().getRatio()).isEqualTo(0.5);
		assertThat(properties.getBatch().getMaxQueueSize()).isEqualTo(100);
		assertThat(properties.getBatch().getMaxExportBatchSize()).isEqualTo(10);
		assertThat(properties.getBatch().getScheduleDelay()).isEqualTo(Duration.ofMillis(250));
		assertThat(properties.getBatch().getExportTimeout()).isEqualTo(Duration.ofMillis(2));
	}

}

package dev.telemetry.autoconfigure.export;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.export.otlp.OtlpGrpcSpanExporterBuilder;
import dev.telemetry.sdk.export.otlp.OtlpHttpSpanExporterBuilder;
import dev.telemetry.sdk.export.otlp.RetryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExporterProperties}: its defaults are the SDK builders' defaults, and
 * it binds the names and values the documentation uses.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ExporterPropertiesTests {

	@Test
	void defaultsAreTheSdkDefaults() {
		ExporterProperties.Otlp otlp = new ExporterProperties().getOtlp();
		// The specification's default transport.
		assertThat(otlp.getProtocol()).isEqualTo(OtlpProtocol.HTTP_PROTOBUF);
		assertThat(otlp.getEndpoint()).isEqualTo(OtlpHttpSpanExporterBuilder.DEFAULT_ENDPOINT);
		assertThat(otlp.getTimeout()).isEqualTo(OtlpGrpcSpanExporterBuilder.DEFAULT_TIMEOUT)
			.isEqualTo(OtlpHttpSpanExporterBuilder.DEFAULT_TIMEOUT);
		assertThat(otlp.getCompression().name().toLowerCase(Locale.ROOT))
			.isEqualTo(OtlpGrpcSpanExporterBuilder.DEFAULT_COMPRESSION);
		assertThat(otlp.getSsl().getBundle()).isNull();
		ExporterProperties.Retry retry = otlp.getRetry();
		assertThat(retry.isEnabled()).isTrue();
		assertThat(retry.getMaxAttempts()).isEqualTo(RetryPolicy.DEFAULT_MAX_ATTEMPTS);
		assertThat(retry.getInitialBackoff()).isEqualTo(RetryPolicy.DEFAULT_INITIAL_BACKOFF);
		assertThat(retry.getMaxBackoff()).isEqualTo(RetryPolicy.DEFAULT_MAX_BACKOFF);
		assertThat(retry.getMultiplier()).isEqualTo(RetryPolicy.DEFAULT_BACKOFF_MULTIPLIER);
	}

	@Test
	void theDefaultEndpointFollowsTheProtocolUntilOneIsSet() {
		ExporterProperties.Otlp otlp = new ExporterProperties().getOtlp();
		otlp.setProtocol(OtlpProtocol.GRPC);
		assertThat(otlp.getEndpoint()).isEqualTo(OtlpGrpcSpanExporterBuilder.DEFAULT_ENDPOINT);
		otlp.setEndpoint("http://collector:4317");
		otlp.setProtocol(OtlpProtocol.HTTP_PROTOBUF);
		assertThat(otlp.getEndpoint()).isEqualTo("http://collector:4317");
		assertThat(OtlpProtocol.GRPC.getDefaultEndpoint()).isEqualTo(OtlpGrpcSpanExporterBuilder.DEFAULT_ENDPOINT);
		assertThat(OtlpProtocol.HTTP_PROTOBUF.getDefaultEndpoint())
			.isEqualTo(OtlpHttpSpanExporterBuilder.DEFAULT_ENDPOINT);
	}

	@Test
	void bindsTheSpecificationsProtocolNamesAndRetrySettings() {
		MapConfigurationPropertySource source = new MapConfigurationPropertySource();
		source.put("telemetry.exporter.otlp.protocol", "http/protobuf");
		source.put("telemetry.exporter.otlp.retry.enabled", "false");
		source.put("telemetry.exporter.otlp.retry.max-attempts", "7");
		source.put("telemetry.exporter.otlp.retry.initial-backoff", "250ms");
		source.put("telemetry.exporter.otlp.retry.maxBackoff", "3s");
		source.put("telemetry.exporter.otlp.retry.multiplier", "2.5");
		source.put("telemetry.exporter.otlp.ssl.bundle", "collector");
		ExporterProperties properties = new Binder(source).bind("telemetry.exporter", ExporterProperties.class).get();
		ExporterProperties.Otlp otlp = properties.getOtlp();
		assertThat(otlp.getProtocol()).isEqualTo(OtlpProtocol.HTTP_PROTOBUF).hasToString("http/protobuf");
		assertThat(otlp.getEndpoint()).isEqualTo("http://localhost:4318");
		assertThat(otlp.getRetry().isEnabled()).isFalse();
		assertThat(otlp.getRetry().getMaxAttempts()).isEqualTo(7);
		assertThat(otlp.getRetry().getInitialBackoff()).isEqualTo(Duration.ofMillis(250));
		assertThat(otlp.getRetry().getMaxBackoff()).isEqualTo(Duration.ofSeconds(3));
		assertThat(otlp.getRetry().getMultiplier()).isEqualTo(2.5);
		assertThat(otlp.getSsl().getBundle()).isEqualTo("collector");
	}

}

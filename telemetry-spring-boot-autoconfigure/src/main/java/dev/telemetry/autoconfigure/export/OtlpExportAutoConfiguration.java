package dev.telemetry.autoconfigure.export;

import dev.telemetry.autoconfigure.ConditionalOnTracingEnabled;
import dev.telemetry.sdk.export.otlp.OtlpGrpcSpanExporter;
import dev.telemetry.sdk.trace.export.SpanExporter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration for the {@link SpanExporter}: OTLP over gRPC by default, or none.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnTracingEnabled
@EnableConfigurationProperties(ExporterProperties.class)
@Import({ OtlpExportAutoConfiguration.OtlpGrpc.class, OtlpExportAutoConfiguration.NoExport.class })
public final class OtlpExportAutoConfiguration {

	OtlpExportAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder",
			"io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc" })
	@ConditionalOnProperty(name = "telemetry.exporter.type", havingValue = "otlp", matchIfMissing = true)
	static class OtlpGrpc {

		// The processor shuts the exporter down. shutdown() is idempotent and never
		// blocks: as a destroy method it only matters when start-up failed early.
		@Bean(destroyMethod = "shutdown")
		@ConditionalOnMissingBean
		SpanExporter telemetrySpanExporter(ExporterProperties properties) {
			ExporterProperties.Otlp otlp = properties.getOtlp();
			String prefix = "telemetry.exporter.otlp.";
			if (otlp.getTimeout() == null || otlp.getTimeout().isNegative() || otlp.getTimeout().isZero()) {
				throw new InvalidConfigurationPropertyValueException(prefix + "timeout", otlp.getTimeout(),
						"must be greater than zero");
			}
			try {
				return OtlpGrpcSpanExporter.builder()
					.setEndpoint(otlp.getEndpoint())
					.setHeaders(otlp.getHeaders())
					.setTimeout(otlp.getTimeout())
					.setCompression(otlp.getCompression().name().toLowerCase(java.util.Locale.ROOT))
					.build();
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(prefix + "endpoint", otlp.getEndpoint(),
						ex.getMessage());
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "telemetry.exporter.type", havingValue = "none")
	static class NoExport {

		@Bean
		@ConditionalOnMissingBean
		SpanExporter telemetrySpanExporter() {
			return SpanExporter.noop();
		}

	}

}

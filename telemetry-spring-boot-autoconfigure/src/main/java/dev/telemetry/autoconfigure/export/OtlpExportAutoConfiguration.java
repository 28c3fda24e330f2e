package dev.telemetry.autoconfigure.export;

import dev.telemetry.autoconfigure.ConditionalOnTracingEnabled;
import dev.telemetry.sdk.export.otlp.OtlpGrpcSpanExporter;
import dev.telemetry.sdk.export.otlp.OtlpHttpSpanExporter;
import dev.telemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration for the {@link SpanExporter}: OTLP over gRPC by default, OTLP/HTTP
 * with {@code telemetry.exporter.otlp.protocol=http/protobuf}, or none.
 * <p>
 * The exporter retries within {@code telemetry.tracing.batch.export-timeout}, the time
 * the batch processor waits for each export, and uses the SSL bundle named by
 * {@code telemetry.exporter.otlp.ssl.bundle} for {@code https://} endpoints.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnTracingEnabled
@EnableConfigurationProperties(ExporterProperties.class)
@Import({ OtlpExportAutoConfiguration.OtlpGrpc.class, OtlpExportAutoConfiguration.OtlpHttp.class,
		OtlpExportAutoConfiguration.NoExport.class })
public final class OtlpExportAutoConfiguration {

	OtlpExportAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder",
			"io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc" })
	@ConditionalOnProperty(name = "telemetry.exporter.type", havingValue = "otlp", matchIfMissing = true)
	@ConditionalOnOtlpProtocol(OtlpProtocol.GRPC)
	static class OtlpGrpc {

		// The processor shuts the exporter down. shutdown() is idempotent and never
		// blocks: as a destroy method it only matters when start-up failed early.
		@Bean(destroyMethod = "shutdown")
		@ConditionalOnMissingBean(SpanExporter.class)
		OtlpGrpcSpanExporter telemetrySpanExporter(ExporterProperties properties, Environment environment,
				ObjectProvider<SslBundles> sslBundles) {
			return new OtlpExporterSetup(properties.getOtlp(), environment, sslBundles)
				.configure(OtlpGrpcSpanExporter.builder(), OtlpProtocol.GRPC);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest")
	@ConditionalOnProperty(name = "telemetry.exporter.type", havingValue = "otlp", matchIfMissing = true)
	@ConditionalOnOtlpProtocol(OtlpProtocol.HTTP_PROTOBUF)
	static class OtlpHttp {

		// The processor shuts the exporter down. shutdown() is idempotent and never
		// blocks: as a destroy method it only matters when start-up failed early.
		@Bean(destroyMethod = "shutdown")
		@ConditionalOnMissingBean(SpanExporter.class)
		OtlpHttpSpanExporter telemetrySpanExporter(ExporterProperties properties, Environment environment,
				ObjectProvider<SslBundles> sslBundles) {
			return new OtlpExporterSetup(properties.getOtlp(), environment, sslBundles)
				.configure(OtlpHttpSpanExporter.builder(), OtlpProtocol.HTTP_PROTOBUF);
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

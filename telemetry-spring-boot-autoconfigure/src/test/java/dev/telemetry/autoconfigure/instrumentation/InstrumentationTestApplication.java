package dev.telemetry.autoconfigure.instrumentation;

import dev.telemetry.testing.SpanCollector;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Spring Boot application with every auto-configuration on the test class path except
 * Spring Boot's own tracing (which the duplicate-tracing guard would refuse), and an
 * in-memory {@link SpanCollector}. Tests add their own controllers and components as
 * further sources and run it with {@code telemetry.exporter.type=none}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration(excludeName = {
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.otlp.OtlpExemplarsAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.zipkin.ZipkinWithOpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
		"org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration",
		"org.springframework.boot.opentelemetry.autoconfigure.logging.otlp.OtlpLoggingAutoConfiguration" })
public class InstrumentationTestApplication {

	/**
	 * Properties every test run needs: loopback only, nothing exported, and no static
	 * resource handler (whose {@code /**} pattern would match every unknown path).
	 */
	public static final String[] PROPERTIES = { "server.port=0", "server.address=127.0.0.1",
			"telemetry.exporter.type=none", "spring.datasource.generate-unique-name=true",
			"spring.web.resources.add-mappings=false" };

	@Bean
	SpanCollector spanCollector() {
		return new SpanCollector();
	}

}

package dev.telemetry.autoconfigure.export;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.export.otlp.OtlpGrpcSpanExporter;
import dev.telemetry.sdk.export.otlp.OtlpHttpSpanExporter;
import dev.telemetry.sdk.export.otlp.RetryPolicy;
import dev.telemetry.sdk.testing.TestSpanData;
import dev.telemetry.sdk.trace.export.SpanExporter;
import dev.telemetry.testing.FaultInjectingReceiver;
import dev.telemetry.testing.OtlpHttpTestReceiver;
import dev.telemetry.testing.OtlpTestReceiver;
import dev.telemetry.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OtlpExportAutoConfiguration}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ExtendWith(OutputCaptureExtension.class)
class OtlpExportAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OtlpExportAutoConfiguration.class, SslAutoConfiguration.class))
		.withBean(ExporterCloser.class);

	@Test
	void suppliesAnHttpExporterWithTheDocumentedDefaults() {
		// OTLP/HTTP is the specification's default transport.
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SpanExporter.class).hasSingleBean(OtlpHttpSpanExporter.class);
			OtlpHttpSpanExporter exporter = context.getBean(OtlpHttpSpanExporter.class);
			assertThat(exporter.getEndpoint()).isEqualTo("http://localhost:4318");
			assertThat(exporter.getTracesUrl()).isEqualTo("http://localhost:4318/v1/traces");
			assertThat(exporter.getTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(exporter.getCompression()).isEqualTo("none");
			assertThat(exporter.getHeaderNames()).isEmpty();
			assertThat(exporter.getRetryPolicy()).isEqualTo(RetryPolicy.getDefault());
			assertThat(exporter.getRetryBudget()).isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void grpcSuppliesAGrpcExporterOnTheGrpcPort() {
		this.contextRunner.withPropertyValues("telemetry.exporter.otlp.protocol=grpc").run((context) -> {
			assertThat(context).hasSingleBean(SpanExporter.class).doesNotHaveBean(OtlpHttpSpanExporter.class);
			OtlpGrpcSpanExporter exporter = context.getBean(OtlpGrpcSpanExporter.class);
			assertThat(exporter.getEndpoint()).isEqualTo("http://localhost:4317");
			assertThat(exporter.getTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(exporter.getRetryPolicy()).isEqualTo(RetryPolicy.getDefault());
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "http/protobuf", "http-protobuf", "HTTP_PROTOBUF" })
	void httpProtobufSuppliesAnHttpExporterOnTheHttpPort(String protocol) {
		this.contextRunner.withPropertyValues("telemetry.exporter.otlp.protocol=" + protocol).run((context) -> {
			assertThat(context).hasSingleBean(SpanExporter.class).doesNotHaveBean(OtlpGrpcSpanExporter.class);
			OtlpHttpSpanExporter exporter = context.getBean(OtlpHttpSpanExporter.class);
			assertThat(exporter.getEndpoint()).isEqualTo("http://localhost:4318");
			assertThat(exporter.getTracesUrl()).isEqualTo("http://localhost:4318/v1/traces");
		});
	}

	@Test
	void anExplicitEndpointWinsOverTheProtocolsDefault() {
		this.contextRunner
			.withPropertyValues("telemetry.exporter.otlp.protocol=http/protobuf",
					"telemetry.exporter.otlp.endpoint=https://gateway.example.com/otlp")
			.run((context) -> assertThat(context.getBean(OtlpHttpSpanExporter.class).getTracesUrl())
				.isEqualTo("https://gateway.example.com:443/otlp/v1/traces"));
	}

	@Test
	void mapsEveryProperty() {
		this.contextRunner.withPropertyValues("telemetry.exporter.otlp.protocol=grpc",
				"telemetry.exporter.otlp.endpoint=https://collector.example.com:4317",
				"telemetry.exporter.otlp.timeout=3s", "telemetry.exporter.otlp.compression=gzip",
				"telemetry.exporter.otlp.headers.authorization=Bearer abc",
				"telemetry.exporter.otlp.headers[x-tenant]=team-a", "telemetry.exporter.otlp.retry.max-attempts=3",
				"telemetry.exporter.otlp.retry.initial-backoff=200ms", "telemetry.exporter.otlp.retry.max-backoff=2s",
				"telemetry.exporter.otlp.retry.multiplier=2", "telemetry.tracing.batch.export-timeout=12s")
			.run((context) -> {
				OtlpGrpcSpanExporter exporter = context.getBean(OtlpGrpcSpanExporter.class);
				assertThat(exporter.getEndpoint()).isEqualTo("https://collector.example.com:4317");
				assertThat(exporter.getTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(exporter.getCompression()).isEqualTo("gzip");
				assertThat(exporter.getHeaderNames()).containsExactly("authorization", "x-tenant");
				assertThat(exporter.getRetryPolicy()).isEqualTo(RetryPolicy.builder()
					.setMaxAttempts(3)
					.setInitialBackoff(Duration.ofMillis(200))
					.setMaxBackoff(Duration.ofSeconds(2))
					.setBackoffMultiplier(2)
					.build());
				assertThat(exporter.getRetryBudget()).as("the batch processor's export timeout")
					.isEqualTo(Duration.ofSeconds(12));
				assertThat(exporter.toString()).doesNotContain("abc", "team-a");
			});
	}

	@Test
	void retriesCanBeDisabled() {
		this.contextRunner
			.withPropertyValues("telemetry.exporter.otlp.retry.enabled=false",
					"telemetry.exporter.otlp.retry.max-attempts=0")
			.run((context) -> assertThat(context.getBean(OtlpHttpSpanExporter.class).getRetryPolicy())
				.isEqualTo(RetryPolicy.disabled()));
	}

	@Test
	void backsOffFromAUserSpanExporter() {
		this.contextRunner.withBean(SpanExporter.class, SpanExporter::noop)
			.run((context) -> assertThat(context).hasSingleBean(SpanExporter.class)
				.doesNotHaveBean(OtlpGrpcSpanExporter.class)
				.doesNotHaveBean(OtlpHttpSpanExporter.class));
	}

	@Test
	void exporterTypeNoneSuppliesTheNoopExporter() {
		this.contextRunner.withPropertyValues("telemetry.exporter.type=none")
			.run((context) -> assertThat(context.getBean(SpanExporter.class)).isSameAs(SpanExporter.noop()));
	}

	@Test
	void theHttpExporterNeedsNoGrpcClasses() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.grpc"))
			.run((context) -> assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class));
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.grpc"))
			.withPropertyValues("telemetry.exporter.otlp.protocol=grpc")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SpanExporter.class));
	}

	@Test
	void anUnknownProtocolFailsStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("telemetry.exporter.otlp.protocol=http/json").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure())).contains("telemetry.exporter.otlp.protocol");
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
		String otlp = "telemetry.exporter.otlp.";
		return Stream.of(Arguments.of(otlp + "retry.max-attempts=0", otlp + "retry.max-attempts"),
				Arguments.of(otlp + "retry.initial-backoff=0s", otlp + "retry.initial-backoff"),
				Arguments.of(otlp + "retry.max-backoff=-1s", otlp + "retry.max-backoff"),
				Arguments.of(otlp + "retry.max-backoff=500ms", otlp + "retry.max-backoff"),
				Arguments.of(otlp + "retry.multiplier=0.5", otlp + "retry.multiplier"),
				Arguments.of(otlp + "timeout=0s", otlp + "timeout"),
				Arguments.of(otlp + "endpoint=ftp://collector:4317", otlp + "endpoint"),
				Arguments.of(otlp + "headers[bad header]=x", otlp + "headers[bad header]"),
				Arguments.of(otlp + "ssl.bundle=missing", otlp + "ssl.bundle"));
	}

	@Test
	void anEndpointWithCredentialsFailsWithoutEchoingThem() {
		this.contextRunner.withPropertyValues("telemetry.exporter.otlp.endpoint=http://user:s3cret@collector:4317")
			.run((context) -> {
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
							(ex) -> assertThat(ex.getName()).isEqualTo("telemetry.exporter.otlp.endpoint"));
				assertThat(messages(context.getStartupFailure())).contains("****@collector:4317")
					.doesNotContain("s3cret");
			});
	}

	@Test
	void anInvalidHeaderValueFailsNamingTheHeaderWithoutTheValue() {
		this.contextRunner.withPropertyValues("telemetry.exporter.otlp.headers.authorization=Bearer s3cr\u00e9t")
			.run((context) -> {
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
						assertThat(ex.getName()).isEqualTo("telemetry.exporter.otlp.headers.authorization");
						// The one mask the SDK uses for every secret.
						assertThat(ex.getValue()).isEqualTo("****");
					});
				assertThat(messages(context.getStartupFailure())).doesNotContain("s3cr");
			});
	}

	@Test
	void anUnknownSslBundleFailsNamingThePropertyAndTheBundlesThatExist(@TempDir Path directory) {
		TestCertificates.Authority authority = TestCertificates.newAuthority("Test CA");
		Path ca = authority.writeCertificatePem(directory);
		this.contextRunner
			.withPropertyValues("spring.ssl.bundle.pem.collector.truststore.certificate=file:" + ca,
					"telemetry.exporter.otlp.endpoint=https://collector:4317",
					"telemetry.exporter.otlp.ssl.bundle=colector")
			.run((context) -> {
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
							(ex) -> assertThat(ex.getName()).isEqualTo("telemetry.exporter.otlp.ssl.bundle"));
				assertThat(messages(context.getStartupFailure())).contains("colector", "[collector]");
			});
	}

	@Test
	void anSslBundleWithoutSpringBootsSslSupportFailsNamingTheProperty() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OtlpExportAutoConfiguration.class))
			.withBean(ExporterCloser.class)
			.withPropertyValues("telemetry.exporter.otlp.ssl.bundle=collector")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("telemetry.exporter.otlp.ssl.bundle")));
	}

	@Test
	void warnsOnceWhenGrpcIsPointedAtTheHttpPort(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("telemetry.exporter.otlp.protocol=grpc",
					"telemetry.exporter.otlp.endpoint=http://collector:4318")
			.run((context) -> assertThat(context).hasNotFailed());

		assertThat(output.getAll().lines().filter((line) -> line.contains("uses port 4318"))).singleElement()
			.asString()
			.contains("telemetry.exporter.otlp.endpoint", "telemetry.exporter.otlp.protocol is grpc",
					"telemetry.exporter.otlp.protocol=http/protobuf");
	}

	@Test
	void warnsWhenHttpIsPointedAtTheGrpcPort(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("telemetry.exporter.otlp.protocol=http/protobuf",
					"telemetry.exporter.otlp.endpoint=http://collector:4317")
			.run((context) -> assertThat(context).hasNotFailed());

		assertThat(output).contains("uses port 4317, the usual OTLP/gRPC port",
				"telemetry.exporter.otlp.protocol is http/protobuf", "telemetry.exporter.otlp.protocol=grpc");
	}

	@Test
	void doesNotWarnWhenThePortFitsTheProtocol(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("telemetry.exporter.otlp.protocol=grpc",
					"telemetry.exporter.otlp.endpoint=http://collector:4317")
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner.withPropertyValues("telemetry.exporter.otlp.endpoint=http://collector:4318")
			.run((context) -> assertThat(context).hasNotFailed());

		assertThat(output).doesNotContain("uses port");
	}

	@Test
	void warnsThatABundleIsNotUsedForAPlaintextEndpoint(@TempDir Path directory, CapturedOutput output) {
		Path ca = TestCertificates.newAuthority("Test CA").writeCertificatePem(directory);
		this.contextRunner
			.withPropertyValues("spring.ssl.bundle.pem.collector.truststore.certificate=file:" + ca,
					"telemetry.exporter.otlp.ssl.bundle=collector")
			.run((context) -> assertThat(context).hasNotFailed());

		assertThat(output).contains("telemetry.exporter.otlp.ssl.bundle (collector) is set",
				"is plaintext http://, so the bundle is not used");
	}

	@ParameterizedTest(name = "{0}, mutual TLS: {1}")
	@MethodSource("tlsCases")
	void exportsOverTlsWithTheTrustAndKeyOfAnSslBundle(OtlpProtocol protocol, boolean mutual, @TempDir Path directory) {
		TestCertificates.Authority authority = TestCertificates.newAuthority("Test CA");
		TestCertificates.Issued server = authority.issueServer();
		TestCertificates.Issued client = authority.issueClient("exporter");
		Path ca = authority.writeCertificatePem(directory);
		List<Path> clientPem = client.writePem(directory, "client");
		TestCertificates.Authority clients = mutual ? authority : null;
		try (FaultInjectingReceiver<?, ?> receiver = (protocol == OtlpProtocol.GRPC)
				? OtlpTestReceiver.startTls(server, clients) : OtlpHttpTestReceiver.startTls(server, clients)) {
			ApplicationContextRunner runner = this.contextRunner.withPropertyValues(
					"spring.ssl.bundle.pem.collector.truststore.certificate=file:" + ca,
					"telemetry.exporter.otlp.protocol=" + protocol,
					"telemetry.exporter.otlp.endpoint=" + receiver.endpoint(),
					"telemetry.exporter.otlp.ssl.bundle=collector");
			if (mutual) {
				runner = runner.withPropertyValues(
						"spring.ssl.bundle.pem.collector.keystore.certificate=file:" + clientPem.get(0),
						"spring.ssl.bundle.pem.collector.keystore.private-key=file:" + clientPem.get(1));
			}
			runner.run((context) -> {
				SpanExporter exporter = context.getBean(SpanExporter.class);
				CompletableResult result = exporter.export(List.of(TestSpanData.of("over tls", 1)));
				assertThat(result.join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
				assertThat(receiver.spans()).extracting((span) -> span.getName()).containsExactly("over tls");
				assertThat(exporter.toString()).contains("tls=custom");
			});
		}
	}

	static Stream<Arguments> tlsCases() {
		return Stream.of(Arguments.of(OtlpProtocol.GRPC, false), Arguments.of(OtlpProtocol.GRPC, true),
				Arguments.of(OtlpProtocol.HTTP_PROTOBUF, false), Arguments.of(OtlpProtocol.HTTP_PROTOBUF, true));
	}

	@Test
	void aBundleWithoutTheClientKeyFailsAgainstACollectorThatRequiresOne(@TempDir Path directory) {
		TestCertificates.Authority authority = TestCertificates.newAuthority("Test CA");
		Path ca = authority.writeCertificatePem(directory);
		try (OtlpHttpTestReceiver receiver = OtlpHttpTestReceiver.startTls(authority.issueServer(), authority)) {
			this.contextRunner
				.withPropertyValues("spring.ssl.bundle.pem.collector.truststore.certificate=file:" + ca,
						"telemetry.exporter.otlp.protocol=http/protobuf",
						"telemetry.exporter.otlp.endpoint=" + receiver.endpoint(),
						"telemetry.exporter.otlp.ssl.bundle=collector", "telemetry.exporter.otlp.retry.enabled=false")
				.run((context) -> {
					CompletableResult result = context.getBean(SpanExporter.class)
						.export(List.of(TestSpanData.of("refused", 1)));
					assertThat(result.join(20, TimeUnit.SECONDS).isDone()).isTrue();
					assertThat(result.isSuccess()).isFalse();
					assertThat(receiver.spans()).isEmpty();
				});
		}
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			messages.append(current.getMessage()).append('\n');
		}
		return messages.toString();
	}

	/**
	 * Shuts the exporter down with the context, as the tracer provider would; the
	 * exporter bean has no destroy method of its own.
	 */
	static class ExporterCloser implements DisposableBean {

		private final ObjectProvider<SpanExporter> exporter;

		ExporterCloser(ObjectProvider<SpanExporter> exporter) {
			this.exporter = exporter;
		}

		@Override
		public void destroy() {
			SpanExporter created;
			try {
				created = this.exporter.getIfAvailable();
			}
			catch (BeansException ex) {
				// The context failed because the exporter could not be created.
				return;
			}
			if (created != null) {
				created.shutdown().join(10, TimeUnit.SECONDS);
			}
		}

	}

}

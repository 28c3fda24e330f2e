package dev.telemetry.sdk.export.otlp;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.testing.TestSpanData;
import dev.telemetry.sdk.trace.export.SpanExporter;
import dev.telemetry.testing.FaultInjectingReceiver;
import dev.telemetry.testing.OtlpHttpTestReceiver;
import dev.telemetry.testing.OtlpTestReceiver;
import dev.telemetry.testing.TestCertificates;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS and mutual TLS for both transports, against receivers that serve certificates of a
 * throw-away test CA.
 */
@Timeout(60)
class OtlpExporterTlsTests {

	private static final TestCertificates.Authority CA = TestCertificates.newAuthority("Test CA");

	private static final TestCertificates.Authority OTHER_CA = TestCertificates.newAuthority("Other CA");

	private static final TestCertificates.Issued SERVER = CA.issueServer();

	private static final TestCertificates.Issued CLIENT = CA.issueClient("exporter");

	@ParameterizedTest
	@EnumSource
	void exportsOverTlsToACollectorSignedByTheConfiguredAuthority(Transport transport) {
		try (FaultInjectingReceiver<?, ?> receiver = transport.start(SERVER, null)) {
			assertThat(receiver.endpoint()).startsWith("https://127.0.0.1:");
			SpanExporter exporter = transport.exporter(receiver.endpoint(), CA.trustManagerFactory(), null);
			try {
				assertThat(export(exporter).isSuccess()).isTrue();
				assertThat(receiver.spans()).extracting((span) -> span.getName()).containsExactly("secure");
			}
			finally {
				exporter.shutdown().join(10, TimeUnit.SECONDS);
			}
		}
	}

	@ParameterizedTest
	@EnumSource
	void aCollectorSignedByAnotherAuthorityFailsWithAClearLogLine(Transport transport) {
		try (FaultInjectingReceiver<?, ?> receiver = transport.start(SERVER, null);
				CapturedLog log = new CapturedLog()) {
			SpanExporter exporter = transport.exporter(receiver.endpoint(), OTHER_CA.trustManagerFactory(), null);
			try {
				assertThat(export(exporter).isSuccess()).isFalse();

				assertThat(receiver.spans()).isEmpty();
				assertThat(log.atLevel(Level.WARNING)).singleElement()
					.extracting(LogRecord::getMessage)
					.asString()
					.contains(receiver.endpoint(), "the TLS handshake failed", "telemetry.exporter.otlp.ssl.bundle");
			}
			finally {
				exporter.shutdown().join(10, TimeUnit.SECONDS);
			}
		}
	}

	@ParameterizedTest
	@EnumSource
	void withoutTrustMaterialTheJvmTrustStoreRejectsATestCertificate(Transport transport) {
		try (FaultInjectingReceiver<?, ?> receiver = transport.start(SERVER, null);
				CapturedLog log = new CapturedLog()) {
			SpanExporter exporter = transport.exporter(receiver.endpoint(), null, null);
			try {
				assertThat(export(exporter).isSuccess()).isFalse();
				assertThat(log.messages()).anySatisfy((message) -> assertThat(message).contains("TLS handshake"));
			}
			finally {
				exporter.shutdown().join(10, TimeUnit.SECONDS);
			}
		}
	}

	@ParameterizedTest
	@EnumSource
	void mutualTlsPresentsTheClientCertificate(Transport transport) {
		try (FaultInjectingReceiver<?, ?> receiver = transport.start(SERVER, CA)) {
			SpanExporter exporter = transport.exporter(receiver.endpoint(), CA.trustManagerFactory(),
					CLIENT.keyManagerFactory());
			try {
				assertThat(export(exporter).isSuccess()).isTrue();
				assertThat(receiver.spans()).hasSize(1);
			}
			finally {
				exporter.shutdown().join(10, TimeUnit.SECONDS);
			}
		}
	}

	@ParameterizedTest
	@EnumSource
	void mutualTlsWithoutAClientCertificateFails(Transport transport) {
		try (FaultInjectingReceiver<?, ?> receiver = transport.start(SERVER, CA)) {
			SpanExporter exporter = transport.exporter(receiver.endpoint(), CA.trustManagerFactory(), null);
			try {
				assertThat(export(exporter).isSuccess()).isFalse();
				assertThat(receiver.spans()).isEmpty();
			}
			finally {
				exporter.shutdown().join(10, TimeUnit.SECONDS);
			}
		}
	}

	private static CompletableResult export(SpanExporter exporter) {
		CompletableResult result = exporter.export(List.of(TestSpanData.of("secure", 1)));
		assertThat(result.join(20, TimeUnit.SECONDS).isDone()).isTrue();
		return result;
	}

	enum Transport {

		GRPC {

			@Override
			FaultInjectingReceiver<?, ?> start(TestCertificates.Issued server, TestCertificates.Authority clients) {
				return OtlpTestReceiver.startTls(server, clients);
			}

			@Override
			OtlpSpanExporterBuilder<?, ?> builder() {
				return OtlpGrpcSpanExporter.builder();
			}

		},

		HTTP {

			@Override
			FaultInjectingReceiver<?, ?> start(TestCertificates.Issued server, TestCertificates.Authority clients) {
				return OtlpHttpTestReceiver.startTls(server, clients);
			}

			@Override
			OtlpSpanExporterBuilder<?, ?> builder() {
				return OtlpHttpSpanExporter.builder();
			}

		};

		abstract FaultInjectingReceiver<?, ?> start(TestCertificates.Issued server, TestCertificates.Authority clients);

		abstract OtlpSpanExporterBuilder<?, ?> builder();

		SpanExporter exporter(String endpoint, TrustManagerFactory trust, KeyManagerFactory keys) {
			OtlpSpanExporterBuilder<?, ?> builder = builder();
			builder.setEndpoint(endpoint).setRetryPolicy(RetryPolicy.disabled());
			if (trust != null) {
				builder.setTrustManagerFactory(trust);
			}
			if (keys != null) {
				builder.setKeyManagerFactory(keys);
			}
			return builder.build();
		}

	}

}

package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.telemetry.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link OtlpGrpcSpanExporterBuilder} and {@link OtlpEndpoint}.
 */
class OtlpGrpcSpanExporterBuilderTests {

	@Test
	@Timeout(10)
	void buildsWithDocumentedDefaults() {
		OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder().build();
		try {
			assertThat(exporter.getEndpoint()).isEqualTo("http://localhost:4317");
			assertThat(exporter.getTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(exporter.getCompression()).isEqualTo("none");
			assertThat(exporter.getHeaderNames()).isEmpty();
			assertThat(exporter.getRetryPolicy()).isEqualTo(RetryPolicy.getDefault());
			assertThat(exporter.getRetryBudget()).isEqualTo(Duration.ofSeconds(30))
				.isEqualTo(OtlpGrpcSpanExporterBuilder.DEFAULT_RETRY_BUDGET);
			assertThat(exporter).hasToString("OtlpGrpcSpanExporter{endpoint=http://localhost:4317, compression=none,"
					+ " timeout=PT10S, headers=[], retry=RetryPolicy{maxAttempts=5, initialBackoff=PT1S,"
					+ " maxBackoff=PT5S, backoffMultiplier=1.5}, retryBudget=PT30S}");
		}
		finally {
			exporter.shutdown().join(5, TimeUnit.SECONDS);
		}
	}

	@Test
	@Timeout(10)
	void toStringShowsHeaderNamesButNeverValues() {
		OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder()
			.setEndpoint("https://collector.example.com:4317")
			.addHeader("Authorization", "Bearer top-secret")
			.addHeader("x-api-key", "hunter2")
			.setCompression("GZIP")
			.setTimeout(Duration.ofMillis(1500))
			.build();
		try {
			assertThat(exporter.toString()).contains("https://collector.example.com:4317", "gzip", "PT1.5S",
					"authorization", "x-api-key");
			assertThat(exporter.toString()).doesNotContain("top-secret", "hunter2", "Bearer");
			assertThat(exporter.getHeaderNames()).containsExactly("authorization", "x-api-key");
		}
		finally {
			exporter.shutdown().join(5, TimeUnit.SECONDS);
		}
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "grpc://localhost:4317", "ftp://collector:4317", "localhost:4317", "collector", "/v1/traces" })
	@Timeout(10)
	void rejectsEndpointsWithoutHttpOrHttpsScheme(String endpoint) {
		assertThatIllegalArgumentException().isThrownBy(() -> OtlpGrpcSpanExporter.builder().setEndpoint(endpoint))
			.withMessageContaining("'" + endpoint + "'")
			.withMessageContaining("http://");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://", "https:///v1/traces", "http://:4317" })
	@Timeout(10)
	void rejectsEndpointsWithoutHost(String endpoint) {
		assertThatIllegalArgumentException().isThrownBy(() -> OtlpGrpcSpanExporter.builder().setEndpoint(endpoint))
			.withMessageContaining("'" + endpoint + "'");
	}

	@Test
	@Timeout(10)
	void rejectsMalformedEndpoint() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OtlpGrpcSpanExporter.builder().setEndpoint("http://bad host:4317"))
			.withMessageContaining("'http://bad host:4317'");
	}

	@Test
	@Timeout(10)
	void rejectsCredentialsInTheEndpointWithoutEchoingThem() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OtlpGrpcSpanExporter.builder().setEndpoint("https://user:pa55word@collector:4317"))
			.withMessageContaining("collector")
			.withMessageNotContaining("pa55word");
	}

	@Test
	@Timeout(10)
	void rejectsNullEndpoint() {
		assertThatNullPointerException().isThrownBy(() -> OtlpGrpcSpanExporter.builder().setEndpoint(null));
	}

	@Test
	@Timeout(10)
	void parsesSchemeHostAndPort() {
		assertThat(OtlpEndpoint.parse("http://localhost:4317"))
			.isEqualTo(new OtlpEndpoint("http://localhost:4317", "localhost", 4317, false, ""));
		assertThat(OtlpEndpoint.parse("HTTPS://Collector.example.com:443/some/path/")).isEqualTo(new OtlpEndpoint(
				"HTTPS://Collector.example.com:443/some/path/", "Collector.example.com", 443, true, "/some/path"));
		assertThat(OtlpEndpoint.parse(" http://[::1]:4317 "))
			.isEqualTo(new OtlpEndpoint("http://[::1]:4317", "::1", 4317, false, ""));
	}

	@Test
	@Timeout(10)
	void appendsTheTracesPathForHttpUnlessAlreadyThere() {
		assertThat(OtlpEndpoint.parse("http://collector:4318").uri(OtlpSignal.TRACES.httpPath()))
			.hasToString("http://collector:4318/v1/traces");
		assertThat(OtlpEndpoint.parse("https://gateway.example.com/otlp/").uri(OtlpSignal.TRACES.httpPath()))
			.hasToString("https://gateway.example.com:443/otlp/v1/traces");
		assertThat(OtlpEndpoint.parse("http://collector:4318/v1/traces").uri(OtlpSignal.TRACES.httpPath()))
			.hasToString("http://collector:4318/v1/traces");
		assertThat(OtlpEndpoint.parse("http://[::1]:4318").uri(OtlpSignal.TRACES.httpPath()))
			.hasToString("http://[::1]:4318/v1/traces");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://collector:4317/?api_key=s3cret", "https://collector:4317#s3cret" })
	@Timeout(10)
	void rejectsAQueryOrFragmentWithoutEchoingIt(String endpoint) {
		assertThatIllegalArgumentException().isThrownBy(() -> OtlpGrpcSpanExporter.builder().setEndpoint(endpoint))
			.withMessageContaining("collector")
			.withMessageContaining("query string")
			.withMessageNotContaining("s3cret");
	}

	@Test
	@Timeout(10)
	void rejectsAMalformedEndpointWithCredentialsWithoutEchoingThem() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OtlpGrpcSpanExporter.builder().setEndpoint("http://user:s3cret@bad host:4317"))
			.withMessageContaining("****@bad host:4317")
			.withMessageNotContaining("s3cret")
			.satisfies((ex) -> assertThat(ex.getCause()).isNull());
	}

	@Test
	@Timeout(10)
	void rejectsANonPositiveRetryBudgetAndANullPolicy() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OtlpGrpcSpanExporter.builder().setRetryBudget(Duration.ZERO))
			.withMessageContaining("PT0S");
		assertThatNullPointerException().isThrownBy(() -> OtlpGrpcSpanExporter.builder().setRetryPolicy(null));
	}

	@Test
	@Timeout(10)
	void rejectsBlankTlsProtocolAndCipherNames() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OtlpGrpcSpanExporter.builder().setTlsProtocols(List.of("TLSv1.3", " ")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OtlpGrpcSpanExporter.builder().setTlsCipherSuites(List.of("")));
	}

	@Test
	@Timeout(10)
	void showsCustomTlsButNoSecretsInToString() {
		OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder()
			.setEndpoint("https://collector:4317")
			.setTrustManagerFactory(TestCertificates.newAuthority("Test CA").trustManagerFactory())
			.setRetryPolicy(RetryPolicy.disabled())
			.build();
		try {
			assertThat(exporter.toString()).contains("tls=custom", "retry=RetryPolicy{disabled}");
		}
		finally {
			exporter.shutdown().join(5, TimeUnit.SECONDS);
		}
	}

	@Test
	@Timeout(10)
	void defaultsThePortLikeAnyUrl() {
		assertThat(OtlpEndpoint.parse("http://collector").port()).isEqualTo(80);
		assertThat(OtlpEndpoint.parse("https://collector").port()).isEqualTo(443);
	}

	@ParameterizedTest
	@ValueSource(strings = { "PT0S", "PT-1S", "PT-0.001S" })
	@Timeout(10)
	void rejectsNonPositiveTimeoutNamingIt(String timeout) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OtlpGrpcSpanExporter.builder().setTimeout(Duration.parse(timeout)))
			.withMessageContaining(Duration.parse(timeout).toString());
	}

	@Test
	@Timeout(10)
	void rejectsNullTimeout() {
		assertThatNullPointerException().isThrownBy(() -> OtlpGrpcSpanExporter.builder().setTimeout(null));
	}

	@ParameterizedTest
	@ValueSource(strings = { "brotli", "zstd", "", "deflate" })
	@Timeout(10)
	void rejectsUnsupportedCompressionNamingIt(String compression) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OtlpGrpcSpanExporter.builder().setCompression(compression))
			.withMessageContaining("'" + compression + "'")
			.withMessageContaining("gzip");
	}

	@Test
	@Timeout(10)
	void acceptsCompressionInAnyCase() {
		OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder().setCompression(" Gzip ").build();
		try {
			assertThat(exporter.getCompression()).isEqualTo("gzip");
		}
		finally {
			exporter.shutdown().join(5, TimeUnit.SECONDS);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "bad header", "trace-bin", "", "colon:name" })
	@Timeout(10)
	void rejectsInvalidHeaderNames(String name) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OtlpGrpcSpanExporter.builder().addHeader(name, "secret-value"))
			.withMessageNotContaining("secret-value");
	}

	@Test
	@Timeout(10)
	void rejectsNonAsciiHeaderValueWithoutEchoingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OtlpGrpcSpanExporter.builder().addHeader("authorization", "Bearer s\u00e9cret\n"))
			.withMessageContaining("authorization")
			.withMessageNotContaining("cret");
	}

	@Test
	@Timeout(10)
	void rejectsNullHeaderNameOrValue() {
		assertThatNullPointerException().isThrownBy(() -> OtlpGrpcSpanExporter.builder().addHeader(null, "v"));
		assertThatNullPointerException().isThrownBy(() -> OtlpGrpcSpanExporter.builder().addHeader("k", null));
		assertThatNullPointerException().isThrownBy(() -> OtlpGrpcSpanExporter.builder().setHeaders(null));
	}

	@Test
	@Timeout(10)
	void setHeadersReplacesAllOrNothing() {
		OtlpGrpcSpanExporterBuilder builder = OtlpGrpcSpanExporter.builder().addHeader("old", "1");
		Map<String, String> invalid = new LinkedHashMap<>();
		invalid.put("fine", "1");
		invalid.put("not fine", "2");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.setHeaders(invalid));

		OtlpGrpcSpanExporter unchanged = builder.build();
		OtlpGrpcSpanExporter replaced = builder.setHeaders(Map.of("New-Header", "3")).build();
		try {
			assertThat(unchanged.getHeaderNames()).containsExactly("old");
			assertThat(replaced.getHeaderNames()).containsExactly("new-header");
		}
		finally {
			unchanged.shutdown().join(5, TimeUnit.SECONDS);
			replaced.shutdown().join(5, TimeUnit.SECONDS);
		}
	}

	@Test
	@Timeout(10)
	void addHeaderReplacesTheValueOfTheSameNameInAnyCase() {
		OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder()
			.addHeader("X-Tenant", "a")
			.addHeader("x-tenant", "b")
			.build();
		try {
			assertThat(exporter.getHeaderNames()).isEqualTo(List.of("x-tenant"));
		}
		finally {
			exporter.shutdown().join(5, TimeUnit.SECONDS);
		}
	}

	@Test
	@Timeout(10)
	void rejectsNullClock() {
		assertThatNullPointerException().isThrownBy(() -> OtlpGrpcSpanExporter.builder().setClock(null));
	}

	@Test
	void redactsAnEndpointAsTheExporterMessagesDo() {
		assertThat(OtlpSpanExporterBuilder.redactEndpoint("https://user:s3cret@collector:4317/otlp?token=t0ken"))
			.isEqualTo("https://****@collector:4317/otlp?****");
		assertThat(OtlpSpanExporterBuilder.redactEndpoint("http://collector:4317")).isEqualTo("http://collector:4317");
		assertThat(OtlpSpanExporterBuilder.redactEndpoint(null)).isEqualTo("null");
	}

}

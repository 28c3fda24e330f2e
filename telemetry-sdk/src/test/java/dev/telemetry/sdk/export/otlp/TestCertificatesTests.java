package dev.telemetry.sdk.export.otlp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.X509TrustManager;

import dev.telemetry.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for the {@link TestCertificates} helper: what it makes passes the JDK's own
 * certificate checks.
 */
@Timeout(30)
class TestCertificatesTests {

	private static final TestCertificates.Authority CA = TestCertificates.newAuthority("Test CA");

	@Test
	void aServerCertificateIsSignedByTheAuthorityAndNamesTheLoopbackHost() throws Exception {
		X509Certificate server = CA.issueServer().certificate();

		assertThatNoException().isThrownBy(() -> server.verify(CA.certificate().getPublicKey()));
		assertThatNoException().isThrownBy(() -> checkValidity(server));
		assertThat(server.getIssuerX500Principal()).isEqualTo(CA.certificate().getSubjectX500Principal());
		Collection<List<?>> names = server.getSubjectAlternativeNames();
		assertThat(names).contains(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
		assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
		assertThat(server.getBasicConstraints()).isEqualTo(-1);
		assertThat(CA.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
	}

	@Test
	void theAuthoritysTrustManagerTrustsItsCertificatesAndNoOthers() throws Exception {
		X509TrustManager trust = (X509TrustManager) CA.trustManagerFactory().getTrustManagers()[0];
		TestCertificates.Issued client = CA.issueClient("exporter");
		TestCertificates.Issued stranger = TestCertificates.newAuthority("Other CA").issueClient("stranger");

		assertThatNoException().isThrownBy(() -> trust
			.checkClientTrusted(new X509Certificate[] { client.certificate(), CA.certificate() }, "ECDHE_ECDSA"));
		assertThatException().isThrownBy(() -> trust.checkClientTrusted(
				new X509Certificate[] { stranger.certificate(), stranger.issuer().certificate() }, "ECDHE_ECDSA"));
		assertThat(client.keyManagerFactory().getKeyManagers()).isNotEmpty();
	}

	@Test
	void writesPemFiles(@TempDir Path directory) throws Exception {
		Path ca = CA.writeCertificatePem(directory);
		List<Path> client = CA.issueClient("exporter").writePem(directory, "client");

		assertThat(Files.readString(ca)).startsWith("-----BEGIN CERTIFICATE-----\n")
			.endsWith("-----END CERTIFICATE-----\n");
		String chain = Files.readString(client.get(0));
		assertThat(chain.split("-----BEGIN CERTIFICATE-----", -1)).as("the certificate, then its issuer's").hasSize(3);
		assertThat(chain).contains("-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----");
		assertThat(Files.readString(client.get(1))).startsWith("-----BEGIN PRIVATE KEY-----\n");
	}

	private static void checkValidity(X509Certificate certificate)
			throws CertificateExpiredException, CertificateNotYetValidException {
		certificate.checkValidity();
	}

}

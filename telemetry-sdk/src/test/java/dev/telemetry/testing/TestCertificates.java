package dev.telemetry.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Makes a throw-away certificate authority and certificates it signs, for TLS tests, with
 * nothing but the JDK: EC P-256 keys, X.509 v3 certificates written as DER by hand and
 * signed with SHA256withECDSA. A server certificate is valid for {@code 127.0.0.1} and
 * {@code localhost}; a client certificate is meant for mutual TLS. Everything is valid
 * from an hour ago for a day, and lives in memory until written as PEM files (the form
 * Spring Boot's PEM SSL bundles read).
 * <p>
 * A new authority takes a few milliseconds; no {@code keytool} process, no test
 * dependency. Thread-safe: instances are immutable.
 *
 * <pre class="code">
 * TestCertificates.Authority ca = TestCertificates.newAuthority("Test CA");
 * TestCertificates.Issued server = ca.issueServer();
 * try (OtlpTestReceiver receiver = OtlpTestReceiver.startTls(server, null)) { ... }
 * </pre>
 */
public final class TestCertificates {

	private static final char[] PASSWORD = "secret".toCharArray();

	private static final SecureRandom random = new SecureRandom();

	private static final String OID_COMMON_NAME = "2.5.4.3";

	private static final String OID_ECDSA_SHA256 = "1.2.840.10045.4.3.2";

	private static final String OID_BASIC_CONSTRAINTS = "2.5.29.19";

	private static final String OID_KEY_USAGE = "2.5.29.15";

	private static final String OID_SUBJECT_ALT_NAME = "2.5.29.17";

	private static final String OID_EXTENDED_KEY_USAGE = "2.5.29.37";

	private static final String OID_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

	private static final String OID_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

	private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private TestCertificates() {
	}

	/**
	 * Creates a self-signed certificate authority.
	 * @param commonName the CA's name, such as {@code Test CA}
	 * @return the authority
	 */
	public static Authority newAuthority(String commonName) {
		KeyPair keys = newKeyPair();
		byte[] name = name(commonName);
		byte[] extensions = sequence(extension(OID_BASIC_CONSTRAINTS, true, sequence(bool(true))),
				// keyCertSign and cRLSign: bits 5 and 6, the last bit unused.
				extension(OID_KEY_USAGE, true, tlv(0x03, new byte[] { 1, 0x06 })));
		X509Certificate certificate = sign(name, name, keys.getPublic().getEncoded(), extensions, keys.getPrivate());
		return new Authority(certificate, keys.getPrivate());
	}

	private static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), random);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("EC keys are not available", ex);
		}
	}

	private static X509Certificate sign(byte[] issuer, byte[] subject, byte[] publicKeyInfo, byte[] extensions,
			PrivateKey signingKey) {
		Instant now = Instant.now();
		byte[] algorithm = sequence(oid(OID_ECDSA_SHA256));
		byte[] tbs = sequence(tlv(0xA0, integer(BigInteger.TWO)),
				integer(new BigInteger(63, random).add(BigInteger.ONE)), algorithm, issuer,
				sequence(utcTime(now.minus(Duration.ofHours(1))), utcTime(now.plus(Duration.ofDays(1)))), subject,
				publicKeyInfo, tlv(0xA3, extensions));
		try {
			Signature signature = Signature.getInstance("SHA256withECDSA");
			signature.initSign(signingKey);
			signature.update(tbs);
			byte[] der = sequence(tbs, algorithm, bitString(signature.sign()));
			return (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(der));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not sign a test certificate", ex);
		}
	}

	private static byte[] name(String commonName) {
		return sequence(
				tlv(0x31, sequence(oid(OID_COMMON_NAME), tlv(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
	}

	private static byte[] extension(String oid, boolean critical, byte[] value) {
		return critical ? sequence(oid(oid), bool(true), tlv(0x04, value)) : sequence(oid(oid), tlv(0x04, value));
	}

	private static byte[] sequence(byte[]... items) {
		return tlv(0x30, items);
	}

	private static byte[] bool(boolean value) {
		return new byte[] { 0x01, 0x01, (byte) (value ? 0xFF : 0x00) };
	}

	private static byte[] integer(BigInteger value) {
		return tlv(0x02, value.toByteArray());
	}

	private static byte[] bitString(byte[] bits) {
		byte[] content = new byte[bits.length + 1];
		System.arraycopy(bits, 0, content, 1, bits.length);
		return tlv(0x03, content);
	}

	private static byte[] utcTime(Instant instant) {
		return tlv(0x17, UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
	}

	private static byte[] oid(String dotted) {
		String[] parts = dotted.split("\\.");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
		for (int i = 2; i < parts.length; i++) {
			long value = Long.parseLong(parts[i]);
			int groups = 1;
			for (long rest = value >>> 7; rest != 0; rest >>>= 7) {
				groups++;
			}
			for (int group = groups - 1; group >= 0; group--) {
				int bits = (int) ((value >>> (7 * group)) & 0x7F);
				out.write((group > 0) ? (bits | 0x80) : bits);
			}
		}
		return tlv(0x06, out.toByteArray());
	}

	private static byte[] tlv(int tag, byte[]... contents) {
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		for (byte[] part : contents) {
			content.writeBytes(part);
		}
		int length = content.size();
		ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
		out.write(tag);
		if (length < 0x80) {
			out.write(length);
		}
		else {
			int bytes = (length > 0xFFFF) ? 3 : (length > 0xFF) ? 2 : 1;
			out.write(0x80 | bytes);
			for (int i = bytes - 1; i >= 0; i--) {
				out.write(length >>> (8 * i));
			}
		}
		out.writeBytes(content.toByteArray());
		return out.toByteArray();
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	private static Path write(Path file, String content) {
		try {
			return Files.writeString(file, content, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String certificatePem(X509Certificate certificate) {
		try {
			return pem("CERTIFICATE", certificate.getEncoded());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A certificate authority that signs test certificates.
	 */
	public static final class Authority {

		private final X509Certificate certificate;

		private final PrivateKey key;

		private Authority(X509Certificate certificate, PrivateKey key) {
			this.certificate = certificate;
			this.key = key;
		}

		/**
		 * Issues a server certificate valid for {@code 127.0.0.1} and {@code localhost}.
		 * @return the certificate and its key
		 */
		public Issued issueServer() {
			// [7] iPAddress 127.0.0.1 and [2] dNSName localhost.
			byte[] addresses = sequence(tlv(0x87, InetAddress.getLoopbackAddress().getAddress()),
					tlv(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)));
			return issue("localhost",
					sequence(extension(OID_BASIC_CONSTRAINTS, true, sequence()),
							extension(OID_SUBJECT_ALT_NAME, false, addresses),
							extension(OID_EXTENDED_KEY_USAGE, false, sequence(oid(OID_SERVER_AUTH)))));
		}

		/**
		 * Issues a client certificate for mutual TLS.
		 * @param commonName the client's name
		 * @return the certificate and its key
		 */
		public Issued issueClient(String commonName) {
			return issue(commonName, sequence(extension(OID_BASIC_CONSTRAINTS, true, sequence()),
					extension(OID_EXTENDED_KEY_USAGE, false, sequence(oid(OID_CLIENT_AUTH)))));
		}

		private Issued issue(String commonName, byte[] extensions) {
			KeyPair keys = newKeyPair();
			byte[] issuer = this.certificate.getSubjectX500Principal().getEncoded();
			X509Certificate issued = sign(issuer, name(commonName), keys.getPublic().getEncoded(), extensions,
					this.key);
			return new Issued(issued, keys.getPrivate(), this);
		}

		/**
		 * Returns the authority's own certificate.
		 * @return the self-signed certificate
		 */
		public X509Certificate certificate() {
			return this.certificate;
		}

		/**
		 * Returns trust material that trusts this authority only.
		 * @return an initialized factory
		 */
		public TrustManagerFactory trustManagerFactory() {
			try {
				KeyStore store = KeyStore.getInstance("PKCS12");
				store.load(null, null);
				store.setCertificateEntry("ca", this.certificate);
				TrustManagerFactory factory = TrustManagerFactory
					.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				factory.init(store);
				return factory;
			}
			catch (GeneralSecurityException | IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * Writes the authority's certificate as a PEM file.
		 * @param directory where to write it
		 * @return the file, {@code ca.pem}
		 */
		public Path writeCertificatePem(Path directory) {
			return write(directory.resolve("ca.pem"), certificatePem(this.certificate));
		}

	}

	/**
	 * A certificate signed by an {@link Authority}, with its private key.
	 */
	public static final class Issued {

		private final X509Certificate certificate;

		private final PrivateKey key;

		private final Authority issuer;

		private Issued(X509Certificate certificate, PrivateKey key, Authority issuer) {
			this.certificate = certificate;
			this.key = key;
			this.issuer = issuer;
		}

		/**
		 * Returns the certificate.
		 * @return the certificate
		 */
		public X509Certificate certificate() {
			return this.certificate;
		}

		/**
		 * Returns the authority that signed the certificate.
		 * @return the issuer
		 */
		public Authority issuer() {
			return this.issuer;
		}

		/**
		 * Returns key material that presents this certificate, followed by its issuer's.
		 * @return an initialized factory
		 */
		public KeyManagerFactory keyManagerFactory() {
			try {
				KeyStore store = KeyStore.getInstance("PKCS12");
				store.load(null, null);
				store.setKeyEntry("key", this.key, PASSWORD,
						new X509Certificate[] { this.certificate, this.issuer.certificate });
				KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				factory.init(store, PASSWORD);
				return factory;
			}
			catch (GeneralSecurityException | IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * Returns a server-side TLS context that presents this certificate and, when
		 * given trust material, requires and verifies client certificates with it.
		 * @param clientTrust trust material for client certificates, or {@code null}
		 * @return an initialized context
		 */
		public SSLContext sslContext(TrustManagerFactory clientTrust) {
			try {
				SSLContext context = SSLContext.getInstance("TLS");
				context.init(keyManagerFactory().getKeyManagers(),
						(clientTrust != null) ? clientTrust.getTrustManagers() : null, null);
				return context;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * Writes the certificate (followed by its issuer's) and the private key (PKCS#8)
		 * as PEM files named after the given prefix.
		 * @param directory where to write them
		 * @param prefix the start of the file names
		 * @return the certificate file and the key file, in that order
		 */
		public List<Path> writePem(Path directory, String prefix) {
			Path certificate = write(directory.resolve(prefix + ".pem"),
					certificatePem(this.certificate) + certificatePem(this.issuer.certificate));
			Path key = write(directory.resolve(prefix + "-key.pem"), pem("PRIVATE KEY", this.key.getEncoded()));
			return List.of(certificate, key);
		}

	}

}

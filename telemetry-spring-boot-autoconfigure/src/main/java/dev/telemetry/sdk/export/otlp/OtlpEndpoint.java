package dev.telemetry.sdk.export.otlp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed OTLP/gRPC endpoint URL: {@code http://} means plaintext, {@code https://}
 * means TLS. A missing port defaults as for any URL (80 or 443), and a path is ignored
 * because gRPC names the service in the call, not in the URL. Immutable.
 *
 * @param url the endpoint as configured, for messages
 * @param host the host name or address, IPv6 addresses without brackets
 * @param port the port
 * @param tls whether to use TLS
 */
record OtlpEndpoint(String url, String host, int port, boolean tls) {

	/**
	 * Parses and validates an endpoint.
	 * @param endpoint the URL
	 * @return the endpoint
	 * @throws IllegalArgumentException when the URL is malformed, its scheme is not
	 * {@code http} or {@code https}, it has no host, or it carries user credentials
	 */
	static OtlpEndpoint parse(String endpoint) {
		Objects.requireNonNull(endpoint, "endpoint");
		String trimmed = endpoint.trim();
		URI uri;
		try {
			uri = new URI(trimmed);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("Invalid OTLP endpoint '" + endpoint + "': " + ex.getReason(), ex);
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!"http".equals(scheme) && !"https".equals(scheme)) {
			throw new IllegalArgumentException("Invalid OTLP endpoint '" + endpoint
					+ "': expected an http:// (plaintext) or https:// (TLS) URL such as http://localhost:4317");
		}
		if (uri.getRawUserInfo() != null) {
			// The value would hold a secret, and endpoints end up in logs; name only the
			// host.
			throw new IllegalArgumentException("Invalid OTLP endpoint for host '" + uri.getHost()
					+ "': credentials in the URL are not supported, set them as headers instead");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw new IllegalArgumentException(
					"Invalid OTLP endpoint '" + endpoint + "': it has no valid host name, as in http://localhost:4317");
		}
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		boolean tls = "https".equals(scheme);
		int port = (uri.getPort() != -1) ? uri.getPort() : (tls ? 443 : 80);
		return new OtlpEndpoint(trimmed, host, port, tls);
	}

	@Override
	public String toString() {
		return this.url;
	}

}

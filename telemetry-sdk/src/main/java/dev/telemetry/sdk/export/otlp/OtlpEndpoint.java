package dev.telemetry.sdk.export.otlp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

import dev.telemetry.sdk.internal.Redaction;

/**
 * A parsed OTLP endpoint URL: {@code http://} means plaintext, {@code https://} means
 * TLS. A missing port defaults as for any URL (80 or 443). OTLP/gRPC ignores the path,
 * because gRPC names the service in the call; OTLP/HTTP appends the signal's path to it
 * (see {@link #uri(String)}). Immutable.
 *
 * @param url the endpoint as configured (trimmed), for messages; never holds credentials
 * or a query string, which are rejected
 * @param host the host name or address, IPv6 addresses without brackets
 * @param port the port
 * @param tls whether to use TLS
 * @param path the raw (still percent-encoded) path without a trailing slash, or an empty
 * string
 */
record OtlpEndpoint(String url, String host, int port, boolean tls, String path) {

	/**
	 * Parses and validates an endpoint.
	 * @param endpoint the URL
	 * @return the endpoint
	 * @throws IllegalArgumentException when the URL is malformed, its scheme is not
	 * {@code http} or {@code https}, it has no host, or it carries user credentials, a
	 * query string or a fragment
	 */
	static OtlpEndpoint parse(String endpoint) {
		Objects.requireNonNull(endpoint, "endpoint");
		String trimmed = endpoint.trim();
		URI uri;
		try {
			uri = new URI(trimmed);
		}
		catch (URISyntaxException ex) {
			// Not rethrown with the cause: its message repeats the input,
			// credentials and all.
			throw new IllegalArgumentException(
					"Invalid OTLP endpoint '" + Redaction.url(trimmed) + "': " + ex.getReason());
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!"http".equals(scheme) && !"https".equals(scheme)) {
			throw new IllegalArgumentException("Invalid OTLP endpoint '" + Redaction.url(trimmed)
					+ "': expected an http:// (plaintext) or https:// (TLS) URL such as http://localhost:4317");
		}
		if (uri.getRawUserInfo() != null) {
			// The value would hold a secret, and endpoints end up in logs; name
			// only the host.
			throw new IllegalArgumentException("Invalid OTLP endpoint for host '" + uri.getHost()
					+ "': credentials in the URL are not supported, set them as headers instead");
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			// A query string may hold an API key; it is not repeated either.
			throw new IllegalArgumentException("Invalid OTLP endpoint for host '" + uri.getHost()
					+ "': a query string or fragment is not supported, set credentials as headers instead");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw new IllegalArgumentException("Invalid OTLP endpoint '" + Redaction.url(trimmed)
					+ "': it has no valid host name, as in http://localhost:4317");
		}
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		boolean tls = "https".equals(scheme);
		int port = (uri.getPort() != -1) ? uri.getPort() : (tls ? 443 : 80);
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return new OtlpEndpoint(trimmed, host, port, tls, path);
	}

	/**
	 * Returns where OTLP/HTTP sends a signal: the endpoint with the signal's path
	 * appended, unless its path already ends with it.
	 * @param signalPath the signal's path, such as {@code /v1/traces}
	 * @return the URI to POST to
	 */
	URI uri(String signalPath) {
		String fullPath = this.path.endsWith(signalPath) ? this.path : this.path + signalPath;
		String literalHost = (this.host.indexOf(':') >= 0) ? "[" + this.host + "]" : this.host;
		return URI.create((this.tls ? "https" : "http") + "://" + literalHost + ":" + this.port + fullPath);
	}

	@Override
	public String toString() {
		return this.url;
	}

}

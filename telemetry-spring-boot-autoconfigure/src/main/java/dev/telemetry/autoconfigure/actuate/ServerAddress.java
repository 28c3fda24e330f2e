package dev.telemetry.autoconfigure.actuate;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * The {@code server.address} and {@code server.port} of an exporter's endpoint, as the
 * self-metrics attribute them.
 *
 * @param address the host
 * @param port the port, the scheme's default when the endpoint names none
 */
record ServerAddress(String address, int port) {

	/**
	 * Returns the address of an endpoint, or {@code null} when it has no host.
	 */
	static @Nullable ServerAddress of(String endpoint) {
		try {
			URI uri = URI.create(endpoint);
			if (uri.getHost() == null) {
				return null;
			}
			int port = (uri.getPort() != -1) ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
			return new ServerAddress(uri.getHost(), port);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}

package dev.telemetry.autoconfigure.propagation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends HTTP/1.1 requests byte for byte, so that a test controls every header line:
 * repeated fields, whitespace around values, bytes outside ASCII and control characters,
 * none of which {@code java.net.http.HttpClient} lets through.
 */
final class RawHttpClient {

	private RawHttpClient() {
	}

	/**
	 * Sends a GET request and returns the response status.
	 * @param port the server's port on 127.0.0.1
	 * @param path the request target
	 * @param lines the header lines, each a name and a value written as UTF-8
	 * @return the status code of the response
	 * @throws IOException if the exchange fails or the response is not HTTP
	 */
	static int get(int port, String path, List<Header> lines) throws IOException {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		write(request, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n");
		for (Header line : lines) {
			write(request, line.name() + ":" + line.value() + "\r\n");
		}
		write(request, "\r\n");
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toByteArray());
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] response = in.readAllBytes();
			String head = new String(response, 0, Math.min(response.length, 64), StandardCharsets.ISO_8859_1);
			if (!head.startsWith("HTTP/1.1 ")) {
				throw new IOException("Not an HTTP response: " + head);
			}
			return Integer.parseInt(head.substring(9, 12));
		}
	}

	private static void write(ByteArrayOutputStream out, String text) {
		out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * One header line; the value is written exactly as given, whitespace included.
	 *
	 * @param name the field name
	 * @param value the field value
	 */
	record Header(String name, String value) {

		@Override
		public String toString() {
			// Parameterized test names: long values are shortened.
			String shown = (this.value.length() > 80) ? this.value.substring(0, 77) + "..." : this.value;
			return this.name + ": [" + shown + "]";
		}

	}

}

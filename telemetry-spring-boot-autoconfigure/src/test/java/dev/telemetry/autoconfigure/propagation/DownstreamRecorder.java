package dev.telemetry.autoconfigure.propagation;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/**
 * The second local server: answers 204 to every request on 127.0.0.1 and keeps the header
 * lines each request carried, by lower-case name, so that a test can check what an
 * application sent downstream.
 */
final class DownstreamRecorder implements AutoCloseable {

	private final HttpServer server;

	private final BlockingQueue<Map<String, List<String>>> received = new LinkedBlockingQueue<>();

	private DownstreamRecorder(HttpServer server) {
		this.server = server;
		server.createContext("/", (exchange) -> {
			Map<String, List<String>> headers = new TreeMap<>();
			exchange.getRequestHeaders()
				.forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(values)));
			this.received.add(headers);
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		server.start();
	}

	static DownstreamRecorder start() throws IOException {
		return new DownstreamRecorder(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/downstream";
	}

	void clear() {
		this.received.clear();
	}

	/**
	 * Returns the headers of the next request received.
	 * @param timeout how long to wait
	 * @return the header lines by lower-case name
	 * @throws InterruptedException if interrupted while waiting
	 */
	Map<String, List<String>> next(Duration timeout) throws InterruptedException {
		Map<String, List<String>> headers = this.received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (headers == null) {
			throw new AssertionError("Nothing arrived downstream within " + timeout);
		}
		return headers;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}

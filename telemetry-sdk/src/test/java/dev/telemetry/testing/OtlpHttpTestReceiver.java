package dev.telemetry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * A real OTLP/HTTP trace receiver on a loopback port, built on the JDK's
 * {@code com.sun.net.httpserver}: it takes {@code POST /v1/traces} (or the path given at
 * start) with a protobuf body, gzipped or not, and answers as an OpenTelemetry Collector
 * does. Everything {@link FaultInjectingReceiver} offers works here too; failures are
 * HTTP status codes, optionally with {@code Retry-After}
 * ({@link #failNextWithRetryAfter(int, int, Duration)}), and failure bodies are
 * {@code google.rpc.Status} messages as the OTLP specification asks.
 * <p>
 * Headers are recorded with lower-case names. The body's {@code Content-Encoding} is
 * recorded per call ({@link #contentEncodings()}), and a gzipped body is decoded, so a
 * test sees both that compression was on the wire and what it carried. A request for
 * another path is answered 404, another method 405, another content type 415, and a body
 * that is not an {@code ExportTraceServiceRequest} 400; such calls are counted but not
 * recorded as requests.
 * <p>
 * Binds to {@code 127.0.0.1} only, on a free port. Thread-safe.
 */
public final class OtlpHttpTestReceiver
		extends FaultInjectingReceiver<OtlpHttpTestReceiver.HttpFault, Map<String, List<String>>> {

	/** The path OTLP/HTTP receivers take traces on. */
	public static final String TRACES_PATH = "/v1/traces";

	private final SSLContext tls;

	private final boolean requireClientCertificate;

	private final String tracesPath;

	private final int port;

	// guarded by lock
	private final List<String> contentEncodings = new ArrayList<>();

	// guarded by lock
	private final List<HttpExchange> hanging = new ArrayList<>();

	private final ExecutorService handlers = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "otlp-http-test-receiver");
		thread.setDaemon(true);
		return thread;
	});

	private volatile HttpServer server;

	private volatile int maxRequestBytes = Integer.MAX_VALUE;

	private OtlpHttpTestReceiver(SSLContext tls, boolean requireClientCertificate, String tracesPath) {
		this.tls = tls;
		this.requireClientCertificate = requireClientCertificate;
		this.tracesPath = tracesPath;
		this.server = newServer(0);
		this.port = this.server.getAddress().getPort();
	}

	/**
	 * Starts a plaintext receiver on a free loopback port, taking traces on
	 * {@value #TRACES_PATH}.
	 * @return the running receiver; close it when done
	 * @throws UncheckedIOException when the port cannot be bound
	 */
	public static OtlpHttpTestReceiver start() {
		return new OtlpHttpTestReceiver(null, false, TRACES_PATH);
	}

	/**
	 * Starts a plaintext receiver that takes traces on another path, as behind a gateway
	 * that routes by path prefix.
	 * @param tracesPath the path, such as {@code /otlp/v1/traces}
	 * @return the running receiver; close it when done
	 */
	public static OtlpHttpTestReceiver start(String tracesPath) {
		return new OtlpHttpTestReceiver(null, false, tracesPath);
	}

	/**
	 * Starts a TLS receiver on a free loopback port.
	 * @param certificate the server certificate, from {@link TestCertificates}
	 * @param clientAuthority when not {@code null}, every client must present a
	 * certificate signed by this authority (mutual TLS)
	 * @return the running receiver; close it when done
	 */
	public static OtlpHttpTestReceiver startTls(TestCertificates.Issued certificate,
			TestCertificates.Authority clientAuthority) {
		SSLContext context = certificate
			.sslContext((clientAuthority != null) ? clientAuthority.trustManagerFactory() : null);
		return new OtlpHttpTestReceiver(context, clientAuthority != null, TRACES_PATH);
	}

	private HttpServer newServer(int port) {
		try {
			InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
			HttpServer created;
			if (this.tls != null) {
				HttpsServer https = HttpsServer.create(address, 0);
				https.setHttpsConfigurator(new HttpsConfigurator(this.tls) {

					@Override
					public void configure(HttpsParameters parameters) {
						SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
						ssl.setNeedClientAuth(OtlpHttpTestReceiver.this.requireClientCertificate);
						parameters.setSSLParameters(ssl);
					}

				});
				created = https;
			}
			else {
				created = HttpServer.create(address, 0);
			}
			created.createContext("/", this::handle);
			// Handlers read the body, a blocking call; they must not hold up the
			// dispatcher, which also accepts connections.
			created.setExecutor(this.handlers);
			created.start();
			return created;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the OTLP/HTTP test receiver", ex);
		}
	}

	/**
	 * Returns the endpoint to configure an exporter with; the exporter appends
	 * {@value #TRACES_PATH}.
	 * @return {@code http://127.0.0.1:<port>}, or {@code https://} when serving TLS
	 */
	@Override
	public String endpoint() {
		return ((this.tls != null) ? "https" : "http") + "://127.0.0.1:" + this.port;
	}

	@Override
	public int port() {
		return this.port;
	}

	/**
	 * Returns the {@code Content-Encoding} of every call's body.
	 * @return a snapshot, oldest first; {@code identity} when the header was absent
	 */
	public List<String> contentEncodings() {
		this.lock.lock();
		try {
			return List.copyOf(this.contentEncodings);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Answers every following call with the given HTTP status, without recording its
	 * request, until {@link #reset()}; calls scripted with {@link #failNext(int, int)}
	 * come first.
	 * @param status the status; 200 (or any 2xx) answers normally
	 */
	public void respondWith(int status) {
		standingFault((status >= 200 && status < 300) ? null : new HttpFault(status, null, "injected failure"));
	}

	/**
	 * Fails the next {@code times} calls with the given HTTP status, then answers as
	 * before.
	 * @param times how many calls to fail
	 * @param status the status
	 */
	public void failNext(int times, int status) {
		script(times, new HttpFault(status, null, "injected failure"));
	}

	/**
	 * Fails the next {@code times} calls with the given HTTP status and a
	 * {@code Retry-After} header.
	 * @param times how many calls to fail
	 * @param status the status
	 * @param retryAfter the delay, sent in whole seconds
	 */
	public void failNextWithRetryAfter(int times, int status, Duration retryAfter) {
		script(times, new HttpFault(status, Long.toString(retryAfter.toSeconds()), "injected failure"));
	}

	/**
	 * Fails the next {@code times} calls with the given status and a message in the
	 * {@code google.rpc.Status} body.
	 * @param times how many calls to fail
	 * @param status the status
	 * @param message the message
	 */
	public void failNext(int times, int status, String message) {
		script(times, new HttpFault(status, null, message));
	}

	/**
	 * Refuses requests whose body, as sent, is larger than a limit with HTTP 413, as a
	 * collector or a proxy in front of it does.
	 * @param maxBytes the largest body accepted
	 */
	public void limitRequestSize(int maxBytes) {
		this.maxRequestBytes = maxBytes;
	}

	@Override
	public void refuseConnections() {
		this.server.stop(0);
	}

	@Override
	public void acceptConnections() {
		this.server = newServer(this.port);
	}

	/**
	 * Stops the server, closing connections (hanging ones included). Idempotent.
	 */
	@Override
	public void close() {
		closeScheduler();
		this.server.stop(0);
		this.lock.lock();
		try {
			this.hanging.forEach(HttpExchange::close);
			this.hanging.clear();
		}
		finally {
			this.lock.unlock();
		}
		this.handlers.shutdownNow();
	}

	@Override
	public String toString() {
		return "OtlpHttpTestReceiver{" + endpoint() + this.tracesPath + "}";
	}

	private void handle(HttpExchange exchange) throws IOException {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		exchange.getRequestHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
		recordHeaders(headers);
		String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
		byte[] body;
		try (InputStream raw = exchange.getRequestBody()) {
			body = raw.readAllBytes();
		}
		this.lock.lock();
		try {
			this.contentEncodings.add((encoding != null) ? encoding : "identity");
		}
		finally {
			this.lock.unlock();
		}
		String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
		ExportTraceServiceRequest request = null;
		int problem = 0;
		if (!this.tracesPath.equals(exchange.getRequestURI().getRawPath())) {
			problem = 404;
		}
		else if (body.length > this.maxRequestBytes) {
			problem = 413;
		}
		else if (!"POST".equals(exchange.getRequestMethod())) {
			problem = 405;
		}
		else if (contentType == null || !contentType.startsWith("application/x-protobuf")) {
			problem = 415;
		}
		else {
			try {
				request = ExportTraceServiceRequest.parseFrom(decode(body, encoding));
			}
			catch (InvalidProtocolBufferException ex) {
				problem = 400;
			}
		}
		if (problem != 0) {
			// Counted, so that a test waiting for calls sees it, but never recorded.
			countRejectedCall();
			respond(exchange, problem, null, "request rejected by the test receiver");
			return;
		}
		Answer<HttpFault> answer = answer(request, exchange.getRequestHeaders().getFirst("Authorization"));
		switch (answer.kind()) {
			case HANG -> {
				this.lock.lock();
				try {
					this.hanging.add(exchange);
				}
				finally {
					this.lock.unlock();
				}
			}
			case UNAUTHENTICATED -> send(answer, () -> respond(exchange, 401, null, "missing or wrong bearer token"));
			case FAIL -> send(answer, () -> respond(exchange, answer.failure().status(), answer.failure().retryAfter(),
					answer.failure().message()));
			case ACCEPT -> send(answer, () -> {
				byte[] response = answer.response().toByteArray();
				exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
				write(exchange, 200, response);
			});
		}
	}

	private static byte[] decode(byte[] body, String encoding) throws IOException {
		if (encoding == null || encoding.equalsIgnoreCase("identity")) {
			return body;
		}
		if (!encoding.equalsIgnoreCase("gzip")) {
			throw new InvalidProtocolBufferException("unsupported content encoding " + encoding);
		}
		try (InputStream gzip = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
			return gzip.readAllBytes();
		}
	}

	private static void respond(HttpExchange exchange, int status, String retryAfter, String message) {
		if (retryAfter != null) {
			exchange.getResponseHeaders().set("Retry-After", retryAfter);
		}
		exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
		byte[] body = com.google.rpc.Status.newBuilder().setCode(2).setMessage(message).build().toByteArray();
		write(exchange, status, body);
	}

	private static void write(HttpExchange exchange, int status, byte[] body) {
		try {
			exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
			if (body.length > 0) {
				exchange.getResponseBody().write(body);
			}
		}
		catch (IOException ex) {
			// The client went away (its timeout, say); nothing to answer any more.
		}
		finally {
			exchange.close();
		}
	}

	/**
	 * A failure to answer an OTLP/HTTP call with.
	 *
	 * @param status the HTTP status
	 * @param retryAfter the {@code Retry-After} value, or {@code null} for none
	 * @param message the message of the {@code google.rpc.Status} body
	 */
	public record HttpFault(int status, String retryAfter, String message) {
	}

}

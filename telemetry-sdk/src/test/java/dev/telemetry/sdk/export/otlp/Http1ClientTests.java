package dev.telemetry.sdk.export.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import dev.telemetry.sdk.internal.ExportThread;
import dev.telemetry.sdk.testing.TestSpanData;
import dev.telemetry.testing.FaultInjectingReceiver;
import dev.telemetry.testing.OtlpHttpTestReceiver;
import dev.telemetry.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Http1Client} against a scripted HTTP/1.1 server on 127.0.0.1: the
 * connection kept between requests, the second try when the server closed it while idle,
 * the deadline, shutting down, and HTTP proxies (plaintext and tunnelled TLS).
 */
@Timeout(30)
class Http1ClientTests {

	private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

	// Appended to a scripted answer: the server closes the connection after it.
	private static final String CLOSE = "<close>";

	private final ScheduledExecutorService scheduler = ExporterSettings.newScheduler("http1-client-tests");

	private static final Map<String, String> FIELDS = Map.of("content-type", "application/x-protobuf");

	private ScriptedServer server;

	private Http1Client client;

	@BeforeEach
	void setUp() throws IOException {
		this.server = new ScriptedServer();
	}

	@AfterEach
	void tearDown() throws IOException {
		if (this.client != null) {
			this.client.shutdownNow();
		}
		this.server.close();
		this.scheduler.shutdownNow();
	}

	@Test
	void sendsEveryRequestOverOneKeptConnection() throws Exception {
		this.server.answer = (connection, request) -> OK;
		this.client = client(Duration.ofSeconds(5));

		for (int i = 0; i < 3; i++) {
			Result result = send("body-" + i, Duration.ofSeconds(5));
			assertThat(result.answer.status()).isEqualTo(200);
		}

		assertThat(this.server.connections.get()).isEqualTo(1);
		assertThat(this.server.bodies).containsExactly("body-0", "body-1", "body-2");
		assertThat(this.server.heads.get(0)).startsWith("POST /v1/traces HTTP/1.1\r\n")
			.contains("\r\ncontent-length: 6\r\n");
	}

	@Test
	void triesOnceMoreOnANewConnectionWhenTheKeptOneWasClosedWhileIdle() throws Exception {
		// The first connection carries one request, then the server closes it, as a
		// collector does after an idle timeout.
		this.server.answer = (connection, request) -> (connection == 1) ? OK + CLOSE : OK;
		this.client = client(Duration.ofSeconds(5));

		assertThat(send("first", Duration.ofSeconds(5)).answer.status()).isEqualTo(200);
		this.server.awaitClosedConnections(1);
		Result second = send("second", Duration.ofSeconds(5));

		assertThat(second.failure).isNull();
		assertThat(second.answer.status()).isEqualTo(200);
		assertThat(this.server.connections.get()).isEqualTo(2);
		assertThat(this.server.bodies).containsExactly("first", "second");
	}

	@Test
	void endsAnExchangeWhoseAnswerDoesNotComeAtItsDeadline() throws Exception {
		this.server.answer = (connection, request) -> "";
		this.client = client(Duration.ofSeconds(5));

		long start = System.nanoTime();
		Result result = send("stalled", Duration.ofMillis(300));

		assertThat(result.failure).isInstanceOf(HttpTimeoutException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void endsAQueuedExchangeAtItsOwnEarlierDeadline() throws Exception {
		// The first exchange holds the sending thread until its deadline; the second,
		// sent later with a shorter timeout, waits behind it and never reaches the
		// socket, so only the timer can end it.
		this.server.answer = (connection, request) -> "";
		this.client = client(Duration.ofSeconds(5));
		long start = System.nanoTime();
		CompletableFuture<Result> first = sendAsync("stalled", Duration.ofSeconds(3));
		this.server.awaitRequests(1);
		CompletableFuture<Result> second = sendAsync("queued", Duration.ofMillis(200));

		assertThat(second.get(10, TimeUnit.SECONDS).failure).isInstanceOf(HttpTimeoutException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(first).isNotDone();
		assertThat(first.get(10, TimeUnit.SECONDS).failure).isInstanceOf(HttpTimeoutException.class);
		assertThat(this.server.bodies).containsExactly("stalled");
	}

	@Test
	void theReadTimeoutEndsAnExchangeWhenNoTimerCanBeSet() throws Exception {
		// A scheduler that is shut down refuses the timer: the socket's read timeout,
		// set from the same deadline, still ends the exchange.
		this.server.answer = (connection, request) -> "";
		this.scheduler.shutdownNow();
		this.client = client(Duration.ofSeconds(5));

		long start = System.nanoTime();
		Result result = send("stalled", Duration.ofMillis(300));

		assertThat(result.failure).isInstanceOf(HttpTimeoutException.class)
			.hasMessageContaining("no complete answer in time");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
	}

	@Test
	void keepsOneTimerForManyExchanges() throws Exception {
		this.server.answer = (connection, request) -> OK;
		this.client = client(Duration.ofSeconds(5));

		for (int i = 0; i < 50; i++) {
			assertThat(send("body-" + i, Duration.ofSeconds(30)).answer.status()).isEqualTo(200);
		}

		// One timer, set for the first exchange's deadline, rather than one per request.
		assertThat(((ScheduledThreadPoolExecutor) this.scheduler).getQueue()).hasSize(1);
	}

	@Test
	void shutdownNowEndsTheExchangesInFlight() throws Exception {
		this.server.answer = (connection, request) -> "";
		this.client = client(Duration.ofSeconds(5));
		CompletableFuture<Result> result = sendAsync("stalled", Duration.ofSeconds(20));
		this.server.awaitRequests(1);

		this.client.shutdownNow();

		assertThat(result.get(10, TimeUnit.SECONDS).failure).isInstanceOf(CancellationException.class);
		assertThat(this.client.isTerminated()).isTrue();
		assertThat(send("after", Duration.ofSeconds(1)).failure).isInstanceOf(CancellationException.class);
	}

	@Test
	void runsTheExchangeOnAnExportThreadOverTheKeptConnection() throws Exception {
		this.server.answer = (connection, request) -> OK;
		this.client = client(Duration.ofSeconds(5));

		Result first = sendOnExportThread("first", Duration.ofSeconds(5));
		Result inline = sendOnExportThread("inline", Duration.ofSeconds(5));
		Result handedOver = send("handed over", Duration.ofSeconds(5));

		// No connection yet: connecting stays on the client's sending thread.
		assertThat(first.answer.status()).isEqualTo(200);
		assertThat(first.thread.getName()).isEqualTo("http1-client-tests-sender");
		// Then the export thread sends over the kept connection itself.
		assertThat(inline.answer.status()).isEqualTo(200);
		assertThat(inline.thread.getName()).isEqualTo("export-thread");
		assertThat(inline.beforeReturn).isTrue();
		// Elsewhere the sending thread sends, over the same connection.
		assertThat(handedOver.answer.status()).isEqualTo(200);
		assertThat(handedOver.thread.getName()).isEqualTo("http1-client-tests-sender");
		assertThat(this.server.connections.get()).isEqualTo(1);
		assertThat(this.server.bodies).containsExactly("first", "inline", "handed over");
	}

	@Test
	void handsAnExportThreadsExchangeOverWhenItsCallerWaitsLessThanTheExchangeMayTake() throws Exception {
		this.server.answer = (connection, request) -> OK;
		this.client = client(Duration.ofSeconds(5));
		assertThat(send("first", Duration.ofSeconds(5)).answer.status()).isEqualTo(200);

		Result second = sendOnExportThread(EncodedRequest.of("second".getBytes(StandardCharsets.US_ASCII)),
				Duration.ofSeconds(5), Duration.ofSeconds(1));

		// Over the kept connection, but on the sending thread: the export thread is
		// free when its caller stops waiting. (Whether the answer comes before the
		// export thread's send returns is a race between the two threads.)
		assertThat(second.answer.status()).isEqualTo(200);
		assertThat(second.thread.getName()).isEqualTo("http1-client-tests-sender");
		assertThat(this.server.connections.get()).isEqualTo(1);
	}

	@Test
	void handsAnExportThreadsExchangeOverWhenTheKeptConnectionWasClosed() throws Exception {
		this.server.answer = (connection, request) -> (connection == 1) ? OK + CLOSE : OK;
		this.client = client(Duration.ofSeconds(5));
		assertThat(send("first", Duration.ofSeconds(5)).answer.status()).isEqualTo(200);
		this.server.awaitClosedConnections(1);

		Result second = sendOnExportThread("second", Duration.ofSeconds(5));

		// The new connection is made on the sending thread, not the export thread.
		assertThat(second.failure).isNull();
		assertThat(second.answer.status()).isEqualTo(200);
		assertThat(second.thread.getName()).isEqualTo("http1-client-tests-sender");
		assertThat(this.server.connections.get()).isEqualTo(2);
	}

	@Test
	void anExchangeOnAnExportThreadEndsAtItsDeadline() throws Exception {
		this.server.answer = (connection, request) -> (request == 1) ? OK : "";
		this.client = client(Duration.ofSeconds(5));
		assertThat(send("first", Duration.ofSeconds(5)).answer.status()).isEqualTo(200);

		long start = System.nanoTime();
		Result result = sendOnExportThread("stalled", Duration.ofMillis(300));

		// The timer reported the timeout and closed the connection, which freed the
		// export thread from its read.
		assertThat(result.failure).isInstanceOf(HttpTimeoutException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		this.server.awaitClosedConnections(1);
	}

	@Test
	void anExportThreadWritingToAStalledTlsPeerIsFreedAtTheDeadline() throws Exception {
		// The peer answers one request, then stops reading: the next request's write
		// blocks once the buffers are full, holding the TLS socket's write lock.
		TestCertificates.Authority authority = TestCertificates.newAuthority("Stall CA");
		SSLContext serverTls = authority.issueServer().sslContext(null);
		try (ServerSocket listener = serverTls.getServerSocketFactory()
			.createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CountDownLatch stalled = new CountDownLatch(1);
			Thread peer = new Thread(() -> {
				try (Socket connection = listener.accept()) {
					InputStream in = connection.getInputStream();
					String head = ScriptedServer.readHead(in);
					in.readNBytes(ScriptedServer.contentLength(head));
					connection.getOutputStream().write(OK.getBytes(StandardCharsets.US_ASCII));
					connection.getOutputStream().flush();
					stalled.await(30, TimeUnit.SECONDS);
				}
				catch (IOException | InterruptedException ex) {
					// The test is over.
				}
			}, "stalled-tls-peer");
			peer.setDaemon(true);
			peer.start();
			SSLContext tls = SSLContext.getInstance("TLS");
			tls.init(null, authority.trustManagerFactory().getTrustManagers(), null);
			this.client = new Http1Client(URI.create("https://localhost:" + listener.getLocalPort() + "/v1/traces"),
					FIELDS, ProxySelector.of(null), tls.getSocketFactory(), null, Duration.ofSeconds(5), 1024,
					"http1-client-tests-sender", this.scheduler);
			assertThat(send("first", Duration.ofSeconds(5)).answer.status()).isEqualTo(200);

			long start = System.nanoTime();
			Result result = sendOnExportThread(EncodedRequest.of(new byte[32 * 1024 * 1024]), Duration.ofMillis(500));

			assertThat(result.failure).isInstanceOf(HttpTimeoutException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
			stalled.countDown();
		}
	}

	@Test
	void keepsOneConnectionWhenAnExportThreadAndTheSendingThreadOverlap() throws Exception {
		// The export thread's exchange holds the kept connection while the sending
		// thread's runs on a second; afterwards one of them is kept, the other closed.
		CountDownLatch release = new CountDownLatch(1);
		this.server.answer = (connection, request) -> {
			if (connection == 1 && request == 2) {
				await(release);
			}
			return OK;
		};
		this.client = client(Duration.ofSeconds(5));
		assertThat(send("first", Duration.ofSeconds(5)).answer.status()).isEqualTo(200);
		CompletableFuture<Result> inline = CompletableFuture
			.supplyAsync(() -> sendOnExportThread("inline", Duration.ofSeconds(10)));
		this.server.awaitRequests(2);

		Result handedOver = send("handed over", Duration.ofSeconds(5));
		release.countDown();

		assertThat(handedOver.answer.status()).isEqualTo(200);
		assertThat(inline.get(10, TimeUnit.SECONDS).answer.status()).isEqualTo(200);
		this.server.awaitClosedConnections(1);
		assertThat(send("after", Duration.ofSeconds(5)).answer.status()).isEqualTo(200);
		assertThat(this.server.connections.get()).isEqualTo(2);
	}

	@Test
	void sendsPlaintextRequestsToAnHttpProxyInAbsoluteForm() throws Exception {
		this.server.answer = (connection, request) -> OK;
		// The collector's name does not resolve: only the proxy may look it up.
		this.client = new Http1Client(URI.create("http://collector.invalid:4318/v1/traces"), FIELDS,
				ProxySelector.of(new InetSocketAddress("127.0.0.1", this.server.port())), null, null,
				Duration.ofSeconds(5), 1024, "http1-client-tests-sender", this.scheduler);

		assertThat(send("proxied", Duration.ofSeconds(5)).answer.status()).isEqualTo(200);

		assertThat(this.server.heads).singleElement()
			.asString()
			.startsWith("POST http://collector.invalid:4318/v1/traces HTTP/1.1\r\nhost: collector.invalid:4318\r\n");
	}

	@Test
	void tunnelsTlsThroughAnHttpProxy() throws Exception {
		TestCertificates.Authority authority = TestCertificates.newAuthority("Tunnel CA");
		try (FaultInjectingReceiver<?, ?> receiver = OtlpHttpTestReceiver.startTls(authority.issueServer(), null);
				TunnellingProxy proxy = new TunnellingProxy()) {
			URI target = URI.create(receiver.endpoint() + "/v1/traces");
			SSLContext tls = SSLContext.getInstance("TLS");
			tls.init(null, authority.trustManagerFactory().getTrustManagers(), null);
			this.client = new Http1Client(target, FIELDS, ProxySelector.of(proxy.address()), tls.getSocketFactory(),
					null, Duration.ofSeconds(5), 1024, "http1-client-tests-sender", this.scheduler);
			byte[] request = new TraceRequestEncoder().toByteArray(List.of(TestSpanData.of("tunnelled", 1)));

			Result result = sendAsync(EncodedRequest.of(request), Duration.ofSeconds(10)).get(20, TimeUnit.SECONDS);

			assertThat(result.failure).isNull();
			assertThat(result.answer.status()).isEqualTo(200);
			assertThat(receiver.spans()).extracting((span) -> span.getName()).containsExactly("tunnelled");
			assertThat(proxy.requests).containsExactly("CONNECT " + target.getRawAuthority() + " HTTP/1.1");
		}
	}

	@Test
	void reportsAProxyThatRefusesTheTunnel() throws Exception {
		this.server.answer = (connection, request) -> "HTTP/1.1 407 Proxy Authentication Required\r\n"
				+ "Content-Length: 0\r\n\r\n";
		this.client = new Http1Client(URI.create("https://collector.invalid:4318/v1/traces"), FIELDS,
				ProxySelector.of(new InetSocketAddress("127.0.0.1", this.server.port())),
				(SSLSocketFactory) SSLSocketFactory.getDefault(), null, Duration.ofSeconds(5), 1024,
				"http1-client-tests-sender", this.scheduler);

		Result result = send("never sent", Duration.ofSeconds(5));

		assertThat(result.failure).isInstanceOf(IOException.class)
			.hasMessage("the HTTP proxy refused a tunnel to collector.invalid:4318: HTTP 407");
		assertThat(this.server.heads).singleElement()
			.asString()
			.startsWith("CONNECT collector.invalid:4318 HTTP/1.1\r\n");
	}

	private Http1Client client(Duration connectTimeout) {
		return new Http1Client(URI.create("http://127.0.0.1:" + this.server.port() + "/v1/traces"), FIELDS,
				ProxySelector.of(null), null, null, connectTimeout, 1024, "http1-client-tests-sender", this.scheduler);
	}

	private Result send(String body, Duration timeout) throws Exception {
		return sendAsync(body, timeout).get(20, TimeUnit.SECONDS);
	}

	private CompletableFuture<Result> sendAsync(String body, Duration timeout) {
		return sendAsync(EncodedRequest.of(body.getBytes(StandardCharsets.US_ASCII)), timeout);
	}

	private CompletableFuture<Result> sendAsync(EncodedRequest body, Duration timeout) {
		CompletableFuture<Result> result = new CompletableFuture<>();
		AtomicBoolean returned = new AtomicBoolean();
		this.client.send(body, timeout.toNanos(), (answer, failure) -> result
			.complete(new Result(answer, failure, Thread.currentThread(), !returned.get())));
		returned.set(true);
		return result;
	}

	// Sends from an export thread, as a batch span processor's worker does.
	private Result sendOnExportThread(String body, Duration timeout) {
		return sendOnExportThread(EncodedRequest.of(body.getBytes(StandardCharsets.US_ASCII)), timeout);
	}

	private Result sendOnExportThread(EncodedRequest body, Duration timeout) {
		return sendOnExportThread(body, timeout, null);
	}

	// With callerWaits, as a processor's worker calling with that much of its timeout
	// left.
	private Result sendOnExportThread(EncodedRequest body, Duration timeout, Duration callerWaits) {
		AtomicReference<CompletableFuture<Result>> result = new AtomicReference<>();
		ExportThread thread = new ExportThread(() -> {
			if (callerWaits != null) {
				ExportThread.beginCall(callerWaits.toNanos());
			}
			try {
				result.set(sendAsync(body, timeout));
			}
			finally {
				ExportThread.endCall();
			}
		}, "export-thread");
		thread.start();
		try {
			thread.join(TimeUnit.SECONDS.toMillis(20));
			assertThat(thread.isAlive()).as("the export thread is still sending").isFalse();
			return result.get().get(20, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * What became of a request: the answer or the failure, the thread that ran the
	 * callback, and whether it ran before {@code send} returned.
	 */
	private record Result(Http1ResponseReader.Answer answer, Throwable failure, Thread thread, boolean beforeReturn) {

	}

	/**
	 * What the server does with the n-th request of its m-th connection (both from 1).
	 */
	private interface Script {

		/**
		 * Returns the answer to write, followed by {@link #CLOSE} to close the connection
		 * after it; an empty text keeps the connection open without answering.
		 */
		String answer(int connection, int request);

	}

	/**
	 * Accepts connections, reads requests by their {@code content-length} and answers as
	 * scripted.
	 */
	private static final class ScriptedServer implements AutoCloseable {

		private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

		private final AtomicInteger connections = new AtomicInteger();

		private final AtomicInteger closed = new AtomicInteger();

		private final List<String> heads = new CopyOnWriteArrayList<>();

		private final List<String> bodies = new CopyOnWriteArrayList<>();

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private volatile Script answer = (connection, request) -> OK;

		ScriptedServer() throws IOException {
			Thread acceptor = new Thread(this::accept, "scripted-http-server");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.socket.getLocalPort();
		}

		void awaitRequests(int count) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (this.bodies.size() < count && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(this.bodies).hasSizeGreaterThanOrEqualTo(count);
		}

		void awaitClosedConnections(int count) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (this.closed.get() < count && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(this.closed.get()).isGreaterThanOrEqualTo(count);
		}

		private void accept() {
			while (!this.socket.isClosed()) {
				try {
					Socket connection = this.socket.accept();
					this.accepted.add(connection);
					int number = this.connections.incrementAndGet();
					Thread handler = new Thread(() -> serve(connection, number), "scripted-http-connection");
					handler.setDaemon(true);
					handler.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		private void serve(Socket connection, int number) {
			try (connection) {
				InputStream in = connection.getInputStream();
				OutputStream out = connection.getOutputStream();
				for (int request = 1;; request++) {
					String head = readHead(in);
					if (head == null) {
						return;
					}
					int length = contentLength(head);
					byte[] body = in.readNBytes(length);
					this.heads.add(head);
					this.bodies.add(new String(body, StandardCharsets.US_ASCII));
					String reply = this.answer.answer(number, request);
					out.write(reply.replace(CLOSE, "").getBytes(StandardCharsets.US_ASCII));
					out.flush();
					if (reply.endsWith(CLOSE)) {
						return;
					}
				}
			}
			catch (IOException ex) {
				// The client went away.
			}
			finally {
				this.closed.incrementAndGet();
			}
		}

		private static String readHead(InputStream in) throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int matched = 0;
			int ch;
			while ((ch = in.read()) >= 0) {
				head.write(ch);
				matched = (ch == ((matched % 2 == 0) ? '\r' : '\n')) ? matched + 1 : ((ch == '\r') ? 1 : 0);
				if (matched == 4) {
					return head.toString(StandardCharsets.US_ASCII);
				}
			}
			return null;
		}

		private static int contentLength(String head) {
			for (String line : head.split("\r\n")) {
				if (line.toLowerCase().startsWith("content-length:")) {
					return Integer.parseInt(line.substring("content-length:".length()).trim());
				}
			}
			return 0;
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
			for (Socket connection : this.accepted) {
				connection.close();
			}
		}

	}

	/**
	 * An HTTP proxy that only tunnels: answers {@code CONNECT} with 200 and copies bytes
	 * both ways.
	 */
	private static final class TunnellingProxy implements AutoCloseable {

		private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

		private final List<String> requests = new CopyOnWriteArrayList<>();

		private final List<Socket> sockets = new CopyOnWriteArrayList<>();

		TunnellingProxy() throws IOException {
			daemon(() -> {
				while (!this.socket.isClosed()) {
					try {
						Socket client = this.socket.accept();
						this.sockets.add(client);
						daemon(() -> tunnel(client));
					}
					catch (IOException ex) {
						return;
					}
				}
			});
		}

		InetSocketAddress address() {
			return new InetSocketAddress("127.0.0.1", this.socket.getLocalPort());
		}

		private void tunnel(Socket client) {
			try {
				String head = ScriptedServer.readHead(client.getInputStream());
				String requestLine = head.substring(0, head.indexOf("\r\n"));
				this.requests.add(requestLine);
				URI authority = URI.create("//" + requestLine.split(" ")[1]);
				Socket target = new Socket(authority.getHost(), authority.getPort());
				this.sockets.add(target);
				client.getOutputStream()
					.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				daemon(() -> copy(target, client));
				copy(client, target);
			}
			catch (IOException | RuntimeException ex) {
				// The test fails on what the client saw.
			}
		}

		private static void copy(Socket from, Socket to) {
			try {
				from.getInputStream().transferTo(to.getOutputStream());
			}
			catch (IOException ex) {
				// One side closed.
			}
		}

		private static void daemon(Runnable task) {
			Thread thread = new Thread(task, "tunnelling-proxy");
			thread.setDaemon(true);
			thread.start();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
			for (Socket open : this.sockets) {
				open.close();
			}
		}

	}

}

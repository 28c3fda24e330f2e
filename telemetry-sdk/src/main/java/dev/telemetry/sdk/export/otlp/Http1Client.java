package dev.telemetry.sdk.export.otlp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;

import dev.telemetry.sdk.internal.ExportThread;
import org.jspecify.annotations.Nullable;

/**
 * Sends HTTP/1.1 requests to one origin over a connection kept between requests: on a
 * thread of its own, one at a time, or, when the caller is an {@link ExportThread} that
 * waits for the whole exchange and a connection is kept, on the caller's thread;
 * connecting always happens on the client's thread, since a name lookup or a TLS
 * handshake has no deadline the timer can enforce. Each exchange ends within its timeout:
 * a timer on the exporter's scheduler reports a timeout at the deadline and closes the
 * connection, which aborts a blocked write or read.
 * <p>
 * Why not the JDK's {@code HttpClient}: an export is one large {@code POST} a few dozen
 * times a second, and the JDK client's asynchronous machinery (a selector thread, chains
 * of futures, body publishers) cost more CPU per request than encoding its spans (see
 * {@code docs/benchmarks.md}, run H3); a blocking exchange is two writes and a few reads.
 * Connects directly, or through the HTTP or SOCKS proxy the {@link ProxySelector} offers
 * (tunnelling TLS through an HTTP proxy with {@code CONNECT}).
 * <p>
 * Thread-safe.
 */
final class Http1Client {

	/** How long the sending thread waits for the next request before it ends. */
	private static final Duration IDLE_THREAD_KEEP_ALIVE = Duration.ofSeconds(60);

	private final URI target;

	private final String host;

	private final int port;

	// The head every request shares up to its Content-Length: to the origin, and in the
	// absolute form a plaintext request to an HTTP proxy needs.
	private final byte[] headStart;

	private final byte[] proxyHeadStart;

	private final ProxySelector proxies;

	private final @Nullable SSLSocketFactory tls;

	private final @Nullable SSLParameters tlsParameters;

	private final long connectTimeoutNanos;

	private final int maxBodyBytes;

	private final ScheduledExecutorService scheduler;

	private final ThreadPoolExecutor sender;

	private final Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();

	// One timer for every exchange instead of one scheduled and cancelled per request:
	// at tens of requests a second, that scheduling woke the scheduler's thread on each
	// request and filled its queue with cancelled timers. It is set for the earliest
	// deadline it knows of; when it fires it expires what is due and sets itself for the
	// earliest deadline still in flight, so it fires about once per timeout.
	private final Object timerLock = new Object();

	private @Nullable ScheduledFuture<?> timer;

	private long timerDeadline;

	// Tells the timer that is set from one that was replaced but had already started.
	private long timerGeneration;

	// The connection kept between exchanges. An exchange takes it, or opens one when
	// another exchange has it (an export thread's and the sending thread's at once), and
	// puts it back after, unless one is kept already; shutdown closes it.
	private final AtomicReference<@Nullable Http1Connection> idle = new AtomicReference<>();

	private volatile boolean shutdown;

	/**
	 * Creates a client; nothing connects before the first request.
	 * @param target where requests go: an {@code http} or {@code https} URI with a port
	 * and no query
	 * @param fields the header fields of every request, by lower-case name, besides
	 * {@code host} and {@code content-length}, which the client adds
	 * @param proxies picks how to reach the target, per connection
	 * @param tls the socket factory for {@code https}, else {@code null}
	 * @param tlsParameters protocols and cipher suites to restrict TLS to, or
	 * {@code null}
	 * @param connectTimeout the most a connection may take, handshakes included
	 * @param maxBodyBytes the most bytes of an answer's body to keep
	 * @param threadName the sending thread's name
	 * @param scheduler runs the timers of the exchanges
	 */
	Http1Client(URI target, Map<String, String> fields, ProxySelector proxies, @Nullable SSLSocketFactory tls,
			@Nullable SSLParameters tlsParameters, Duration connectTimeout, int maxBodyBytes, String threadName,
			ScheduledExecutorService scheduler) {
		this.target = target;
		String host = target.getHost();
		this.host = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		this.port = target.getPort();
		this.headStart = headStart(target.getRawPath(), target.getRawAuthority(), fields);
		this.proxyHeadStart = headStart(target.getScheme() + "://" + target.getRawAuthority() + target.getRawPath(),
				target.getRawAuthority(), fields);
		this.proxies = proxies;
		this.tls = tls;
		this.tlsParameters = tlsParameters;
		this.connectTimeoutNanos = connectTimeout.toNanos();
		this.maxBodyBytes = maxBodyBytes;
		this.scheduler = scheduler;
		this.sender = new ThreadPoolExecutor(1, 1, IDLE_THREAD_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS,
				new LinkedBlockingQueue<>(), (task) -> ExporterSettings.newThread(task, threadName));
		this.sender.allowCoreThreadTimeOut(true);
	}

	private static byte[] headStart(String requestTarget, String authority, Map<String, String> fields) {
		StringBuilder head = new StringBuilder(256).append("POST ").append(requestTarget).append(" HTTP/1.1\r\n");
		head.append("host: ").append(authority).append("\r\n");
		fields.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		return head.append("content-length: ").toString().getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Sends a {@code POST} request. The callback runs once, with the answer or with what
	 * the exchange failed with: {@link HttpTimeoutException} when the timeout passed
	 * first, {@link CancellationException} when {@link #shutdownNow()} ended it. On an
	 * {@link ExportThread} that may block for the whole timeout, when a connection is
	 * kept from an earlier exchange, the exchange runs before this method returns, and so
	 * does the callback unless the timer or {@link #shutdownNow()} ends the exchange
	 * (then it runs on their thread); otherwise this returns at once and the sending
	 * thread connects and sends.
	 * @param body the body
	 * @param timeoutNanos the most the exchange may take, from now
	 * @param callback receives the answer or the failure
	 */
	void send(EncodedRequest body, long timeoutNanos,
			BiConsumer<Http1ResponseReader.@Nullable Answer, @Nullable Throwable> callback) {
		Exchange exchange = new Exchange(body, System.nanoTime() + timeoutNanos, timeoutNanos, callback);
		this.inFlight.add(exchange);
		// Checked after the exchange is in flight: shutdown() and shutdownNow() set the
		// flag before they look at what is in flight, so either they see this exchange
		// or it sees the flag.
		if (this.shutdown) {
			exchange.finish(null, new CancellationException("the exporter is shut down"));
			return;
		}
		// After the exchange is in flight, so that a timer firing now either sees it or
		// leaves this call to set the timer.
		watch(exchange.deadlineNanos);
		// Only over a kept connection: connecting (name lookup, TLS handshake) has no
		// deadline the timer can enforce, so it stays on the sending thread. And only
		// when the caller waits for the whole timeout: a processor near its shutdown
		// deadline must not be held past it.
		Http1Connection kept = ExportThread.mayBlockFor(timeoutNanos) ? this.idle.getAndSet(null) : null;
		if (kept != null) {
			// Saves waking the sending thread and, after the answer, the caller: about
			// 0.35 µs per span at 512 spans a request (docs/benchmarks.md, run I).
			exchange.run(kept);
			return;
		}
		exchange.handOver();
	}

	private void watch(long deadlineNanos) {
		synchronized (this.timerLock) {
			if (this.timer != null && this.timerDeadline - deadlineNanos <= 0) {
				return;
			}
			if (this.timer != null) {
				this.timer.cancel(false);
			}
			this.timer = null;
			long generation = ++this.timerGeneration;
			try {
				this.timer = this.scheduler.schedule(() -> expireDue(generation), deadlineNanos - System.nanoTime(),
						TimeUnit.NANOSECONDS);
				this.timerDeadline = deadlineNanos;
			}
			catch (RejectedExecutionException ex) {
				// Shutting down: the read timeout still bounds the exchange.
			}
		}
	}

	private void expireDue(long generation) {
		List<Exchange> due = new ArrayList<>(1);
		synchronized (this.timerLock) {
			// A replaced timer that had already started expires what is due, but leaves
			// the timer to the one that replaced it.
			boolean current = generation == this.timerGeneration;
			if (current) {
				this.timer = null;
			}
			long now = System.nanoTime();
			long next = 0;
			boolean pending = false;
			for (Exchange exchange : this.inFlight) {
				long deadline = exchange.deadlineNanos;
				if (deadline - now <= 0) {
					due.add(exchange);
				}
				else if (!pending || deadline - next < 0) {
					next = deadline;
					pending = true;
				}
			}
			if (current && pending) {
				watch(next);
			}
		}
		// Outside the lock: expiring runs the exchange's callback.
		for (Exchange exchange : due) {
			exchange.expire();
		}
	}

	/** Stops accepting requests; those in flight go on. */
	void shutdown() {
		this.shutdown = true;
		this.sender.shutdown();
		closeIdle();
	}

	/** Stops accepting requests and aborts those in flight. */
	void shutdownNow() {
		this.shutdown = true;
		this.sender.shutdownNow();
		for (Exchange exchange : this.inFlight) {
			exchange.finish(null, new CancellationException("the exporter is shut down"));
		}
		closeIdle();
	}

	/**
	 * Returns whether the client is shut down and no exchange is left.
	 * @return whether it has terminated
	 */
	boolean isTerminated() {
		return this.shutdown && this.inFlight.isEmpty();
	}

	/**
	 * Returns how to reach the target now: the first proxy the selector offers that a
	 * socket can use, else a direct connection.
	 */
	private Proxy proxy() {
		List<Proxy> offered;
		try {
			offered = this.proxies.select(this.target);
		}
		catch (RuntimeException ex) {
			return Proxy.NO_PROXY;
		}
		if (offered != null) {
			for (Proxy proxy : offered) {
				if (proxy.type() == Proxy.Type.DIRECT) {
					return proxy;
				}
				if (proxy.address() instanceof InetSocketAddress) {
					return proxy;
				}
			}
		}
		return Proxy.NO_PROXY;
	}

	private static byte[] head(byte[] headStart, int contentLength) {
		byte[] length = (contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
		byte[] head = Arrays.copyOf(headStart, headStart.length + length.length);
		System.arraycopy(length, 0, head, headStart.length, length.length);
		return head;
	}

	private void closeIdle() {
		Http1Connection connection = this.idle.getAndSet(null);
		if (connection != null) {
			connection.close();
		}
	}

	/** Keeps a connection for the next exchange, or closes it if one is kept already. */
	private void keep(Http1Connection connection) {
		if (!this.idle.compareAndSet(null, connection)) {
			connection.close();
		}
		else if (this.shutdown) {
			closeIdle();
		}
	}

	/**
	 * One request and its answer, from {@link #send} to the callback.
	 */
	private final class Exchange implements Runnable {

		private final EncodedRequest body;

		private final long deadlineNanos;

		private final long timeoutNanos;

		private final BiConsumer<Http1ResponseReader.@Nullable Answer, @Nullable Throwable> callback;

		private final AtomicBoolean finished = new AtomicBoolean();

		// The connection this exchange is using, for the timer and shutdownNow() to
		// close.
		private volatile @Nullable Http1Connection connection;

		Exchange(EncodedRequest body, long deadlineNanos, long timeoutNanos,
				BiConsumer<Http1ResponseReader.@Nullable Answer, @Nullable Throwable> callback) {
			this.body = body;
			this.deadlineNanos = deadlineNanos;
			this.timeoutNanos = timeoutNanos;
			this.callback = callback;
		}

		@Override
		public void run() {
			run(Http1Client.this.idle.getAndSet(null));
		}

		/** Gives the exchange to the sending thread. */
		void handOver() {
			try {
				Http1Client.this.sender.execute(this);
			}
			catch (RejectedExecutionException ex) {
				finish(null, new CancellationException("the exporter is shut down"));
			}
		}

		/**
		 * Runs the exchange. On an export thread, which must not connect, a kept
		 * connection that turns out closed hands the exchange over to the sending thread.
		 * @param kept the connection kept from an earlier exchange, or {@code null}
		 */
		void run(@Nullable Http1Connection kept) {
			if (this.finished.get()) {
				if (kept != null) {
					Http1Client.this.keep(kept);
				}
				return;
			}
			Http1Client client = Http1Client.this;
			try {
				Http1Connection connection = (kept != null) ? kept : connect();
				Http1ResponseReader.Answer answer;
				try {
					answer = exchange(connection);
				}
				catch (Http1ResponseReader.NoAnswerException | SocketException ex) {
					if (kept == null || this.finished.get()) {
						throw ex;
					}
					// The collector closed the kept connection while it was idle (an idle
					// timeout, a restart): it closed without answering, or reset the
					// connection the request went to. One more try, on a new connection.
					kept.close();
					if (ExportThread.isCurrent()) {
						this.connection = null;
						handOver();
						return;
					}
					connection = connect();
					answer = exchange(connection);
				}
				if (answer.keepAlive() && !client.shutdown && this.finished.compareAndSet(false, true)) {
					// Kept before the callback runs: the export that the callback lets
					// start finds the connection instead of opening another.
					client.keep(connection);
					report(answer, null);
				}
				else {
					closeConnection();
					finish(answer, null);
				}
			}
			catch (SocketTimeoutException ex) {
				// The read timeout, a backstop for a timer that could not be scheduled.
				closeConnection();
				HttpTimeoutException timeout = new HttpTimeoutException("no complete answer in time");
				timeout.initCause(ex);
				finish(null, timeout);
			}
			catch (IOException | RuntimeException ex) {
				closeConnection();
				finish(null, ex);
			}
		}

		private Http1Connection connect() throws IOException {
			long left = this.deadlineNanos - System.nanoTime();
			if (left <= 0) {
				throw new HttpTimeoutException("no time left to connect");
			}
			Http1Client client = Http1Client.this;
			return Http1Connection.open(client.host, client.port, client.proxy(), client.tls, client.tlsParameters,
					Math.min(left, client.connectTimeoutNanos));
		}

		private Http1ResponseReader.Answer exchange(Http1Connection connection) throws IOException {
			this.connection = connection;
			if (this.finished.get()) {
				// The timer or shutdownNow() came while connecting.
				connection.close();
				throw new SocketException("the exchange ended while connecting");
			}
			Http1Client client = Http1Client.this;
			byte[] headStart = connection.viaHttpProxy() ? client.proxyHeadStart : client.headStart;
			return connection.exchange(head(headStart, this.body.length()), this.body, client.maxBodyBytes,
					this.deadlineNanos);
		}

		/** At the deadline: reports the timeout and aborts the exchange. */
		void expire() {
			finish(null, new HttpTimeoutException("no complete answer within " + Duration.ofNanos(this.timeoutNanos)
					+ " (the collector is slow" + " or stalled)"));
		}

		/**
		 * Ends the exchange, once: runs the callback, and if the exchange is not over
		 * yet, closes its connection, which makes the sending thread give up.
		 * @return whether this call ended it
		 */
		boolean finish(Http1ResponseReader.@Nullable Answer answer, @Nullable Throwable failure) {
			if (!this.finished.compareAndSet(false, true)) {
				return false;
			}
			if (answer == null) {
				closeConnection();
			}
			report(answer, failure);
			return true;
		}

		/** Once finished: no longer in flight, and the callback learns the outcome. */
		private void report(Http1ResponseReader.@Nullable Answer answer, @Nullable Throwable failure) {
			Http1Client.this.inFlight.remove(this);
			this.callback.accept(answer, failure);
		}

		private void closeConnection() {
			Http1Connection used = this.connection;
			if (used != null) {
				used.close();
			}
		}

	}

}

package dev.telemetry.sdk.export.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.internal.HttpGrammar;
import dev.telemetry.sdk.resource.Resource;
import org.jspecify.annotations.Nullable;

/**
 * OTLP/HTTP with protobuf bodies: one {@code POST} to the endpoint with the signal's path
 * ({@code /v1/traces}, {@code /v1/metrics}) appended per attempt through the JDK's
 * {@link HttpClient}, asynchronously, so no thread waits for an answer. The body is
 * gzipped (if configured) once per export; retries send the same bytes.
 * <p>
 * Each attempt, the answer's body included, ends within the attempt's timeout.
 * <p>
 * Retryable: HTTP 429, 502, 503 and 504, a timeout, and a connection that fails or closes
 * before an answer (refused, reset, TLS handshake). A {@code Retry-After} header (seconds
 * or an HTTP date) is honoured. Answers are read up to {@value #MAX_BODY_BYTES} bytes;
 * the rest is discarded. Uses only the JDK and protobuf, never gRPC classes. Thread-safe.
 */
final class HttpTransport implements OtlpTransport {

	/** The most bytes of an answer that are kept. */
	static final int MAX_BODY_BYTES = 64 * 1024;

	/** The most characters of a failure answer that are logged. */
	static final int MAX_MESSAGE_CHARS = 300;

	private static final String PROTOBUF = "application/x-protobuf";

	// The JDK client refuses to send these, or the exporter sets them itself.
	private static final Set<String> RESERVED_HEADERS = Set.of("connection", "content-length", "expect", "host",
			"upgrade", "content-type", "content-encoding");

	// The characters RFC 9110 allows in a token besides letters and digits.

	// Field 2 of google.rpc.Status, the developer-facing message: (field << 3) | wire
	// type 2 (length-delimited).
	private static final int STATUS_MESSAGE_TAG = (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;

	private final OtlpSignal signal;

	private final OtlpEndpoint endpoint;

	private final URI uri;

	private final HttpClient client;

	private final Map<String, String> headers;

	private final boolean gzip;

	private final Duration timeout;

	private final Clock clock;

	private final ScheduledExecutorService scheduler;

	private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

	private volatile boolean shutdown;

	HttpTransport(OtlpSignal signal, OtlpEndpoint endpoint, HttpClient client, Map<String, String> headers,
			boolean gzip, Duration timeout, Clock clock, ScheduledExecutorService scheduler) {
		this.signal = signal;
		this.endpoint = endpoint;
		this.uri = endpoint.uri(signal.httpPath());
		this.client = client;
		this.headers = headers;
		this.gzip = gzip;
		this.timeout = timeout;
		this.clock = clock;
		this.scheduler = scheduler;
	}

	/**
	 * Creates the transport and its HTTP client from an exporter's settings. Nothing
	 * connects until the first call.
	 * @param signal what the exporter sends
	 * @param settings the exporter's settings
	 * @param scheduler the exporter's scheduler, which also runs the client's callbacks
	 * @return the transport
	 * @throws IllegalArgumentException when the TLS material cannot be used
	 */
	static HttpTransport create(OtlpSignal signal, ExporterSettings settings, ScheduledExecutorService scheduler) {
		OtlpEndpoint endpoint = settings.endpoint();
		HttpClient.Builder client = HttpClient.newBuilder()
			// One export at a time needs no multiplexing; HTTP/1.1 also avoids an h2c
			// upgrade attempt that some proxies mishandle.
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(settings.timeout())
			// The client's callbacks are short; running them on the exporter's one
			// thread keeps the thread count fixed.
			.executor(scheduler);
		if (endpoint.tls() && settings.hasCustomTls()) {
			client.sslContext(sslContext(settings));
			if (!settings.tlsProtocols().isEmpty() || !settings.tlsCipherSuites().isEmpty()) {
				SSLParameters parameters = new SSLParameters();
				if (!settings.tlsProtocols().isEmpty()) {
					parameters.setProtocols(settings.tlsProtocols().toArray(new String[0]));
				}
				if (!settings.tlsCipherSuites().isEmpty()) {
					parameters.setCipherSuites(settings.tlsCipherSuites().toArray(new String[0]));
				}
				client.sslParameters(parameters);
			}
		}
		return new HttpTransport(signal, endpoint, client.build(), settings.headers(), settings.gzip(),
				settings.timeout(), settings.clock(), scheduler);
	}

	private static SSLContext sslContext(ExporterSettings settings) {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			KeyManagerFactory keys = settings.keyManagerFactory();
			TrustManagerFactory trust = settings.trustManagerFactory();
			context.init((keys != null) ? keys.getKeyManagers() : null,
					(trust != null) ? trust.getTrustManagers() : null, null);
			return context;
		}
		catch (GeneralSecurityException | IllegalStateException ex) {
			throw new IllegalArgumentException("Invalid TLS settings for the OTLP exporter: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Checks a header name: an RFC 9110 token, and not one the client sets itself.
	 * @param key the lower-cased name
	 * @return the name
	 * @throws IllegalArgumentException when the name cannot be sent
	 */
	static String validateHeaderName(String key) {
		for (int i = 0; i < key.length(); i++) {
			// The name is already in lower case.
			char ch = key.charAt(i);
			if (!HttpGrammar.isTokenChar(ch)) {
				throw new IllegalArgumentException("Invalid OTLP header name '" + key + "': only letters, digits and "
						+ HttpGrammar.TOKEN_SYMBOLS + " are allowed, found '" + ch + "' at index " + i);
			}
		}
		if (RESERVED_HEADERS.contains(key)) {
			throw new IllegalArgumentException(
					"Invalid OTLP header name '" + key + "': the exporter's HTTP client sets this header itself");
		}
		return key;
	}

	/**
	 * Returns where requests go.
	 * @return the endpoint with the signal's path
	 */
	URI uri() {
		return this.uri;
	}

	@Override
	public Call newCall(EncodedRequest request) {
		EncodedRequest body = this.gzip ? EncodedRequest.of(gzip(request)) : request;
		return (timeoutNanos, callback) -> send(body, timeoutNanos, callback);
	}

	private void send(EncodedRequest body, long timeoutNanos, Consumer<AttemptOutcome> callback) {
		if (this.shutdown) {
			callback.accept(AttemptOutcome.failed(AttemptOutcome.SHUTDOWN, "not sent", false, -1,
					ExportFailures.SHUTDOWN_HINT, null));
			return;
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(this.uri)
			.timeout(Duration.ofNanos(Math.max(1, timeoutNanos)))
			.POST(new RequestBody(body));
		// Configured headers may replace the user agent, but not the content headers.
		request.setHeader("User-Agent", Resource.SDK_NAME);
		this.headers.forEach(request::setHeader);
		request.setHeader("Content-Type", PROTOBUF);
		if (this.gzip) {
			request.setHeader("Content-Encoding", ExporterSettings.COMPRESSION_GZIP);
		}
		CompletableFuture<HttpResponse<byte[]>> response = this.client.sendAsync(request.build(),
				(info) -> new BoundedBody());
		this.inFlight.add(response);
		// The request's timeout only bounds the wait for the answer's headers; a body
		// that
		// stalls after them (a proxy that hangs, say) would hold the export for ever. The
		// whole exchange gets the attempt's time, then it is aborted.
		AtomicBoolean timedOut = new AtomicBoolean();
		ScheduledFuture<?> deadline = scheduleDeadline(response, timedOut, timeoutNanos);
		response.whenComplete((answer, failure) -> {
			this.inFlight.remove(response);
			if (deadline != null) {
				deadline.cancel(false);
			}
			if (failure == null) {
				callback.accept(classify(answer));
			}
			else if (timedOut.get()) {
				callback.accept(classify(new HttpTimeoutException("no complete answer within "
						+ Duration.ofNanos(timeoutNanos) + " (the body stalled after the headers)")));
			}
			else {
				callback.accept(classify(failure));
			}
		});
	}

	private @Nullable ScheduledFuture<?> scheduleDeadline(CompletableFuture<?> response, AtomicBoolean timedOut,
			long timeoutNanos) {
		try {
			return this.scheduler.schedule(() -> {
				// Set first: cancelling completes the exchange, and its callback reads
				// the flag on this thread.
				timedOut.set(true);
				// Since JDK 16 this also aborts the exchange and closes its connection.
				response.cancel(true);
			}, timeoutNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: shutdownNow() cancels what is left.
			return null;
		}
	}

	@Override
	public void shutdown() {
		this.shutdown = true;
	}

	@Override
	public void shutdownNow() {
		this.shutdown = true;
		for (CompletableFuture<?> call : this.inFlight) {
			// Since JDK 16 this also aborts the exchange and closes its connection.
			call.cancel(true);
		}
	}

	@Override
	public boolean isTerminated() {
		// The JDK 17 client cannot be closed; it releases its connections and its
		// selector thread once unreachable. What matters here is that no call is left.
		return this.shutdown && this.inFlight.isEmpty();
	}

	/**
	 * Classifies an HTTP answer.
	 * @param response the answer
	 * @return the outcome
	 */
	AttemptOutcome classify(HttpResponse<byte[]> response) {
		int status = response.statusCode();
		byte[] body = response.body();
		if (status >= 200 && status < 300) {
			return ExportResponse.accepted(body);
		}
		boolean retryable = status == 429 || status == 502 || status == 503 || status == 504;
		long serverDelay = retryable ? retryAfterNanos(response.headers(), this.clock.now()) : -1;
		String message = failureMessage(body, response.headers());
		String text = "HTTP " + status + (message.isEmpty() ? "" : " (" + message + ")");
		return AttemptOutcome.failed("HTTP " + status, text, retryable, serverDelay,
				ExportFailures.httpStatusHint(this.signal, status, this.uri.toString()), null);
	}

	/**
	 * Classifies a request that got no HTTP answer.
	 * @param failure what it failed with
	 * @return the outcome
	 */
	AttemptOutcome classify(Throwable failure) {
		String kind = ExportFailures.httpFailureKind(failure);
		boolean retryable = !AttemptOutcome.SHUTDOWN.equals(kind) && !"UNKNOWN".equals(kind);
		return AttemptOutcome.failed(kind, ExportFailures.describe(failure), retryable, -1,
				ExportFailures.httpFailureHint(kind, this.endpoint, this.timeout), failure);
	}

	/**
	 * Reads a {@code Retry-After} header: a number of seconds or an HTTP date.
	 * @param headers the answer's headers
	 * @param nowEpochNanos the current wall-clock time, for a date
	 * @return the delay in nanoseconds (0 for a date in the past), or -1 when the header
	 * is absent or malformed
	 */
	static long retryAfterNanos(HttpHeaders headers, long nowEpochNanos) {
		Optional<String> header = headers.firstValue("Retry-After");
		if (header.isEmpty()) {
			return -1;
		}
		String value = header.get().trim();
		if (!value.isEmpty() && value.chars().allMatch((ch) -> ch >= '0' && ch <= '9')) {
			try {
				return TimeUnit.SECONDS.toNanos(Long.parseLong(value));
			}
			catch (NumberFormatException ex) {
				return -1;
			}
		}
		try {
			ZonedDateTime date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
			long epochNanos = TimeUnit.SECONDS.toNanos(date.toEpochSecond());
			return Math.max(0, epochNanos - nowEpochNanos);
		}
		catch (DateTimeParseException ex) {
			return -1;
		}
	}

	/**
	 * Extracts what the collector said in a failure answer: the message of a
	 * {@code google.rpc.Status} for protobuf, else the start of a text body.
	 * @param body the body
	 * @param headers the headers
	 * @return a single-line message, possibly empty
	 */
	static String failureMessage(@Nullable byte[] body, HttpHeaders headers) {
		if (body == null || body.length == 0) {
			return "";
		}
		String contentType = headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
		String message;
		if (contentType.contains("protobuf")) {
			message = statusMessage(body);
		}
		else if (contentType.startsWith("text/") || contentType.contains("json")) {
			message = new String(body, 0, Math.min(body.length, MAX_MESSAGE_CHARS * 4), StandardCharsets.UTF_8);
		}
		else {
			message = "";
		}
		return singleLine(message);
	}

	private static String statusMessage(byte[] body) {
		// Read by hand, so that this transport needs no generated google.rpc classes.
		try {
			CodedInputStream input = CodedInputStream.newInstance(body);
			int tag;
			while ((tag = input.readTag()) != 0) {
				if (tag == STATUS_MESSAGE_TAG) {
					return input.readStringRequireUtf8();
				}
				input.skipField(tag);
			}
		}
		catch (IOException ex) {
			// Not a Status after all; say nothing rather than something garbled.
		}
		return "";
	}

	private static String singleLine(String text) {
		StringBuilder line = new StringBuilder(Math.min(text.length(), MAX_MESSAGE_CHARS));
		for (int i = 0; i < text.length() && line.length() < MAX_MESSAGE_CHARS; i++) {
			char ch = text.charAt(i);
			line.append(Character.isISOControl(ch) ? ' ' : ch);
		}
		if (line.length() >= MAX_MESSAGE_CHARS && text.length() > MAX_MESSAGE_CHARS) {
			line.append("...");
		}
		return line.toString().trim();
	}

	private static byte[] gzip(EncodedRequest request) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, request.length() / 4));
		try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
			gzip.write(request.bytes(), 0, request.length());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not compress the request", ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * Publishes the request's bytes as one buffer that wraps them: the JDK's
	 * {@code BodyPublishers.ofByteArray} would first copy them into buffers of its own.
	 * Every subscription (every attempt) gets a buffer of its own over the same bytes.
	 */
	static final class RequestBody implements HttpRequest.BodyPublisher {

		private final EncodedRequest request;

		RequestBody(EncodedRequest request) {
			this.request = request;
		}

		@Override
		public long contentLength() {
			return this.request.length();
		}

		@Override
		public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
			subscriber.onSubscribe(
					new Subscription(subscriber, ByteBuffer.wrap(this.request.bytes(), 0, this.request.length())));
		}

		/**
		 * Emits the one buffer on the first request and completes; later requests (also
		 * those made from within {@code onNext}) and cancellations do nothing.
		 */
		private static final class Subscription implements Flow.Subscription {

			private final Flow.Subscriber<? super ByteBuffer> subscriber;

			private final ByteBuffer body;

			private final AtomicBoolean done = new AtomicBoolean();

			Subscription(Flow.Subscriber<? super ByteBuffer> subscriber, ByteBuffer body) {
				this.subscriber = subscriber;
				this.body = body;
			}

			@Override
			public void request(long n) {
				if (!this.done.compareAndSet(false, true)) {
					return;
				}
				if (n <= 0) {
					// Reactive Streams rule 3.9.
					this.subscriber.onError(new IllegalArgumentException("non-positive request: " + n));
					return;
				}
				if (this.body.hasRemaining()) {
					this.subscriber.onNext(this.body);
				}
				this.subscriber.onComplete();
			}

			@Override
			public void cancel() {
				this.done.set(true);
			}

		}

	}

	/**
	 * Collects an answer's body up to {@link #MAX_BODY_BYTES} and discards the rest, so a
	 * misbehaving server cannot make the exporter hold an arbitrary amount of memory.
	 */
	private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

		private final CompletableFuture<byte[]> body = new CompletableFuture<>();

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);

		@Override
		public CompletionStage<byte[]> getBody() {
			return this.body;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> items) {
			for (ByteBuffer item : items) {
				int room = MAX_BODY_BYTES - this.bytes.size();
				int take = Math.min(room, item.remaining());
				if (take > 0) {
					byte[] chunk = new byte[take];
					item.get(chunk);
					this.bytes.write(chunk, 0, take);
				}
			}
		}

		@Override
		public void onError(Throwable failure) {
			this.body.completeExceptionally(failure);
		}

		@Override
		public void onComplete() {
			this.body.complete(this.bytes.toByteArray());
		}

	}

}

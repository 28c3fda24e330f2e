package dev.telemetry.sdk.export.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.internal.HttpGrammar;
import dev.telemetry.sdk.resource.Resource;
import org.jspecify.annotations.Nullable;

/**
 * OTLP/HTTP with protobuf bodies: one HTTP/1.1 {@code POST} to the endpoint with the
 * signal's path ({@code /v1/traces}, {@code /v1/metrics}) appended per attempt, sent by
 * an {@link Http1Client}: on its own thread, so the exporter's threads never wait for an
 * answer, or, called on an {@link dev.telemetry.sdk.internal.ExportThread} that waits for
 * at least the attempt's timeout, on that thread. The body is gzipped (if configured)
 * once per export; retries send the same bytes, straight from the encoder's buffer.
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

	private final Http1Client client;

	private final boolean gzip;

	private final Duration timeout;

	private final Clock clock;

	HttpTransport(OtlpSignal signal, OtlpEndpoint endpoint, Http1Client client, boolean gzip, Duration timeout,
			Clock clock) {
		this.signal = signal;
		this.endpoint = endpoint;
		this.uri = endpoint.uri(signal.httpPath());
		this.client = client;
		this.gzip = gzip;
		this.timeout = timeout;
		this.clock = clock;
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
		SSLSocketFactory tls = null;
		SSLParameters tlsParameters = null;
		if (endpoint.tls()) {
			tls = settings.hasCustomTls() ? sslContext(settings).getSocketFactory()
					: (SSLSocketFactory) SSLSocketFactory.getDefault();
			if (!settings.tlsProtocols().isEmpty() || !settings.tlsCipherSuites().isEmpty()) {
				tlsParameters = new SSLParameters();
				if (!settings.tlsProtocols().isEmpty()) {
					tlsParameters.setProtocols(settings.tlsProtocols().toArray(new String[0]));
				}
				if (!settings.tlsCipherSuites().isEmpty()) {
					tlsParameters.setCipherSuites(settings.tlsCipherSuites().toArray(new String[0]));
				}
			}
		}
		URI uri = endpoint.uri(signal.httpPath());
		Http1Client client = new Http1Client(uri, headerFields(settings.headers(), settings.gzip()),
				Objects.requireNonNullElse(ProxySelector.getDefault(), ProxySelector.of(null)), tls, tlsParameters,
				settings.timeout(), MAX_BODY_BYTES, "telemetry-otlp-http-" + signal.name() + "-sender", scheduler);
		return new HttpTransport(signal, endpoint, client, settings.gzip(), settings.timeout(), settings.clock());
	}

	/**
	 * Returns the header fields every request carries: the user agent, the configured
	 * headers (which may replace the user agent, but not the content headers) and the
	 * content headers but the length.
	 */
	private static Map<String, String> headerFields(Map<String, String> headers, boolean gzip) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("user-agent", Resource.SDK_NAME);
		// Names are validated and lower case; values are printable ASCII.
		fields.putAll(headers);
		fields.put("content-type", PROTOBUF);
		if (gzip) {
			fields.put("content-encoding", ExporterSettings.COMPRESSION_GZIP);
		}
		return fields;
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
		this.client.send(body, timeoutNanos, (answer, failure) -> {
			if (answer != null) {
				callback.accept(classify(answer));
			}
			else {
				callback.accept(classify((failure != null) ? failure : new IllegalStateException("no answer")));
			}
		});
	}

	@Override
	public void shutdown() {
		this.client.shutdown();
	}

	@Override
	public void shutdownNow() {
		this.client.shutdownNow();
	}

	@Override
	public boolean isTerminated() {
		return this.client.isTerminated();
	}

	/**
	 * Classifies an HTTP answer.
	 * @param response the answer
	 * @return the outcome
	 */
	AttemptOutcome classify(Http1ResponseReader.Answer response) {
		int status = response.status();
		byte[] body = response.body();
		if (status >= 200 && status < 300) {
			return ExportResponse.accepted(body);
		}
		boolean retryable = status == 429 || status == 502 || status == 503 || status == 504;
		long serverDelay = retryable ? retryAfterNanos(response.header("retry-after"), this.clock.now()) : -1;
		String message = failureMessage(body, response.header("content-type"));
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
	 * @param header the header's value, or {@code null} when the answer has none
	 * @param nowEpochNanos the current wall-clock time, for a date
	 * @return the delay in nanoseconds (0 for a date in the past), or -1 when the header
	 * is absent or malformed
	 */
	static long retryAfterNanos(@Nullable String header, long nowEpochNanos) {
		if (header == null) {
			return -1;
		}
		String value = header.trim();
		if (HttpGrammar.isDigits(value)) {
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
	 * @param contentType the answer's {@code Content-Type}, or {@code null}
	 * @return a single-line message, possibly empty
	 */
	static String failureMessage(@Nullable byte[] body, @Nullable String contentType) {
		if (body == null || body.length == 0) {
			return "";
		}
		String type = (contentType != null) ? contentType.toLowerCase(Locale.ROOT) : "";
		String message;
		if (type.contains("protobuf")) {
			message = statusMessage(body);
		}
		else if (type.startsWith("text/") || type.contains("json")) {
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

}

package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import org.jspecify.annotations.Nullable;

/**
 * The settings both OTLP exporter builders share, with their validation, so that the gRPC
 * and HTTP builders behave the same. Not thread-safe, like the builders.
 */
final class ExporterSettings {

	/** The per-attempt timeout unless set. */
	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	/** The budget of one export unless set: the batch processor's default wait. */
	static final Duration DEFAULT_RETRY_BUDGET = BatchSpanProcessor.DEFAULT_EXPORTER_TIMEOUT;

	static final String COMPRESSION_GZIP = "gzip";

	static final String COMPRESSION_NONE = "none";

	private final UnaryOperator<String> headerNameValidator;

	private OtlpEndpoint endpoint;

	private final Map<String, String> headers = new LinkedHashMap<>();

	private Duration timeout = DEFAULT_TIMEOUT;

	private String compression = COMPRESSION_NONE;

	private Clock clock = Clock.system();

	private RetryPolicy retryPolicy = RetryPolicy.getDefault();

	private Duration retryBudget = DEFAULT_RETRY_BUDGET;

	private @Nullable TrustManagerFactory trustManagerFactory;

	private @Nullable KeyManagerFactory keyManagerFactory;

	private List<String> tlsProtocols = List.of();

	private List<String> tlsCipherSuites = List.of();

	/**
	 * Creates settings with the defaults.
	 * @param defaultEndpoint the transport's default endpoint
	 * @param headerNameValidator checks a header name against the transport's rules and
	 * returns it lower-cased; throws {@link IllegalArgumentException} without echoing any
	 * value
	 */
	ExporterSettings(String defaultEndpoint, UnaryOperator<String> headerNameValidator) {
		this.endpoint = OtlpEndpoint.parse(defaultEndpoint);
		this.headerNameValidator = headerNameValidator;
	}

	void setEndpoint(String endpoint) {
		this.endpoint = OtlpEndpoint.parse(endpoint);
	}

	void addHeader(String name, String value) {
		String key = validateHeaderName(name);
		validateHeaderValue(key, value);
		this.headers.put(key, value);
	}

	void setHeaders(Map<String, String> headers) {
		Objects.requireNonNull(headers, "headers");
		Map<String, String> validated = new LinkedHashMap<>();
		headers.forEach((name, value) -> {
			String key = validateHeaderName(name);
			validateHeaderValue(key, value);
			validated.put(key, value);
		});
		this.headers.clear();
		this.headers.putAll(validated);
	}

	void setTimeout(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout");
		if (timeout.isZero() || timeout.isNegative()) {
			throw new IllegalArgumentException("OTLP exporter timeout must be positive but was " + timeout);
		}
		this.timeout = timeout;
	}

	void setCompression(String compression) {
		Objects.requireNonNull(compression, "compression");
		String normalized = compression.trim().toLowerCase(Locale.ROOT);
		if (!COMPRESSION_GZIP.equals(normalized) && !COMPRESSION_NONE.equals(normalized)) {
			throw new IllegalArgumentException("Unsupported OTLP compression '" + compression + "': expected '"
					+ COMPRESSION_GZIP + "' or '" + COMPRESSION_NONE + "'");
		}
		this.compression = normalized;
	}

	void setClock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	void setRetryPolicy(RetryPolicy retryPolicy) {
		this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
	}

	void setRetryBudget(Duration retryBudget) {
		Objects.requireNonNull(retryBudget, "retryBudget");
		if (retryBudget.isZero() || retryBudget.isNegative()) {
			throw new IllegalArgumentException("OTLP exporter retry budget must be positive but was " + retryBudget);
		}
		this.retryBudget = retryBudget;
	}

	void setTrustManagerFactory(TrustManagerFactory trustManagerFactory) {
		this.trustManagerFactory = Objects.requireNonNull(trustManagerFactory, "trustManagerFactory");
	}

	void setKeyManagerFactory(KeyManagerFactory keyManagerFactory) {
		this.keyManagerFactory = Objects.requireNonNull(keyManagerFactory, "keyManagerFactory");
	}

	void setTlsProtocols(Collection<String> protocols) {
		this.tlsProtocols = copyOfNames(protocols, "TLS protocol");
	}

	void setTlsCipherSuites(Collection<String> cipherSuites) {
		this.tlsCipherSuites = copyOfNames(cipherSuites, "TLS cipher suite");
	}

	OtlpEndpoint endpoint() {
		return this.endpoint;
	}

	/**
	 * Returns a copy of the headers.
	 * @return an unmodifiable map, in configuration order
	 */
	Map<String, String> headers() {
		return Collections.unmodifiableMap(new LinkedHashMap<>(this.headers));
	}

	Duration timeout() {
		return this.timeout;
	}

	String compression() {
		return this.compression;
	}

	boolean gzip() {
		return COMPRESSION_GZIP.equals(this.compression);
	}

	Clock clock() {
		return this.clock;
	}

	RetryPolicy retryPolicy() {
		return this.retryPolicy;
	}

	Duration retryBudget() {
		return this.retryBudget;
	}

	@Nullable TrustManagerFactory trustManagerFactory() {
		return this.trustManagerFactory;
	}

	@Nullable KeyManagerFactory keyManagerFactory() {
		return this.keyManagerFactory;
	}

	List<String> tlsProtocols() {
		return this.tlsProtocols;
	}

	List<String> tlsCipherSuites() {
		return this.tlsCipherSuites;
	}

	/**
	 * Returns whether TLS was configured beyond the JVM's defaults.
	 * @return whether any trust or key material, protocol or cipher suite was set
	 */
	boolean hasCustomTls() {
		return this.trustManagerFactory != null || this.keyManagerFactory != null || !this.tlsProtocols.isEmpty()
				|| !this.tlsCipherSuites.isEmpty();
	}

	/**
	 * Creates the exporter's scheduler: one named daemon thread that runs retries and
	 * shutdown steps, and drops cancelled retries at once.
	 * @param threadName the thread's name
	 * @return a new scheduler
	 */
	static ScheduledExecutorService newScheduler(String threadName) {
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
				(task) -> newThread(task, threadName));
		scheduler.setRemoveOnCancelPolicy(true);
		// Waiting retries are failed by the shutdown itself; their timers must not keep
		// the thread alive.
		scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		return scheduler;
	}

	/**
	 * Creates one of an exporter's threads: a named daemon thread that inherits no thread
	 * locals (the creating thread may carry request-scoped state) and has the library's
	 * class loader as its context class loader, not the creator's, which may belong to
	 * something shorter lived than this thread.
	 * @param task what the thread runs
	 * @param threadName its name
	 * @return the thread, not started
	 */
	static Thread newThread(Runnable task, String threadName) {
		Thread thread = new Thread(null, task, threadName, 0, false);
		thread.setDaemon(true);
		thread.setContextClassLoader(ExporterSettings.class.getClassLoader());
		return thread;
	}

	/**
	 * Creates an exporter with a new scheduler of its own, and stops the scheduler if
	 * creating the exporter fails (on bad TLS material, say).
	 * @param <E> the exporter type
	 * @param threadName the scheduler thread's name
	 * @param exporter creates the exporter, its transport and its connection around the
	 * scheduler
	 * @return the exporter
	 */
	static <E> E withNewScheduler(String threadName, Function<ScheduledExecutorService, E> exporter) {
		ScheduledExecutorService scheduler = newScheduler(threadName);
		try {
			return exporter.apply(scheduler);
		}
		catch (RuntimeException ex) {
			scheduler.shutdown();
			throw ex;
		}
	}

	private String validateHeaderName(String name) {
		Objects.requireNonNull(name, "header name");
		String key = name.trim().toLowerCase(Locale.ROOT);
		if (key.isEmpty()) {
			throw new IllegalArgumentException("OTLP header name must not be empty");
		}
		return this.headerNameValidator.apply(key);
	}

	private static void validateHeaderValue(String name, String value) {
		Objects.requireNonNull(value, () -> "value of header '" + name + "'");
		for (int i = 0, n = value.length(); i < n; i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7E) {
				// The value is likely a secret, so report where, not what.
				throw new IllegalArgumentException("Invalid value for OTLP header '" + name
						+ "': only printable ASCII is allowed, found a control or non-ASCII character at index " + i);
			}
		}
	}

	private static List<String> copyOfNames(Collection<String> names, String what) {
		Objects.requireNonNull(names, what + "s");
		List<String> copy = new ArrayList<>(names.size());
		for (String name : names) {
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException(what + " names must not be null or blank");
			}
			copy.add(name.trim());
		}
		return List.copyOf(copy);
	}

}

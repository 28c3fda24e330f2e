package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.UnaryOperator;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.internal.Redaction;
import org.jspecify.annotations.Nullable;

/**
 * What every OTLP exporter builder shares, whatever the signal and the transport:
 * endpoint, headers, timeout, compression, retries and TLS, so that code which configures
 * any of them is written once. {@link OtlpSpanExporterBuilder} adds what span exporters
 * have in common; a builder for another signal extends this class the same way.
 * <p>
 * Every setter validates its argument at once and throws {@link IllegalArgumentException}
 * naming the bad value (never a header value, which is usually a secret), so
 * misconfiguration surfaces where it is made rather than at the first export. Not
 * thread-safe; configure on one thread, then call {@link #build()}.
 *
 * @param <B> the builder's own type, which every setter returns
 * @since 0.1.0
 */
public abstract sealed class OtlpExporterBuilder<B extends OtlpExporterBuilder<B>> permits OtlpSpanExporterBuilder {

	/** The per-attempt timeout used unless {@link #setTimeout(Duration)} is called. */
	public static final Duration DEFAULT_TIMEOUT = ExporterSettings.DEFAULT_TIMEOUT;

	/**
	 * The budget of one export used unless {@link #setRetryBudget(Duration)} is called:
	 * the batch processor's default export timeout.
	 */
	public static final Duration DEFAULT_RETRY_BUDGET = ExporterSettings.DEFAULT_RETRY_BUDGET;

	/** The compression value that gzips every request. */
	public static final String COMPRESSION_GZIP = ExporterSettings.COMPRESSION_GZIP;

	/** The compression value that sends requests uncompressed. */
	public static final String COMPRESSION_NONE = ExporterSettings.COMPRESSION_NONE;

	/** The compression used unless {@link #setCompression(String)} is called. */
	public static final String DEFAULT_COMPRESSION = COMPRESSION_NONE;

	final ExporterSettings settings;

	OtlpExporterBuilder(String defaultEndpoint, UnaryOperator<String> headerNameValidator) {
		this.settings = new ExporterSettings(defaultEndpoint, headerNameValidator);
	}

	/**
	 * Returns an endpoint as the exporters show it in their messages: user information in
	 * the authority and the query string, which may hold secrets, are masked.
	 * Configuration code that reports an endpoint should show it the same way.
	 * @param endpoint the endpoint as configured, valid or not
	 * @return the endpoint with those parts replaced by {@code ****}, or {@code "null"}
	 */
	public static String redactEndpoint(@Nullable String endpoint) {
		return (endpoint != null) ? Redaction.url(endpoint) : "null";
	}

	/**
	 * Sets where requests go; see the transport's builder for the URL's form.
	 * @param endpoint the collector's URL
	 * @return this builder
	 * @throws IllegalArgumentException when the URL is malformed, has another scheme, has
	 * no host, or carries credentials or a query string
	 * @throws NullPointerException when {@code endpoint} is {@code null}
	 */
	public B setEndpoint(String endpoint) {
		this.settings.setEndpoint(endpoint);
		return self();
	}

	/**
	 * Adds a header sent with every call, replacing an earlier value of the same name;
	 * see the transport's builder for the names it refuses.
	 * @param name the header name, such as {@code authorization}
	 * @param value the value, printable ASCII; never logged
	 * @return this builder
	 * @throws IllegalArgumentException when the name or value is invalid for the
	 * transport
	 * @throws NullPointerException when {@code name} or {@code value} is {@code null}
	 */
	public B addHeader(String name, String value) {
		this.settings.addHeader(name, value);
		return self();
	}

	/**
	 * Sets how long one attempt may take; an attempt near the end of the retry budget
	 * gets less.
	 * @param timeout a positive duration
	 * @return this builder
	 * @throws IllegalArgumentException when the timeout is zero or negative
	 * @throws NullPointerException when {@code timeout} is {@code null}
	 */
	public B setTimeout(Duration timeout) {
		this.settings.setTimeout(timeout);
		return self();
	}

	/**
	 * Replaces all headers. Either every header is valid and all are applied, or none is.
	 * @param headers header names and values, as for {@link #addHeader(String, String)}
	 * @return this builder
	 * @throws IllegalArgumentException when a name or value is invalid
	 * @throws NullPointerException when the map, a name or a value is {@code null}
	 */
	public B setHeaders(Map<String, String> headers) {
		this.settings.setHeaders(headers);
		return self();
	}

	/**
	 * Sets the request compression.
	 * @param compression {@value #COMPRESSION_GZIP} or {@value #COMPRESSION_NONE}, in any
	 * case
	 * @return this builder
	 * @throws IllegalArgumentException for any other value
	 * @throws NullPointerException when {@code compression} is {@code null}
	 */
	public B setCompression(String compression) {
		this.settings.setCompression(compression);
		return self();
	}

	/**
	 * Sets how failed exports are retried; {@link RetryPolicy#disabled()} sends each
	 * request once.
	 * @param retryPolicy the policy
	 * @return this builder
	 * @throws NullPointerException when {@code retryPolicy} is {@code null}
	 */
	public B setRetryPolicy(RetryPolicy retryPolicy) {
		this.settings.setRetryPolicy(retryPolicy);
		return self();
	}

	/**
	 * Sets the longest time one export may take, all attempts and waits included. Set it
	 * to how long the caller waits for an export, such as the batch processor's export
	 * timeout: the exporter keeps a small reserve (a twentieth, at most 500 ms) so that
	 * its outcome arrives before the caller stops waiting.
	 * @param retryBudget a positive duration
	 * @return this builder
	 * @throws IllegalArgumentException when the budget is zero or negative
	 * @throws NullPointerException when {@code retryBudget} is {@code null}
	 */
	public B setRetryBudget(Duration retryBudget) {
		this.settings.setRetryBudget(retryBudget);
		return self();
	}

	/**
	 * Sets the trust material that verifies the collector's certificate for an
	 * {@code https://} endpoint, instead of the JVM's trust store. Ignored for
	 * {@code http://}.
	 * @param trustManagerFactory an initialized factory
	 * @return this builder
	 * @throws NullPointerException when {@code trustManagerFactory} is {@code null}
	 */
	public B setTrustManagerFactory(TrustManagerFactory trustManagerFactory) {
		this.settings.setTrustManagerFactory(trustManagerFactory);
		return self();
	}

	/**
	 * Sets the client key and certificate presented to a collector that requires mutual
	 * TLS. Ignored for {@code http://}.
	 * @param keyManagerFactory an initialized factory
	 * @return this builder
	 * @throws NullPointerException when {@code keyManagerFactory} is {@code null}
	 */
	public B setKeyManagerFactory(KeyManagerFactory keyManagerFactory) {
		this.settings.setKeyManagerFactory(keyManagerFactory);
		return self();
	}

	/**
	 * Restricts the TLS protocol versions, such as {@code TLSv1.3}.
	 * @param protocols the protocol names; empty for the defaults
	 * @return this builder
	 * @throws IllegalArgumentException when a name is blank
	 * @throws NullPointerException when {@code protocols} or a name is {@code null}
	 */
	public B setTlsProtocols(Collection<String> protocols) {
		this.settings.setTlsProtocols(protocols);
		return self();
	}

	/**
	 * Restricts the TLS cipher suites.
	 * @param cipherSuites the suite names; empty for the defaults
	 * @return this builder
	 * @throws IllegalArgumentException when a name is blank
	 * @throws NullPointerException when {@code cipherSuites} or a name is {@code null}
	 */
	public B setTlsCipherSuites(Collection<String> cipherSuites) {
		this.settings.setTlsCipherSuites(cipherSuites);
		return self();
	}

	/**
	 * Sets the clock that paces failure logging and measures budgets and latency; tests
	 * pass a manual one.
	 * @param clock the clock
	 * @return this builder
	 * @throws NullPointerException when {@code clock} is {@code null}
	 */
	public B setClock(Clock clock) {
		this.settings.setClock(clock);
		return self();
	}

	@SuppressWarnings("unchecked") // B is this class's own type, by declaration
	final B self() {
		return (B) this;
	}

}

package dev.telemetry.autoconfigure.export;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import dev.telemetry.sdk.export.otlp.OtlpExporterBuilder;
import dev.telemetry.sdk.export.otlp.OtlpSpanExporter;
import dev.telemetry.sdk.export.otlp.OtlpSpanExporterBuilder;
import dev.telemetry.sdk.export.otlp.RetryPolicy;
import dev.telemetry.sdk.trace.export.BatchSpanProcessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.core.env.Environment;

/**
 * Turns {@code telemetry.exporter.otlp.*} into builder calls, the same way for both
 * transports, so that every invalid value stops start-up with an
 * {@link InvalidConfigurationPropertyValueException} naming exactly its property, and
 * secrets (header values, credentials in a URL) never appear in the failure. Also reads
 * the batch processor's export timeout as the span exporter's retry budget, and turns the
 * named SSL bundle into JDK key and trust manager factories, since the SDK knows nothing
 * of Spring.
 * <p>
 * For a signal with overrides ({@code telemetry.exporter.otlp.metrics.*}), each set
 * override wins over the shared value and is the property a failure names. When only the
 * signal's protocol differs and no endpoint was configured, the signal's protocol's
 * default endpoint applies.
 */
final class OtlpExporterSetup {

	static final String PREFIX = "telemetry.exporter.otlp.";

	static final String EXPORT_TIMEOUT_PROPERTY = "telemetry.tracing.batch.export-timeout";

	private static final String HIDDEN = "******";

	private static final Log logger = LogFactory.getLog(OtlpExportAutoConfiguration.class);

	private final ExporterProperties.Otlp properties;

	private final Environment environment;

	private final ObjectProvider<SslBundles> sslBundles;

	// The signal's overrides and its property prefix, or empty ones for the shared
	// settings alone.
	private final ExporterProperties.SignalOverrides overrides;

	private final String signalPrefix;

	OtlpExporterSetup(ExporterProperties.Otlp properties, Environment environment,
			ObjectProvider<SslBundles> sslBundles) {
		this(properties, environment, sslBundles, new ExporterProperties.SignalOverrides(), "");
	}

	private OtlpExporterSetup(ExporterProperties.Otlp properties, Environment environment,
			ObjectProvider<SslBundles> sslBundles, ExporterProperties.SignalOverrides overrides, String signal) {
		this.properties = properties;
		this.environment = environment;
		this.sslBundles = sslBundles;
		this.overrides = overrides;
		this.signalPrefix = PREFIX + signal + ".";
	}

	/**
	 * Returns the set-up of the metrics exporter: the shared settings with
	 * {@code telemetry.exporter.otlp.metrics.*} over them.
	 * @param properties the exporter properties
	 * @param environment the environment
	 * @param sslBundles the SSL bundles
	 * @return the set-up
	 */
	static OtlpExporterSetup forMetrics(ExporterProperties.Otlp properties, Environment environment,
			ObjectProvider<SslBundles> sslBundles) {
		return new OtlpExporterSetup(properties, environment, sslBundles, properties.getMetrics(), "metrics");
	}

	/**
	 * Returns the protocol: the signal's, else the shared one.
	 * @return the protocol
	 */
	OtlpProtocol protocol() {
		OtlpProtocol protocol = this.overrides.getProtocol();
		return (protocol != null) ? protocol : this.properties.getProtocol();
	}

	private String endpointValue() {
		if (this.overrides.getEndpoint() != null) {
			return this.overrides.getEndpoint();
		}
		if (this.properties.configuredEndpoint() == null) {
			// The shared default would be the other protocol's port.
			return protocol().getDefaultEndpoint();
		}
		return this.properties.getEndpoint();
	}

	private String protocolProperty() {
		return (this.overrides.getProtocol() != null) ? this.signalPrefix + "protocol" : PREFIX + "protocol";
	}

	private String endpointProperty() {
		return (this.overrides.getEndpoint() != null) ? this.signalPrefix + "endpoint" : PREFIX + "endpoint";
	}

	/**
	 * Applies every {@code telemetry.exporter.otlp.*} property to a builder and builds
	 * the exporter.
	 * @param <B> the builder type
	 * @param <E> the exporter type
	 * @param builder a new builder of the configured protocol
	 * @param protocol the configured protocol
	 * @return the exporter
	 */
	<B extends OtlpSpanExporterBuilder<B, E>, E extends OtlpSpanExporter> E configure(B builder,
			OtlpProtocol protocol) {
		return configure(builder, protocol, retryBudget(), builder::build);
	}

	/**
	 * Applies every {@code telemetry.exporter.otlp.*} property, and the signal's
	 * overrides, to a builder and builds the exporter.
	 * @param <B> the builder type
	 * @param <E> the exporter type
	 * @param builder a new builder of the configured protocol
	 * @param protocol the configured protocol
	 * @param retryBudget the longest time one export may take, retries included
	 * @param build builds the exporter from the builder
	 * @return the exporter
	 */
	<B extends OtlpExporterBuilder<B>, E> E configure(B builder, OtlpProtocol protocol, Duration retryBudget,
			Supplier<E> build) {
		endpoint(builder::setEndpoint);
		headers(builder::addHeader);
		timeout(builder::setTimeout);
		compression(builder::setCompression);
		builder.setRetryPolicy(retryPolicy()).setRetryBudget(retryBudget);
		ssl(builder::setTrustManagerFactory, builder::setKeyManagerFactory, builder::setTlsProtocols,
				builder::setTlsCipherSuites);
		E exporter = build(build);
		warnAboutPortMismatch(protocol);
		return exporter;
	}

	private void endpoint(Consumer<String> setter) {
		String endpoint = endpointValue();
		apply(endpointProperty(), () -> OtlpSpanExporterBuilder.redactEndpoint(endpoint),
				() -> setter.accept(endpoint));
	}

	private void headers(BiConsumer<String, String> adder) {
		Map<String, String> headers = this.overrides.getHeaders();
		String prefix = (headers != null) ? this.signalPrefix : PREFIX;
		for (Map.Entry<String, String> header : ((headers != null) ? headers : this.properties.getHeaders())
			.entrySet()) {
			String name = header.getKey();
			String property = prefix + "headers" + (name.matches("[a-z0-9-]+") ? "." + name : "[" + name + "]");
			if (header.getValue() == null) {
				throw new InvalidConfigurationPropertyValueException(property, null, "must have a value");
			}
			// The builder never puts a value in its messages either.
			apply(property, () -> HIDDEN, () -> adder.accept(name, header.getValue()));
		}
	}

	private void timeout(Consumer<Duration> setter) {
		Duration override = this.overrides.getTimeout();
		Duration timeout = (override != null) ? override : this.properties.getTimeout();
		String property = ((override != null) ? this.signalPrefix : PREFIX) + "timeout";
		requirePositive(property, timeout);
		apply(property, () -> timeout, () -> setter.accept(timeout));
	}

	private void compression(Consumer<String> setter) {
		ExporterProperties.Compression override = this.overrides.getCompression();
		ExporterProperties.Compression compression = (override != null) ? override : this.properties.getCompression();
		String value = (compression != null) ? compression.name().toLowerCase(Locale.ROOT) : "null";
		apply(((override != null) ? this.signalPrefix : PREFIX) + "compression", () -> compression,
				() -> setter.accept(value));
	}

	private RetryPolicy retryPolicy() {
		ExporterProperties.Retry retry = this.properties.getRetry();
		if (!retry.isEnabled()) {
			return RetryPolicy.disabled();
		}
		String prefix = PREFIX + "retry.";
		if (retry.getMaxAttempts() < 1) {
			throw new InvalidConfigurationPropertyValueException(prefix + "max-attempts", retry.getMaxAttempts(),
					"must be at least 1 (1 means no retries)");
		}
		requirePositive(prefix + "initial-backoff", retry.getInitialBackoff());
		requirePositive(prefix + "max-backoff", retry.getMaxBackoff());
		if (retry.getMaxBackoff().compareTo(retry.getInitialBackoff()) < 0) {
			throw new InvalidConfigurationPropertyValueException(prefix + "max-backoff", retry.getMaxBackoff(),
					"must not be shorter than " + prefix + "initial-backoff (" + retry.getInitialBackoff() + ")");
		}
		if (!(retry.getMultiplier() >= 1.0) || Double.isInfinite(retry.getMultiplier())) {
			throw new InvalidConfigurationPropertyValueException(prefix + "multiplier", retry.getMultiplier(),
					"must be a finite number of at least 1.0");
		}
		return RetryPolicy.builder()
			.setMaxAttempts(retry.getMaxAttempts())
			.setInitialBackoff(retry.getInitialBackoff())
			.setMaxBackoff(retry.getMaxBackoff())
			.setBackoffMultiplier(retry.getMultiplier())
			.build();
	}

	/**
	 * Returns how long the batch processor waits for one export, which is how long the
	 * exporter may spend on it, retries included. Read from the environment rather than
	 * from the tracing properties, which belong to an auto-configuration that comes after
	 * this one.
	 * @return {@value #EXPORT_TIMEOUT_PROPERTY}, or its default when unset or invalid
	 * (the tracing auto-configuration reports an invalid value)
	 */
	private Duration retryBudget() {
		Duration budget = Binder.get(this.environment)
			.bind(EXPORT_TIMEOUT_PROPERTY, Duration.class)
			.orElse(BatchSpanProcessor.DEFAULT_EXPORTER_TIMEOUT);
		return (budget.isZero() || budget.isNegative()) ? BatchSpanProcessor.DEFAULT_EXPORTER_TIMEOUT : budget;
	}

	/**
	 * Applies the SSL bundle named by {@code telemetry.exporter.otlp.ssl.bundle}, if any.
	 * @param trust receives the trust material
	 * @param keys receives the client key material, only when the bundle has a key store
	 * @param protocols receives the bundle's enabled protocols, if it restricts them
	 * @param ciphers receives the bundle's cipher suites, if it restricts them
	 */
	private void ssl(Consumer<TrustManagerFactory> trust, Consumer<KeyManagerFactory> keys,
			Consumer<List<String>> protocols, Consumer<List<String>> ciphers) {
		String name = this.properties.getSsl().getBundle();
		if (name == null || name.isBlank()) {
			return;
		}
		String property = PREFIX + "ssl.bundle";
		SslBundles bundles = this.sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new InvalidConfigurationPropertyValueException(property, name,
					"no SSL bundles are available; define one under spring.ssl.bundle");
		}
		SslBundle bundle;
		try {
			bundle = bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidConfigurationPropertyValueException(property, name,
					"there is no SSL bundle of this name; the configured bundles are " + bundles.getBundleNames());
		}
		if (!endpointValue().trim().regionMatches(true, 0, "https:", 0, 6)) {
			logger.warn(property + " (" + name + ") is set, but " + endpointProperty() + " ("
					+ OtlpSpanExporterBuilder.redactEndpoint(endpointValue())
					+ ") is plaintext http://, so the bundle is not used; use an https:// endpoint for TLS");
			return;
		}
		apply(property, () -> name, () -> {
			trust.accept(bundle.getManagers().getTrustManagerFactory());
			if (bundle.getStores().getKeyStore() != null) {
				keys.accept(bundle.getManagers().getKeyManagerFactory());
			}
			SslOptions options = bundle.getOptions();
			if (options.getEnabledProtocols() != null) {
				protocols.accept(Arrays.asList(options.getEnabledProtocols()));
			}
			if (options.getCiphers() != null) {
				ciphers.accept(Arrays.asList(options.getCiphers()));
			}
		});
	}

	/**
	 * Builds the exporter; a failure can only come from TLS material the transport cannot
	 * use.
	 * @param <T> the exporter type
	 * @param builder builds the exporter
	 * @return the exporter
	 */
	private <T> T build(Supplier<T> builder) {
		String bundle = this.properties.getSsl().getBundle();
		try {
			return builder.get();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "ssl.bundle", bundle, ex.getMessage());
		}
	}

	/**
	 * Logs one warning when the endpoint's port is the other protocol's usual port, the
	 * commonest reason for an exporter that never succeeds.
	 * @param protocol the configured protocol
	 */
	private void warnAboutPortMismatch(OtlpProtocol protocol) {
		int port = port(endpointValue());
		OtlpProtocol other = (protocol == OtlpProtocol.GRPC) ? OtlpProtocol.HTTP_PROTOBUF : OtlpProtocol.GRPC;
		if (port == other.getUsualPort()) {
			logger.warn(
					endpointProperty() + " (" + OtlpSpanExporterBuilder.redactEndpoint(endpointValue()) + ") uses port "
							+ port + ", the usual " + ((other == OtlpProtocol.GRPC) ? "OTLP/gRPC" : "OTLP/HTTP")
							+ " port, but " + protocolProperty() + " is " + protocol + "; set " + protocolProperty()
							+ "=" + other + ", or use the port the collector's " + protocol
							+ " receiver listens on (usually " + protocol.getUsualPort() + ")");
		}
	}

	private static int port(String endpoint) {
		try {
			URI uri = new URI(endpoint.trim());
			return uri.getPort();
		}
		catch (URISyntaxException ex) {
			return -1;
		}
	}

	private static void requirePositive(String property, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(property, value, "must be greater than zero");
		}
	}

	private static void apply(String property, Supplier<@Nullable Object> shownValue, Runnable action) {
		try {
			action.run();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new InvalidConfigurationPropertyValueException(property, shownValue.get(), ex.getMessage());
		}
	}

}

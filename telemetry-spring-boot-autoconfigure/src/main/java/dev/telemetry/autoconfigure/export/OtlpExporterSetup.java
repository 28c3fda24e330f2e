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

import dev.telemetry.autoconfigure.BuilderErrors;
import dev.telemetry.sdk.export.otlp.OtlpSpanExporter;
import dev.telemetry.sdk.export.otlp.OtlpSpanExporterBuilder;
import dev.telemetry.sdk.export.otlp.RetryPolicy;
import dev.telemetry.sdk.internal.Redaction;
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
 * the batch processor's export timeout as the exporter's retry budget, and turns the
 * named SSL bundle into JDK key and trust manager factories, since the SDK knows nothing
 * of Spring.
 */
final class OtlpExporterSetup {

	static final String PREFIX = "telemetry.exporter.otlp.";

	static final String EXPORT_TIMEOUT_PROPERTY = "telemetry.tracing.batch.export-timeout";

	private static final Log logger = LogFactory.getLog(OtlpExportAutoConfiguration.class);

	private final ExporterProperties.Otlp properties;

	private final Environment environment;

	private final ObjectProvider<SslBundles> sslBundles;

	OtlpExporterSetup(ExporterProperties.Otlp properties, Environment environment,
			ObjectProvider<SslBundles> sslBundles) {
		this.properties = properties;
		this.environment = environment;
		this.sslBundles = sslBundles;
	}

	/**
	 * Applies every {@code telemetry.exporter.otlp.*} property to a builder and builds
	 * the exporter.
	 * @param <E> the exporter type
	 * @param builder a new builder of the configured protocol
	 * @param protocol the configured protocol
	 * @return the exporter
	 */
	<E extends OtlpSpanExporter> E configure(OtlpSpanExporterBuilder<?, E> builder, OtlpProtocol protocol) {
		endpoint(builder::setEndpoint);
		headers(builder::addHeader);
		timeout(builder::setTimeout);
		compression(builder::setCompression);
		builder.setRetryPolicy(retryPolicy()).setRetryBudget(retryBudget());
		ssl(builder::setTrustManagerFactory, builder::setKeyManagerFactory, builder::setTlsProtocols,
				builder::setTlsCipherSuites);
		E exporter = build(builder::build);
		warnAboutPortMismatch(protocol);
		return exporter;
	}

	private void endpoint(Consumer<String> setter) {
		String endpoint = this.properties.getEndpoint();
		BuilderErrors.apply(PREFIX + "endpoint", redactedEndpoint(endpoint), () -> setter.accept(endpoint));
	}

	private static String redactedEndpoint(@Nullable String endpoint) {
		return (endpoint != null) ? Redaction.url(endpoint) : "null";
	}

	private void headers(BiConsumer<String, String> adder) {
		for (Map.Entry<String, String> header : this.properties.getHeaders().entrySet()) {
			String name = header.getKey();
			String property = PREFIX + "headers" + (name.matches("[a-z0-9-]+") ? "." + name : "[" + name + "]");
			if (header.getValue() == null) {
				throw new InvalidConfigurationPropertyValueException(property, null, "must have a value");
			}
			// The builder never puts a value in its messages either.
			BuilderErrors.apply(property, Redaction.MASK, () -> adder.accept(name, header.getValue()));
		}
	}

	private void timeout(Consumer<Duration> setter) {
		Duration timeout = this.properties.getTimeout();
		BuilderErrors.apply(PREFIX + "timeout", timeout, () -> setter.accept(timeout));
	}

	private void compression(Consumer<String> setter) {
		ExporterProperties.Compression compression = this.properties.getCompression();
		String value = (compression != null) ? compression.name().toLowerCase(Locale.ROOT) : "null";
		BuilderErrors.apply(PREFIX + "compression", compression, () -> setter.accept(value));
	}

	private RetryPolicy retryPolicy() {
		ExporterProperties.Retry retry = this.properties.getRetry();
		if (!retry.isEnabled()) {
			return RetryPolicy.disabled();
		}
		String prefix = PREFIX + "retry.";
		RetryPolicy.Builder builder = RetryPolicy.builder();
		BuilderErrors.apply(prefix + "max-attempts", retry.getMaxAttempts(),
				() -> builder.setMaxAttempts(retry.getMaxAttempts()));
		BuilderErrors.apply(prefix + "initial-backoff", retry.getInitialBackoff(),
				() -> builder.setInitialBackoff(retry.getInitialBackoff()));
		BuilderErrors.apply(prefix + "max-backoff", retry.getMaxBackoff(),
				() -> builder.setMaxBackoff(retry.getMaxBackoff()));
		BuilderErrors.apply(prefix + "multiplier", retry.getMultiplier(),
				() -> builder.setBackoffMultiplier(retry.getMultiplier()));
		// The cross-field rule, the maximum not below the initial backoff.
		return BuilderErrors.apply(prefix + "max-backoff", retry.getMaxBackoff(), builder::build);
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
		if (!this.properties.getEndpoint().trim().regionMatches(true, 0, "https:", 0, 6)) {
			logger.warn(property + " (" + name + ") is set, but " + PREFIX + "endpoint ("
					+ redactedEndpoint(this.properties.getEndpoint())
					+ ") is plaintext http://, so the bundle is not used; use an https:// endpoint for TLS");
			return;
		}
		BuilderErrors.apply(property, name, () -> {
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
		return BuilderErrors.apply(PREFIX + "ssl.bundle", this.properties.getSsl().getBundle(), builder);
	}

	/**
	 * Logs one warning when the endpoint's port is the other protocol's usual port, the
	 * commonest reason for an exporter that never succeeds.
	 * @param protocol the configured protocol
	 */
	private void warnAboutPortMismatch(OtlpProtocol protocol) {
		int port = port(this.properties.getEndpoint());
		OtlpProtocol other = (protocol == OtlpProtocol.GRPC) ? OtlpProtocol.HTTP_PROTOBUF : OtlpProtocol.GRPC;
		if (port == other.getUsualPort()) {
			logger.warn(PREFIX + "endpoint (" + redactedEndpoint(this.properties.getEndpoint()) + ") uses port " + port
					+ ", the usual " + ((other == OtlpProtocol.GRPC) ? "OTLP/gRPC" : "OTLP/HTTP") + " port, but "
					+ PREFIX + "protocol is " + protocol + "; set " + PREFIX + "protocol=" + other
					+ ", or use the port the collector's " + protocol + " receiver listens on (usually "
					+ protocol.getUsualPort() + ")");
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

}

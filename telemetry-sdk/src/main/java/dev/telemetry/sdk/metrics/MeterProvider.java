package dev.telemetry.sdk.metrics;

import java.util.Objects;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.common.InstrumentationScope;

/**
 * The entry point of the metrics SDK: hands out {@link Meter}s by instrumentation scope,
 * matches instruments against views when they are built, and serves the collections of
 * its {@link MetricReader}s.
 * <p>
 * Thread-safe. {@link #forceFlush()} and {@link #shutdown()} do not block: they return a
 * result to wait on with a bound of the caller's choice.
 *
 * @since 0.1.0
 */
public final class MeterProvider implements AutoCloseable {

	MeterProvider(MeterProviderBuilder builder) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	/**
	 * Returns a new builder.
	 * @return a builder with the defaults
	 */
	public static MeterProviderBuilder builder() {
		return new MeterProviderBuilder();
	}

	/**
	 * Returns the meter of a scope with only a name.
	 * @param name the scope name
	 * @return the meter, the same for the same scope
	 */
	public Meter get(String name) {
		return meterBuilder(name).build();
	}

	/**
	 * Starts building (or finding) the meter of a scope with a version, schema URL or
	 * attributes.
	 * @param name the scope name
	 * @return the builder
	 */
	public MeterBuilder meterBuilder(String name) {
		return new MeterBuilder(this, Objects.requireNonNull(name, "name"));
	}

	Meter meter(InstrumentationScope scope) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	/**
	 * Returns a snapshot of the SDK's own state: readers, streams, overflows, dropped and
	 * conflicting views, failed callbacks.
	 * @return the diagnostics
	 */
	public MetricsDiagnostics getDiagnostics() {
		throw new UnsupportedOperationException("not implemented yet");
	}

	/**
	 * Asks every reader to collect and deliver now.
	 * @return completes when every reader has
	 */
	public CompletableResult forceFlush() {
		throw new UnsupportedOperationException("not implemented yet");
	}

	/**
	 * Shuts every reader down (each delivers a last collection); later measurements are
	 * ignored. Idempotent.
	 * @return completes when every reader has
	 */
	public CompletableResult shutdown() {
		throw new UnsupportedOperationException("not implemented yet");
	}

	/**
	 * Shuts down and waits up to 10 seconds.
	 */
	@Override
	public void close() {
		shutdown().join(10, java.util.concurrent.TimeUnit.SECONDS);
	}

}

package dev.telemetry.sdk.trace;

import java.io.Closeable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.export.SpanProcessor;
import dev.telemetry.sdk.trace.samplers.Sampler;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of tracing: holds the resource, sampler and span processors, and hands
 * out {@link Tracer}s. After {@link #shutdown()} tracers only create non-recording spans.
 * <p>
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class TracerProvider implements Closeable {

	private final TracerSharedState state;

	private final ConcurrentMap<InstrumentationScope, Tracer> tracers = new ConcurrentHashMap<>();

	private volatile @Nullable CompletableResult shutdownResult;

	TracerProvider(TracerSharedState state) {
		this.state = state;
	}

	/**
	 * Returns a new builder.
	 * @return the builder
	 */
	public static TracerProviderBuilder builder() {
		return new TracerProviderBuilder();
	}

	/**
	 * Returns the tracer for an instrumentation scope, creating it once.
	 * @param scopeName the instrumentation scope name
	 * @param scopeVersion its version, or {@code null}
	 * @return the tracer
	 */
	public Tracer get(String scopeName, @Nullable String scopeVersion) {
		InstrumentationScope scope = new InstrumentationScope(scopeName, scopeVersion);
		return this.tracers.computeIfAbsent(scope, (key) -> new Tracer(this.state, key));
	}

	/**
	 * Returns the resource.
	 * @return the resource
	 */
	public Resource getResource() {
		return this.state.resource;
	}

	/**
	 * Returns the sampler.
	 * @return the sampler
	 */
	public Sampler getSampler() {
		return this.state.sampler;
	}

	/**
	 * Returns the span processor (a composite when several were registered).
	 * @return the processor
	 */
	public SpanProcessor getSpanProcessor() {
		return this.state.processor;
	}

	/**
	 * Returns how many times the sampler has thrown since the start; each such span was
	 * dropped (not recorded). Logged at WARNING at most once a minute.
	 * @return the running total
	 * @since 0.1.0
	 */
	public long getSamplerFailures() {
		return this.state.samplerFailures();
	}

	/**
	 * Returns how many times a span processor has thrown from {@code onStart} or
	 * {@code onEnd} since the start; the span went on regardless. Logged at WARNING at
	 * most once a minute.
	 * @return the running total
	 * @since 0.1.0
	 */
	public long getSpanProcessorFailures() {
		return this.state.processorFailures();
	}

	/**
	 * Returns the span limits.
	 * @return the limits
	 * @since 0.1.0
	 */
	public SpanLimits getSpanLimits() {
		return this.state.limits;
	}

	/**
	 * Returns how many spans were started, by sampling decision and parent origin, and
	 * how many recording spans are still running. Reading sums striped counters: cheap,
	 * but not meant for every span.
	 * @return a new snapshot
	 * @since 0.1.0
	 */
	public SpanStatistics getSpanStatistics() {
		return this.state.counters.snapshot();
	}

	/**
	 * Exports every span ended so far.
	 * @return completes when done
	 */
	public CompletableResult forceFlush() {
		return this.state.processor.forceFlush();
	}

	/**
	 * Stops recording new spans, then flushes and shuts the processors down. Idempotent:
	 * later calls return the first call's result.
	 * @return completes when done
	 */
	public synchronized CompletableResult shutdown() {
		CompletableResult result = this.shutdownResult;
		if (result == null) {
			this.state.shutdown = true;
			try {
				result = this.state.processor.shutdown();
			}
			catch (VirtualMachineError error) {
				throw error;
			}
			catch (Throwable ex) {
				result = new CompletableResult().fail(ex);
			}
			this.shutdownResult = result;
		}
		return result;
	}

	/**
	 * Shuts down, waiting at most ten seconds.
	 */
	@Override
	public void close() {
		shutdown().join(10, TimeUnit.SECONDS);
	}

	@Override
	public String toString() {
		return "TracerProvider{resource=" + this.state.resource + ", sampler=" + this.state.sampler.getDescription()
				+ ", processor=" + this.state.processor + ", limits=" + this.state.limits + "}";
	}

}

package dev.telemetry.autoconfigure.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.metrics.MeterProvider;
import dev.telemetry.sdk.trace.TracerProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Exports what telemetry components hold when the application stops, and shuts them down
 * once when it is destroyed, never delaying the two together by more than
 * {@code telemetry.shutdown.timeout}.
 * <p>
 * Its phase is below the web server's start/stop phase, and lifecycles stop in decreasing
 * phase order: graceful shutdown drains in-flight requests first, the server stops, and
 * only then are the components flushed, so the spans of drained requests are exported
 * rather than lost. A JVM shutdown hook or {@code @PreDestroy} would race the drain.
 * <p>
 * {@link #stop()} only flushes: a context that is stopped and started again
 * ({@code ConfigurableApplicationContext.stop()}/{@code start()}, checkpoint and restore)
 * keeps tracing. The final shutdown happens in {@link #destroy()}, which a closing
 * context calls after every lifecycle has stopped, so still after the drain.
 *
 * @since 0.1.0
 */
public final class TelemetryFlushLifecycle implements SmartLifecycle, DisposableBean {

	/**
	 * The phase: one step below Spring Boot's web server start/stop phase
	 * ({@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE}, itself below
	 * graceful shutdown's), so this stops after both.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048 - 1024;

	private static final Log logger = LogFactory.getLog(TelemetryFlushLifecycle.class);

	private final List<Component> components;

	private final Duration timeout;

	private final AtomicBoolean shutDown = new AtomicBoolean();

	private volatile boolean running;

	// What the last stop's flush took: the shutdown that follows gets the rest of the
	// budget, so a collector that refuses connections costs the timeout once, not twice.
	private volatile long flushNanos;

	private final LongSupplier nanoTime;

	/**
	 * Creates the lifecycle of a tracer provider alone.
	 * @param tracerProvider the provider to flush and shut down
	 * @param timeout the longest time stopping, and then destroying, may take
	 */
	public TelemetryFlushLifecycle(TracerProvider tracerProvider, Duration timeout) {
		this(List.of(Component.of(tracerProvider)), timeout);
	}

	/**
	 * Creates the lifecycle of several components, flushed and shut down together.
	 * @param components the components, in the order their work is started
	 * @param timeout the longest time stopping, and then destroying, may take
	 * @throws IllegalArgumentException when the timeout is not positive
	 */
	public TelemetryFlushLifecycle(List<Component> components, Duration timeout) {
		this(components, timeout, System::nanoTime);
	}

	// For tests: the clock that measures what the flush took and the waits.
	TelemetryFlushLifecycle(List<Component> components, Duration timeout, LongSupplier nanoTime) {
		Assert.notNull(components, "'components' must not be null");
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(),
				() -> "shutdown timeout must be greater than zero but was " + timeout);
		this.components = List.copyOf(components);
		this.timeout = timeout;
		this.nanoTime = nanoTime;
	}

	@Override
	public void start() {
		this.flushNanos = 0;
		this.running = true;
	}

	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		if (!this.shutDown.get()) {
			this.flushNanos = await("flushed", Component::flush, this.timeout.toNanos());
		}
	}

	/**
	 * Shuts every component down, once, within the timeout.
	 */
	@Override
	public void destroy() {
		if (this.shutDown.compareAndSet(false, true)) {
			this.running = false;
			await("shut down", Component::shutdown, Math.max(0, this.timeout.toNanos() - this.flushNanos));
		}
	}

	// Starts the action on every component, then waits for all within one deadline;
	// returns the time it took.
	private long await(String done, Function<Component, Supplier<CompletableResult>> action, long budgetNanos) {
		long started = this.nanoTime.getAsLong();
		List<CompletableResult> results = new ArrayList<>(this.components.size());
		for (Component component : this.components) {
			results.add(begin(component, action));
		}
		long deadline = started + budgetNanos;
		for (int i = 0; i < results.size(); i++) {
			String name = this.components.get(i).name();
			CompletableResult result = results.get(i)
				.join(Math.max(0, deadline - this.nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
			if (!result.isDone()) {
				logger.warn("Telemetry (" + name + ") was not " + done + " within telemetry.shutdown.timeout ("
						+ this.timeout + "); what remains is dropped");
			}
			else if (!result.isSuccess()) {
				logger.warn("Telemetry (" + name + ") could not be " + done + "; see earlier exporter warnings");
			}
		}
		long took = this.nanoTime.getAsLong() - started;
		if (logger.isDebugEnabled()) {
			logger.debug("Telemetry " + done + " in " + TimeUnit.NANOSECONDS.toMillis(took) + " ms");
		}
		return took;
	}

	private static CompletableResult begin(Component component,
			Function<Component, Supplier<CompletableResult>> action) {
		try {
			return action.apply(component).get();
		}
		catch (RuntimeException ex) {
			// One failing component must not keep the others from finishing.
			return CompletableResult.ofFailure();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * A telemetry component to flush when the application stops and to shut down when it
	 * is destroyed.
	 *
	 * @param name what it is, for log messages ({@code tracing}, {@code metrics})
	 * @param flush starts exporting what it holds; must not block
	 * @param shutdown starts its final export and shutdown; must not block and must be
	 * idempotent
	 */
	public record Component(String name, Supplier<CompletableResult> flush, Supplier<CompletableResult> shutdown) {

		/**
		 * Creates a component.
		 * @param name what it is, for log messages
		 * @param flush starts exporting what it holds
		 * @param shutdown starts its final export and shutdown
		 */
		public Component {
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(flush, "flush");
			Objects.requireNonNull(shutdown, "shutdown");
		}

		/**
		 * Returns the component of a tracer provider.
		 * @param tracerProvider the provider
		 * @return the component named {@code tracing}
		 */
		public static Component of(TracerProvider tracerProvider) {
			return new Component("tracing", tracerProvider::forceFlush, tracerProvider::shutdown);
		}

		/**
		 * Returns the component of a meter provider: a flush collects and exports every
		 * metric, a shutdown does so a last time.
		 * @param meterProvider the provider
		 * @return the component named {@code metrics}
		 */
		public static Component of(MeterProvider meterProvider) {
			return new Component("metrics", meterProvider::forceFlush, meterProvider::shutdown);
		}

	}

}

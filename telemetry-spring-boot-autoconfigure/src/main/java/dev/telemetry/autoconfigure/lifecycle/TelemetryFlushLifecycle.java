package dev.telemetry.autoconfigure.lifecycle;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.trace.TracerProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Exports the last spans when the application stops, and never delays shutdown by more
 * than {@code telemetry.shutdown.timeout}.
 * <p>
 * Its phase is below the web server's start/stop phase, and lifecycles stop in decreasing
 * phase order: graceful shutdown drains in-flight requests first, the server stops, and
 * only then is the tracer provider flushed and shut down, so the spans of drained
 * requests are exported rather than lost. A JVM shutdown hook or {@code @PreDestroy}
 * would race the drain.
 *
 * @since 0.1.0
 */
public final class TelemetryFlushLifecycle implements SmartLifecycle {

	/**
	 * The phase: one step below Spring Boot's web server start/stop phase
	 * ({@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE}, itself below
	 * graceful shutdown's), so this stops after both.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048 - 1024;

	private static final Log logger = LogFactory.getLog(TelemetryFlushLifecycle.class);

	private final TracerProvider tracerProvider;

	private final Duration timeout;

	private volatile boolean running;

	/**
	 * Creates the lifecycle.
	 * @param tracerProvider the provider to shut down
	 * @param timeout the longest time stopping may take
	 */
	public TelemetryFlushLifecycle(TracerProvider tracerProvider, Duration timeout) {
		Assert.notNull(tracerProvider, "'tracerProvider' must not be null");
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(),
				() -> "shutdown timeout must be greater than zero but was " + timeout);
		this.tracerProvider = tracerProvider;
		this.timeout = timeout;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		long started = System.nanoTime();
		CompletableResult result = this.tracerProvider.shutdown().join(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		if (!result.isDone()) {
			logger.warn("Telemetry was not fully exported within telemetry.shutdown.timeout (" + this.timeout
					+ "); remaining spans are dropped");
		}
		else if (!result.isSuccess()) {
			logger.warn("Telemetry export at shutdown failed; see earlier exporter warnings");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Telemetry flushed in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
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

}

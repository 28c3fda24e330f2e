package dev.telemetry.sdk.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.internal.ThrottledLogger;
import dev.telemetry.sdk.metrics.data.MetricData;
import dev.telemetry.sdk.metrics.internal.state.AsynchronousStorage;
import dev.telemetry.sdk.resource.Resource;

/**
 * Everything one reader collects: its streams (its own storage for every instrument
 * stream) and the callbacks of asynchronous instruments. It is the {@link MetricProducer}
 * the reader is registered with.
 * <p>
 * Collections run one at a time. Callbacks run on the provider's callback threads and are
 * waited for until a shared deadline; one that throws or is still running at the deadline
 * is counted and logged rate-limited, and the collection goes on without its
 * observations.
 */
final class ReaderPipeline implements MetricProducer {

	private static final Logger logger = Logger.getLogger(ReaderPipeline.class.getName());

	final MetricReader reader;

	private final String readerName;

	private final Resource resource;

	private final Clock clock;

	private final ExecutorService callbackExecutor;

	private final LongAdder callbackFailures;

	private final LongAdder callbackTimeouts;

	private final ThrottledLogger callbackLogger;

	private final List<MetricStream> streams = new CopyOnWriteArrayList<>();

	private final List<CallbackRegistration> callbacks = new CopyOnWriteArrayList<>();

	private final Object collectLock = new Object();

	private volatile long collections;

	private volatile long lastCollectionEpochNanos;

	private volatile long lastCollectionDurationNanos;

	ReaderPipeline(MetricReader reader, Resource resource, Clock clock, ExecutorService callbackExecutor,
			LongAdder callbackFailures, LongAdder callbackTimeouts) {
		this.reader = reader;
		this.readerName = reader.toString();
		this.resource = resource;
		this.clock = clock;
		this.callbackExecutor = callbackExecutor;
		this.callbackFailures = callbackFailures;
		this.callbackTimeouts = callbackTimeouts;
		this.callbackLogger = new ThrottledLogger(logger, Duration.ofMinutes(1), clock);
	}

	void addStream(MetricStream stream) {
		this.streams.add(stream);
	}

	void addCallback(CallbackRegistration registration) {
		this.callbacks.add(registration);
	}

	void removeCallback(CallbackRegistration registration) {
		this.callbacks.remove(registration);
	}

	@Override
	public Collection<MetricData> collectAllMetrics(Duration callbackTimeout) {
		synchronized (this.collectLock) {
			long startNanos = this.clock.nanoTime();
			this.lastCollectionEpochNanos = this.clock.now();
			runCallbacks(startNanos + callbackTimeout.toNanos());
			long now = this.clock.now();
			List<MetricData> metrics = new ArrayList<>();
			for (MetricStream stream : this.streams) {
				MetricData data = stream.collect(this.resource, now);
				if (data != null) {
					metrics.add(data);
				}
			}
			this.lastCollectionDurationNanos = this.clock.nanoTime() - startNanos;
			this.collections++;
			return metrics;
		}
	}

	private void runCallbacks(long deadlineNanos) {
		List<CallbackRegistration> registrations = List.copyOf(this.callbacks);
		if (registrations.isEmpty()) {
			return;
		}
		List<CallbackMeasurement> measurements = new ArrayList<>(registrations.size());
		List<Future<?>> futures = new ArrayList<>(registrations.size());
		for (CallbackRegistration registration : registrations) {
			CallbackMeasurement measurement = new CallbackMeasurement();
			measurements.add(measurement);
			futures.add(start(registration, measurement));
		}
		for (int i = 0; i < registrations.size(); i++) {
			CallbackRegistration registration = registrations.get(i);
			List<CallbackMeasurement.Observation> observations = await(registration, futures.get(i),
					measurements.get(i), deadlineNanos);
			for (AsynchronousStorage storage : registration.storages.getOrDefault(this, List.of())) {
				for (CallbackMeasurement.Observation observation : observations) {
					observation.feed(storage);
				}
			}
		}
	}

	private Future<?> start(CallbackRegistration registration, CallbackMeasurement measurement) {
		Future<?> stillRunning = registration.running(this);
		if (stillRunning != null) {
			return stillRunning;
		}
		try {
			Future<?> future = this.callbackExecutor.submit(() -> registration.callback.accept(measurement));
			registration.running.put(this, future);
			return future;
		}
		catch (RejectedExecutionException ex) {
			return java.util.concurrent.CompletableFuture.failedFuture(ex);
		}
	}

	private List<CallbackMeasurement.Observation> await(CallbackRegistration registration, Future<?> future,
			CallbackMeasurement measurement, long deadlineNanos) {
		try {
			future.get(Math.max(0, deadlineNanos - this.clock.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			this.callbackTimeouts.increment();
			this.callbackLogger.log(Level.WARNING,
					"The " + registration + " did not return in time; its observations are left out", null);
		}
		catch (ExecutionException | CancellationException ex) {
			this.callbackFailures.increment();
			this.callbackLogger.log(Level.WARNING, "The " + registration + " failed; its observations are left out",
					(ex instanceof ExecutionException) ? ex.getCause() : ex);
			measurement.close();
			return List.of();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		// A callback still running (this run or a hung earlier one) adds nothing from now
		// on.
		List<CallbackMeasurement.Observation> observations = measurement.close();
		return future.isDone() ? observations : List.of();
	}

	MetricsDiagnostics.Reader diagnostics() {
		return new MetricsDiagnostics.Reader(this.readerName, this.collections, this.lastCollectionEpochNanos,
				this.lastCollectionDurationNanos);
	}

	void streamDiagnostics(List<MetricsDiagnostics.Stream> into) {
		for (MetricStream stream : this.streams) {
			into.add(stream.diagnostics(this.readerName));
		}
	}

	@Override
	public String toString() {
		return this.readerName;
	}

}

package dev.telemetry.sdk.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.common.InstrumentationScope;

/**
 * The entry point of the metrics SDK: hands out {@link Meter}s by instrumentation scope,
 * matches instruments against views when they are built, and serves the collections of
 * its {@link MetricReader}s.
 * <p>
 * Asynchronous callbacks run on daemon threads named
 * {@value #CALLBACK_THREAD_NAME}{@code -N}, created when needed and ended after a minute
 * idle; a callback that hangs keeps at most one per reader.
 * <p>
 * Thread-safe. {@link #forceFlush()} and {@link #shutdown()} do not block: they return a
 * result to wait on with a bound of the caller's choice.
 *
 * @since 0.1.0
 */
public final class MeterProvider implements AutoCloseable {

	/** The name prefix of the threads that run asynchronous callbacks. */
	public static final String CALLBACK_THREAD_NAME = "telemetry-metric-callback";

	private final ConcurrentMap<InstrumentationScope, Meter> meters = new ConcurrentHashMap<>();

	private final List<ReaderPipeline> pipelines;

	private final StreamResolver resolver;

	private final ExemplarFilter exemplarFilter;

	private final ExecutorService callbackExecutor;

	private final LongAdder callbackFailures = new LongAdder();

	private final LongAdder callbackTimeouts = new LongAdder();

	private final Set<MetricsDiagnostics.DroppedStream> dropped = ConcurrentHashMap.newKeySet();

	private final List<MetricsDiagnostics.Conflict> conflicts = new CopyOnWriteArrayList<>();

	private final AtomicBoolean shutdown = new AtomicBoolean();

	private final CompletableResult shutdownResult = new CompletableResult();

	MeterProvider(MeterProviderBuilder builder) {
		this.exemplarFilter = builder.exemplarFilter;
		this.resolver = new StreamResolver(builder.views, builder.exemplarFilter, builder.cardinalityLimit,
				builder.clock);
		AtomicInteger threads = new AtomicInteger();
		this.callbackExecutor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
				new SynchronousQueue<>(), (runnable) -> {
					Thread thread = new Thread(runnable, CALLBACK_THREAD_NAME + "-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		List<ReaderPipeline> readers = new ArrayList<>();
		for (MetricReader reader : builder.readers) {
			readers.add(new ReaderPipeline(reader, builder.resource, builder.clock, this.callbackExecutor,
					this.callbackFailures, this.callbackTimeouts));
		}
		this.pipelines = List.copyOf(readers);
		for (ReaderPipeline pipeline : this.pipelines) {
			pipeline.reader.register(pipeline);
		}
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
		return this.meters.computeIfAbsent(scope, (key) -> new Meter(key, this));
	}

	List<ReaderPipeline> pipelines() {
		return this.pipelines;
	}

	StreamResolver resolver() {
		return this.resolver;
	}

	ExemplarFilter exemplarFilter() {
		return this.exemplarFilter;
	}

	void streamDropped(InstrumentationScope scope, String instrumentName) {
		this.dropped.add(new MetricsDiagnostics.DroppedStream(scope, instrumentName));
	}

	void streamConflict(MetricsDiagnostics.Conflict conflict) {
		this.conflicts.add(conflict);
	}

	/**
	 * Returns a snapshot of the SDK's own state: readers, streams, overflows, dropped and
	 * conflicting views, failed callbacks.
	 * @return the diagnostics
	 */
	public MetricsDiagnostics getDiagnostics() {
		List<MetricsDiagnostics.Reader> readers = new ArrayList<>();
		List<MetricsDiagnostics.Stream> streams = new ArrayList<>();
		for (ReaderPipeline pipeline : this.pipelines) {
			readers.add(pipeline.diagnostics());
			pipeline.streamDiagnostics(streams);
		}
		return new MetricsDiagnostics(readers, streams, List.copyOf(this.dropped), this.conflicts,
				this.callbackFailures.sum(), this.callbackTimeouts.sum());
	}

	/**
	 * Asks every reader to collect and deliver now.
	 * @return completes when every reader has
	 */
	public CompletableResult forceFlush() {
		List<CompletableResult> results = new ArrayList<>();
		for (ReaderPipeline pipeline : this.pipelines) {
			results.add(pipeline.reader.forceFlush());
		}
		return CompletableResult.ofAll(results);
	}

	/**
	 * Shuts every reader down (each delivers a last collection) and then stops the
	 * callback threads. Idempotent.
	 * @return completes when every reader has shut down
	 */
	public CompletableResult shutdown() {
		if (!this.shutdown.compareAndSet(false, true)) {
			return this.shutdownResult;
		}
		List<CompletableResult> results = new ArrayList<>();
		for (ReaderPipeline pipeline : this.pipelines) {
			results.add(pipeline.reader.shutdown());
		}
		CompletableResult all = CompletableResult.ofAll(results);
		all.whenComplete(() -> {
			this.callbackExecutor.shutdownNow();
			if (all.isSuccess()) {
				this.shutdownResult.succeed();
			}
			else {
				this.shutdownResult.fail(all.getFailure());
			}
		});
		return this.shutdownResult;
	}

	/**
	 * Shuts down and waits up to 10 seconds.
	 */
	@Override
	public void close() {
		shutdown().join(10, TimeUnit.SECONDS);
	}

	@Override
	public String toString() {
		return "MeterProvider{readers=" + this.pipelines + "}";
	}

}

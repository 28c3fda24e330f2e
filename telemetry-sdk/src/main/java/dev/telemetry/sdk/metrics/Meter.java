package dev.telemetry.sdk.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.internal.ThrottledLogger;
import dev.telemetry.sdk.metrics.internal.state.AsynchronousStorage;
import dev.telemetry.sdk.metrics.internal.state.SynchronousStorage;

/**
 * Builds the instruments of one instrumentation scope. Obtain one from
 * {@link MeterProvider#get(String)} or {@link MeterProvider#meterBuilder(String)}.
 * <p>
 * Instrument names start with a letter and contain at most 255 letters, digits and
 * {@code _ . - /}; they are compared ignoring case. Building an instrument that exists
 * already in this meter (same name, kind, value type, unit and description) returns one
 * that records into the same streams. An invalid name or unit gives a no-op instrument
 * and a warning. Two different streams of one meter with the same name are both kept and
 * reported once, as a warning and in {@link MetricsDiagnostics#conflicts()}.
 * <p>
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class Meter {

	private static final Logger logger = Logger.getLogger(Meter.class.getName());

	private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_./-]{0,254}");

	private static final Pattern UNIT = Pattern.compile("\\p{ASCII}{0,63}");

	private static final ThrottledLogger invalidLogger = new ThrottledLogger(logger, Duration.ofMinutes(1),
			Clock.system());

	private final InstrumentationScope scope;

	private final MeterProvider provider;

	private final Object lock = new Object();

	// guarded by lock
	private final Map<InstrumentKey, Map<ReaderPipeline, List<MetricStream>>> instruments = new HashMap<>();

	// guarded by lock: lower-case stream name -> the instrument and view that made it
	private final Map<String, String> streamOwners = new HashMap<>();

	// guarded by lock
	private final Set<String> reportedConflicts = new HashSet<>();

	Meter(InstrumentationScope scope, MeterProvider provider) {
		this.scope = scope;
		this.provider = provider;
	}

	/**
	 * Returns the scope of this meter.
	 * @return the scope
	 */
	public InstrumentationScope getInstrumentationScope() {
		return this.scope;
	}

	/**
	 * Starts building a counter (of longs; {@code ofDoubles()} switches to doubles).
	 * @param name the instrument name
	 * @return the builder
	 */
	public LongCounterBuilder counterBuilder(String name) {
		return new LongCounterBuilder(new InstrumentBuilderState(this, name));
	}

	/**
	 * Starts building an up-down counter (of longs; {@code ofDoubles()} switches to
	 * doubles).
	 * @param name the instrument name
	 * @return the builder
	 */
	public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
		return new LongUpDownCounterBuilder(new InstrumentBuilderState(this, name));
	}

	/**
	 * Starts building a histogram (of doubles; {@code ofLongs()} switches to longs).
	 * @param name the instrument name
	 * @return the builder
	 */
	public DoubleHistogramBuilder histogramBuilder(String name) {
		return new DoubleHistogramBuilder(new InstrumentBuilderState(this, name));
	}

	/**
	 * Starts building a gauge (of doubles; {@code ofLongs()} switches to longs).
	 * @param name the instrument name
	 * @return the builder
	 */
	public DoubleGaugeBuilder gaugeBuilder(String name) {
		return new DoubleGaugeBuilder(new InstrumentBuilderState(this, name));
	}

	LongCounter buildLongCounter(InstrumentDescriptor descriptor) {
		return new SynchronousInstrument.SdkLongCounter(synchronous(descriptor));
	}

	DoubleCounter buildDoubleCounter(InstrumentDescriptor descriptor) {
		return new SynchronousInstrument.SdkDoubleCounter(synchronous(descriptor));
	}

	LongUpDownCounter buildLongUpDownCounter(InstrumentDescriptor descriptor) {
		return new SynchronousInstrument.SdkLongUpDownCounter(synchronous(descriptor));
	}

	DoubleUpDownCounter buildDoubleUpDownCounter(InstrumentDescriptor descriptor) {
		return new SynchronousInstrument.SdkDoubleUpDownCounter(synchronous(descriptor));
	}

	LongHistogram buildLongHistogram(InstrumentDescriptor descriptor) {
		return new SynchronousInstrument.SdkLongHistogram(synchronous(descriptor));
	}

	DoubleHistogram buildDoubleHistogram(InstrumentDescriptor descriptor) {
		return new SynchronousInstrument.SdkDoubleHistogram(synchronous(descriptor));
	}

	LongGauge buildLongGauge(InstrumentDescriptor descriptor) {
		return new SynchronousInstrument.SdkLongGauge(synchronous(descriptor));
	}

	DoubleGauge buildDoubleGauge(InstrumentDescriptor descriptor) {
		return new SynchronousInstrument.SdkDoubleGauge(synchronous(descriptor));
	}

	ObservableInstrument buildObservable(InstrumentDescriptor descriptor,
			Consumer<? super CallbackMeasurement> callback) {
		Map<ReaderPipeline, List<AsynchronousStorage>> storages = new LinkedHashMap<>();
		register(descriptor).forEach((pipeline, streams) -> {
			List<AsynchronousStorage> list = new ArrayList<>();
			streams.forEach((stream) -> list.add(stream.asynchronous));
			storages.put(pipeline, list);
		});
		CallbackRegistration registration = new CallbackRegistration(descriptor, callback, storages);
		storages.keySet().forEach((pipeline) -> pipeline.addCallback(registration));
		return registration;
	}

	private SynchronousInstrument synchronous(InstrumentDescriptor descriptor) {
		List<SynchronousStorage> storages = new ArrayList<>();
		register(descriptor).values()
			.forEach((streams) -> streams.forEach((stream) -> storages.add(stream.synchronous)));
		return new SynchronousInstrument(descriptor.name(), storages.toArray(new SynchronousStorage[0]),
				this.provider.exemplarFilter());
	}

	/** Returns the instrument's streams per reader, creating them on first use. */
	private Map<ReaderPipeline, List<MetricStream>> register(InstrumentDescriptor descriptor) {
		if (!NAME.matcher(descriptor.name()).matches() || !UNIT.matcher(descriptor.unit()).matches()) {
			invalidLogger.log(Level.WARNING,
					"Instrument '" + descriptor.name() + "' with unit '" + descriptor.unit() + "' in "
							+ this.scope.name() + " records nothing: a name starts with a letter and has at most "
							+ "255 letters, digits, '_', '.', '-' and '/'; a unit has at most 63 ASCII characters",
					null);
			return Map.of();
		}
		InstrumentKey key = InstrumentKey.of(descriptor);
		synchronized (this.lock) {
			Map<ReaderPipeline, List<MetricStream>> existing = this.instruments.get(key);
			if (existing != null) {
				return existing;
			}
			Map<ReaderPipeline, List<MetricStream>> created = new LinkedHashMap<>();
			StreamResolver resolver = this.provider.resolver();
			List<View> views = resolver.viewsFor(this.scope, descriptor);
			for (ReaderPipeline pipeline : this.provider.pipelines()) {
				List<MetricStream> streams = new ArrayList<>();
				for (int i = 0; i < views.size(); i++) {
					View view = views.get(i);
					Aggregation aggregation = resolver.aggregationFor(view, descriptor, pipeline.reader);
					if (aggregation instanceof Aggregation.Drop) {
						this.provider.streamDropped(this.scope, descriptor.name());
						continue;
					}
					MetricStream stream = resolver.stream(this.scope, descriptor, view, aggregation, pipeline.reader);
					checkConflict(stream, key + " (view " + i + ")");
					pipeline.addStream(stream);
					streams.add(stream);
				}
				created.put(pipeline, streams);
			}
			this.instruments.put(key, created);
			return created;
		}
	}

	// guarded by lock
	private void checkConflict(MetricStream stream, String owner) {
		String name = stream.name.toLowerCase(Locale.ROOT);
		String previous = this.streamOwners.putIfAbsent(name, owner);
		if (previous == null || previous.equals(owner) || !this.reportedConflicts.add(name)) {
			return;
		}
		String reason = "made by " + previous + " and by " + owner;
		logger.log(Level.WARNING, "Two different streams of meter " + this.scope.name() + " are named '" + stream.name
				+ "' (" + reason + "); both are exported. Rename one with a view.");
		this.provider.streamConflict(new MetricsDiagnostics.Conflict(this.scope, stream.name, reason));
	}

	@Override
	public String toString() {
		return "Meter" + this.scope;
	}

	/** What makes two instrument registrations the same instrument. */
	private record InstrumentKey(String name, String description, String unit, InstrumentType type,
			boolean longValues) {

		static InstrumentKey of(InstrumentDescriptor descriptor) {
			return new InstrumentKey(descriptor.lowerCaseName(), descriptor.description(), descriptor.unit(),
					descriptor.type(), descriptor.longValues());
		}

		@Override
		public String toString() {
			return this.type + " " + this.name + (this.unit.isEmpty() ? "" : " [" + this.unit + "]")
					+ (this.longValues ? " of longs" : " of doubles");
		}

	}

}

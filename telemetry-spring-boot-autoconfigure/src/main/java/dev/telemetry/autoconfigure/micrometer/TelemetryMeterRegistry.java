package dev.telemetry.autoconfigure.micrometer;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.metrics.DoubleHistogram;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeCounter;
import io.micrometer.core.instrument.cumulative.CumulativeDistributionSummary;
import io.micrometer.core.instrument.cumulative.CumulativeFunctionCounter;
import io.micrometer.core.instrument.cumulative.CumulativeFunctionTimer;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.internal.DefaultGauge;
import io.micrometer.core.instrument.internal.DefaultLongTaskTimer;
import io.micrometer.core.instrument.internal.DefaultMeter;
import org.jspecify.annotations.Nullable;

/**
 * A Micrometer {@link MeterRegistry} that feeds every meter registered with it into this
 * starter's metrics pipeline, so that views, cardinality limits and temporality apply to
 * Micrometer's meters too and they leave over the same OTLP connection as everything
 * else. Added to Spring Boot's composite registry, it sees the application's meters and
 * Spring Boot's (Tomcat, HikariCP, executors, caches).
 * <ul>
 * <li>counters and function counters become monotonic sums, read at collection;</li>
 * <li>gauges and time gauges (in seconds) become gauges, read at collection;</li>
 * <li>timers become histograms in seconds, and distribution summaries histograms in their
 * base unit, recorded as Micrometer records them;</li>
 * <li>long task timers become up-down counters of their active tasks; function timers a
 * sum {@code <name>.count} and a sum {@code <name>.sum} in seconds; other meters a gauge
 * per statistic, with a {@code statistic} attribute.</li>
 * </ul>
 * Tags become string attributes. A meter the {@code bridged} rule rejects keeps working
 * in Micrometer (the registry still answers {@code count()}, {@code value()}, ...) but is
 * not exported: the rule is asked when the meter first records and at every collection,
 * so that it may depend on what the application has done by then.
 * <p>
 * Thread-safe. Recording into a timer or summary costs Micrometer's own bookkeeping plus
 * one histogram recording with attributes computed when the meter was registered.
 *
 * @since 0.1.0
 */
public final class TelemetryMeterRegistry extends MeterRegistry {

	/**
	 * The advisory bucket boundaries of bridged timers, in seconds: those of the HTTP
	 * semantic conventions, which suit most request-scale durations.
	 */
	static final List<Double> TIMER_BOUNDARIES = List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0,
			2.5, 5.0, 7.5, 10.0);

	private final dev.telemetry.sdk.metrics.Meter meter;

	private final Predicate<Meter.Id> bridged;

	private final ConcurrentHashMap<String, AsyncInstrument> asyncInstruments = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, DoubleHistogram> histograms = new ConcurrentHashMap<>();

	/**
	 * Creates a registry.
	 * @param meter the meter of this starter's pipeline that bridged meters record into
	 * @param bridged which meters are exported; asked at first recording and at every
	 * collection
	 * @param clock Micrometer's clock
	 */
	public TelemetryMeterRegistry(dev.telemetry.sdk.metrics.Meter meter, Predicate<Meter.Id> bridged, Clock clock) {
		super(clock);
		this.meter = meter;
		this.bridged = bridged;
		config().onMeterRemoved(this::removed);
	}

	@Override
	protected <T> Gauge newGauge(Meter.Id id, @Nullable T obj, ToDoubleFunction<T> valueFunction) {
		DefaultGauge<T> gauge = new DefaultGauge<>(id, obj, valueFunction);
		observe(id.getName(), Kind.GAUGE, id, gauge, attributes(id), Gauge::value);
		return gauge;
	}

	@Override
	protected Counter newCounter(Meter.Id id) {
		CumulativeCounter counter = new CumulativeCounter(id);
		observe(id.getName(), Kind.SUM, id, counter, attributes(id), Counter::count);
		return counter;
	}

	@Override
	protected <T> FunctionCounter newFunctionCounter(Meter.Id id, T obj, ToDoubleFunction<T> countFunction) {
		CumulativeFunctionCounter<T> counter = new CumulativeFunctionCounter<>(id, obj, countFunction);
		observe(id.getName(), Kind.SUM, id, counter, attributes(id), FunctionCounter::count);
		return counter;
	}

	@Override
	protected LongTaskTimer newLongTaskTimer(Meter.Id id, DistributionStatisticConfig distributionStatisticConfig) {
		DefaultLongTaskTimer timer = new DefaultLongTaskTimer(id, this.clock, getBaseTimeUnit(),
				distributionStatisticConfig, false);
		observe(id.getName(), Kind.UP_DOWN, id, timer, attributes(id), LongTaskTimer::activeTasks);
		return timer;
	}

	@Override
	protected <T> FunctionTimer newFunctionTimer(Meter.Id id, T obj, ToLongFunction<T> countFunction,
			ToDoubleFunction<T> totalTimeFunction, TimeUnit totalTimeFunctionUnit) {
		CumulativeFunctionTimer<T> timer = new CumulativeFunctionTimer<>(id, obj, countFunction, totalTimeFunction,
				totalTimeFunctionUnit, getBaseTimeUnit());
		Attributes attributes = attributes(id);
		observe(id.getName() + ".count", Kind.SUM, id, timer, attributes, FunctionTimer::count);
		observe(id.getName() + ".sum", Kind.SUM, id, timer, attributes,
				(functionTimer) -> functionTimer.totalTime(TimeUnit.SECONDS));
		return timer;
	}

	@Override
	protected Meter newMeter(Meter.Id id, Meter.Type type, Iterable<Measurement> measurements) {
		DefaultMeter custom = new DefaultMeter(id, type, measurements);
		Attributes tags = attributes(id);
		for (Measurement measurement : measurements) {
			Attributes attributes = Attributes.builder()
				.putAll(tags)
				.put("statistic", measurement.getStatistic().getTagValueRepresentation())
				.build();
			observe(id.getName(), Kind.GAUGE, id, measurement, attributes, Measurement::getValue);
		}
		return custom;
	}

	@Override
	protected Timer newTimer(Meter.Id id, DistributionStatisticConfig distributionStatisticConfig,
			PauseDetector pauseDetector) {
		return new BridgedTimer(id, this.clock, distributionStatisticConfig, pauseDetector, getBaseTimeUnit(),
				new Forwarder(histogram(id, "s"), attributes(id), this.bridged));
	}

	@Override
	protected DistributionSummary newDistributionSummary(Meter.Id id,
			DistributionStatisticConfig distributionStatisticConfig, double scale) {
		return new BridgedSummary(id, this.clock, distributionStatisticConfig, scale,
				new Forwarder(histogram(id, unit(id.getBaseUnit())), attributes(id), this.bridged));
	}

	@Override
	protected TimeUnit getBaseTimeUnit() {
		return TimeUnit.SECONDS;
	}

	@Override
	protected DistributionStatisticConfig defaultHistogramConfig() {
		// Micrometer's defaults (no percentiles, no local histogram): buckets are the
		// pipeline's business, through advice and views.
		return DistributionStatisticConfig.DEFAULT;
	}

	@Override
	public void close() {
		super.close();
		for (AsyncInstrument instrument : this.asyncInstruments.values()) {
			instrument.close();
		}
		this.asyncInstruments.clear();
	}

	private DoubleHistogram histogram(Meter.Id id, @Nullable String unit) {
		return this.histograms.computeIfAbsent(id.getName(), (name) -> {
			var builder = this.meter.histogramBuilder(name);
			if (unit != null) {
				builder.setUnit(unit);
			}
			if (id.getDescription() != null) {
				builder.setDescription(id.getDescription());
			}
			if ("s".equals(unit)) {
				builder.setExplicitBucketBoundariesAdvice(TIMER_BOUNDARIES);
			}
			return builder.build();
		});
	}

	@SuppressWarnings("unchecked")
	private <M> void observe(String name, Kind kind, Meter.Id id, M source, Attributes attributes,
			ToDoubleFunction<M> read) {
		AsyncInstrument instrument = this.asyncInstruments.computeIfAbsent(name,
				(key) -> new AsyncInstrument(this.meter, key, kind, id, this.bridged));
		instrument.add(new Member(id, source, attributes, (ToDoubleFunction<Object>) read));
	}

	private void removed(Meter removed) {
		for (AsyncInstrument instrument : this.asyncInstruments.values()) {
			instrument.remove(removed.getId());
		}
	}

	static Attributes attributes(Meter.Id id) {
		List<Tag> tags = id.getTags();
		AttributesBuilder attributes = new AttributesBuilder(Integer.MAX_VALUE, tags.size());
		for (Tag tag : tags) {
			attributes.put(tag.getKey(), tag.getValue());
		}
		return attributes.build();
	}

	/**
	 * Returns the UCUM unit of a Micrometer base unit: {@code By} for bytes, {@code s}
	 * for seconds, {@code ms} for milliseconds, {@code 1} for percent and ratios, the
	 * word in braces (an annotation) for any other.
	 */
	static @Nullable String unit(@Nullable String baseUnit) {
		if (baseUnit == null || baseUnit.isEmpty()) {
			return null;
		}
		return switch (baseUnit) {
			case "bytes" -> "By";
			case "seconds" -> "s";
			case "milliseconds" -> "ms";
			case "percent", "ratio" -> "1";
			default -> "{" + baseUnit + "}";
		};
	}

	/**
	 * How an asynchronous instrument reports.
	 */
	enum Kind {

		/** A monotonic sum. */
		SUM,

		/** A non-monotonic sum. */
		UP_DOWN,

		/** A gauge. */
		GAUGE

	}

	/**
	 * One Micrometer meter (or one measurement of one) read by an asynchronous
	 * instrument.
	 */
	record Member(Meter.Id id, Object source, Attributes attributes, ToDoubleFunction<Object> read) {

	}

	/**
	 * One asynchronous instrument of the pipeline, reading every live meter of its name.
	 */
	static final class AsyncInstrument implements AutoCloseable {

		private final CopyOnWriteArrayList<Member> members = new CopyOnWriteArrayList<>();

		private final Predicate<Meter.Id> bridged;

		private final AutoCloseable registration;

		AsyncInstrument(dev.telemetry.sdk.metrics.Meter meter, String name, Kind kind, Meter.Id first,
				Predicate<Meter.Id> bridged) {
			this.bridged = bridged;
			String unit = unit(first.getBaseUnit());
			String description = first.getDescription();
			this.registration = switch (kind) {
				case SUM -> {
					var builder = meter.counterBuilder(name).ofDoubles();
					if (unit != null) {
						builder.setUnit(unit);
					}
					if (description != null) {
						builder.setDescription(description);
					}
					yield builder.buildWithCallback((measurement) -> {
						for (Member member : this.members) {
							double value = read(member);
							if (value >= 0 && !Double.isInfinite(value)) {
								measurement.record(value, member.attributes());
							}
						}
					});
				}
				case UP_DOWN -> {
					var builder = meter.upDownCounterBuilder(name).setUnit("{task}");
					if (description != null) {
						builder.setDescription(description);
					}
					yield builder.buildWithCallback((measurement) -> {
						for (Member member : this.members) {
							double value = read(member);
							if (!Double.isNaN(value)) {
								measurement.record((long) value, member.attributes());
							}
						}
					});
				}
				case GAUGE -> {
					var builder = meter.gaugeBuilder(name);
					if (unit != null) {
						builder.setUnit(unit);
					}
					if (description != null) {
						builder.setDescription(description);
					}
					yield builder.buildWithCallback((measurement) -> {
						for (Member member : this.members) {
							double value = read(member);
							if (!Double.isNaN(value) && !Double.isInfinite(value)) {
								measurement.record(value, member.attributes());
							}
						}
					});
				}
			};
		}

		/**
		 * Reads a member, or NaN when it is not bridged or its function fails: a meter's
		 * failure must not cost the other meters their collection.
		 */
		private double read(Member member) {
			if (!this.bridged.test(member.id())) {
				return Double.NaN;
			}
			try {
				return member.read().applyAsDouble(member.source());
			}
			catch (RuntimeException ex) {
				return Double.NaN;
			}
		}

		void add(Member member) {
			this.members.add(member);
		}

		void remove(Meter.Id id) {
			this.members.removeIf((member) -> member.id().equals(id));
		}

		@Override
		public void close() {
			try {
				this.registration.close();
			}
			catch (Exception ex) {
				// Nothing left to do: the registry is going away.
			}
		}

	}

	/**
	 * Sends a timer's or summary's recordings into a histogram, once the rule has said
	 * the meter is bridged (asked at its first recording, when the application has
	 * registered what decides it).
	 */
	static final class Forwarder {

		private static final int UNDECIDED = 0;

		private static final int BRIDGED = 1;

		private static final int NOT_BRIDGED = 2;

		private final DoubleHistogram histogram;

		private final Attributes attributes;

		private final Predicate<Meter.Id> bridged;

		// Racy: threads that race both ask the rule and get the same answer.
		private int decision = UNDECIDED;

		Forwarder(DoubleHistogram histogram, Attributes attributes, Predicate<Meter.Id> bridged) {
			this.histogram = histogram;
			this.attributes = attributes;
			this.bridged = bridged;
		}

		void record(Meter.Id id, double value) {
			int decision = this.decision;
			if (decision == UNDECIDED) {
				decision = this.bridged.test(id) ? BRIDGED : NOT_BRIDGED;
				this.decision = decision;
			}
			if (decision == BRIDGED) {
				this.histogram.record(value, this.attributes);
			}
		}

	}

	/**
	 * A cumulative timer whose recordings also go to the pipeline, in seconds.
	 */
	static final class BridgedTimer extends CumulativeTimer {

		private final Forwarder forwarder;

		BridgedTimer(Meter.Id id, Clock clock, DistributionStatisticConfig config, PauseDetector pauseDetector,
				TimeUnit baseTimeUnit, Forwarder forwarder) {
			super(id, clock, config, pauseDetector, baseTimeUnit, false);
			this.forwarder = forwarder;
		}

		@Override
		protected void recordNonNegative(long amount, TimeUnit unit) {
			super.recordNonNegative(amount, unit);
			this.forwarder.record(getId(), unit.toNanos(amount) / 1e9);
		}

	}

	/**
	 * A cumulative distribution summary whose recordings also go to the pipeline.
	 */
	static final class BridgedSummary extends CumulativeDistributionSummary {

		private final Forwarder forwarder;

		BridgedSummary(Meter.Id id, Clock clock, DistributionStatisticConfig config, double scale,
				Forwarder forwarder) {
			super(id, clock, config, scale, false);
			this.forwarder = forwarder;
		}

		@Override
		protected void recordNonNegative(double amount) {
			super.recordNonNegative(amount);
			this.forwarder.record(getId(), amount);
		}

	}

}

package dev.telemetry.sdk.metrics;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.internal.ThrottledLogger;
import dev.telemetry.sdk.metrics.internal.state.SynchronousStorage;
import dev.telemetry.sdk.trace.span.SpanContext;
import org.jspecify.annotations.Nullable;

/**
 * What every synchronous instrument does with a valid measurement: decide on an exemplar
 * once, then record into each of its streams (one per matching view and reader). An
 * instrument with no stream (dropped, or an invalid name) records nothing.
 * <p>
 * Thread-safe; never throws, never blocks.
 */
final class SynchronousInstrument {

	private static final Logger logger = Logger.getLogger(SynchronousInstrument.class.getName());

	private static final ThrottledLogger invalidLogger = new ThrottledLogger(logger, Duration.ofMinutes(1),
			Clock.system());

	private final String name;

	private final SynchronousStorage[] storages;

	private final ExemplarFilter exemplarFilter;

	SynchronousInstrument(String name, SynchronousStorage[] storages, ExemplarFilter exemplarFilter) {
		this.name = name;
		this.storages = storages;
		this.exemplarFilter = exemplarFilter;
	}

	void recordLong(long value, @Nullable Attributes attributes, @Nullable Context context) {
		SynchronousStorage[] targets = this.storages;
		if (targets.length == 0) {
			return;
		}
		Attributes checked = (attributes != null) ? attributes : Attributes.empty();
		SpanContext exemplar = ExemplarSampler.sample(this.exemplarFilter, context);
		for (SynchronousStorage storage : targets) {
			storage.recordLong(value, checked, exemplar);
		}
	}

	void recordDouble(double value, @Nullable Attributes attributes, @Nullable Context context) {
		SynchronousStorage[] targets = this.storages;
		if (targets.length == 0) {
			return;
		}
		if (!Double.isFinite(value)) {
			reject(value, "is not finite");
			return;
		}
		Attributes checked = (attributes != null) ? attributes : Attributes.empty();
		SpanContext exemplar = ExemplarSampler.sample(this.exemplarFilter, context);
		for (SynchronousStorage storage : targets) {
			storage.recordDouble(value, checked, exemplar);
		}
	}

	void reject(double value, String reason) {
		// the hot path never logs above debug
		invalidLogger.log(Level.FINE, "Ignored a measurement of " + this.name + ": " + value + " " + reason, null);
	}

	record SdkLongCounter(SynchronousInstrument instrument) implements LongCounter {

		@Override
		public void add(long value, Attributes attributes) {
			add(value, attributes, null);
		}

		@Override
		public void add(long value, Attributes attributes, @Nullable Context context) {
			if (value < 0) {
				this.instrument.reject(value, "is negative; counters only grow");
				return;
			}
			this.instrument.recordLong(value, attributes, context);
		}

	}

	record SdkDoubleCounter(SynchronousInstrument instrument) implements DoubleCounter {

		@Override
		public void add(double value, Attributes attributes) {
			add(value, attributes, null);
		}

		@Override
		public void add(double value, Attributes attributes, @Nullable Context context) {
			if (value < 0) {
				this.instrument.reject(value, "is negative; counters only grow");
				return;
			}
			this.instrument.recordDouble(value, attributes, context);
		}

	}

	record SdkLongUpDownCounter(SynchronousInstrument instrument) implements LongUpDownCounter {

		@Override
		public void add(long value, Attributes attributes) {
			this.instrument.recordLong(value, attributes, null);
		}

		@Override
		public void add(long value, Attributes attributes, @Nullable Context context) {
			this.instrument.recordLong(value, attributes, context);
		}

	}

	record SdkDoubleUpDownCounter(SynchronousInstrument instrument) implements DoubleUpDownCounter {

		@Override
		public void add(double value, Attributes attributes) {
			this.instrument.recordDouble(value, attributes, null);
		}

		@Override
		public void add(double value, Attributes attributes, @Nullable Context context) {
			this.instrument.recordDouble(value, attributes, context);
		}

	}

	record SdkLongHistogram(SynchronousInstrument instrument) implements LongHistogram {

		@Override
		public void record(long value, Attributes attributes) {
			record(value, attributes, null);
		}

		@Override
		public void record(long value, Attributes attributes, @Nullable Context context) {
			if (value < 0) {
				this.instrument.reject(value, "is negative; histograms record non-negative values");
				return;
			}
			this.instrument.recordLong(value, attributes, context);
		}

	}

	record SdkDoubleHistogram(SynchronousInstrument instrument) implements DoubleHistogram {

		@Override
		public void record(double value, Attributes attributes) {
			record(value, attributes, null);
		}

		@Override
		public void record(double value, Attributes attributes, @Nullable Context context) {
			if (value < 0) {
				this.instrument.reject(value, "is negative; histograms record non-negative values");
				return;
			}
			this.instrument.recordDouble(value, attributes, context);
		}

	}

	record SdkLongGauge(SynchronousInstrument instrument) implements LongGauge {

		@Override
		public void set(long value, Attributes attributes) {
			this.instrument.recordLong(value, attributes, null);
		}

		@Override
		public void set(long value, Attributes attributes, @Nullable Context context) {
			this.instrument.recordLong(value, attributes, context);
		}

	}

	record SdkDoubleGauge(SynchronousInstrument instrument) implements DoubleGauge {

		@Override
		public void set(double value, Attributes attributes) {
			this.instrument.recordDouble(value, attributes, null);
		}

		@Override
		public void set(double value, Attributes attributes, @Nullable Context context) {
			this.instrument.recordDouble(value, attributes, context);
		}

	}

}

package dev.telemetry.sdk.metrics;

import java.util.ArrayList;
import java.util.List;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.internal.state.AsynchronousStorage;
import dev.telemetry.sdk.metrics.internal.state.StreamAttributes;
import org.jspecify.annotations.Nullable;

/**
 * What one run of one callback records into: a buffer that the collecting thread hands to
 * the storages once the callback has returned, and closes when it gives up waiting so
 * that a late callback changes nothing.
 * <p>
 * Thread-safe: the callback's thread writes, the collecting thread closes and reads.
 */
final class CallbackMeasurement implements ObservableLongMeasurement, ObservableDoubleMeasurement {

	private final Object lock = new Object();

	// guarded by lock
	private final List<Observation> observations = new ArrayList<>();

	// guarded by lock
	private boolean closed;

	@Override
	public void record(long value, @Nullable Attributes attributes) {
		add(new Observation(immutable(attributes), true, value, 0));
	}

	@Override
	public void record(double value, @Nullable Attributes attributes) {
		if (Double.isFinite(value)) {
			add(new Observation(immutable(attributes), false, 0, value));
		}
	}

	private static Attributes immutable(@Nullable Attributes attributes) {
		return (attributes != null) ? StreamAttributes.immutable(attributes) : Attributes.empty();
	}

	private void add(Observation observation) {
		synchronized (this.lock) {
			if (!this.closed) {
				this.observations.add(observation);
			}
		}
	}

	/** Stops taking observations and returns those taken. */
	List<Observation> close() {
		synchronized (this.lock) {
			this.closed = true;
			return this.observations;
		}
	}

	record Observation(Attributes attributes, boolean isLong, long longValue, double doubleValue) {

		void feed(AsynchronousStorage storage) {
			if (this.isLong) {
				storage.observe(this.attributes, this.longValue);
			}
			else {
				storage.observe(this.attributes, this.doubleValue);
			}
		}

	}

}

package dev.telemetry.sdk.metrics.internal.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.metrics.data.DoubleExemplarData;
import dev.telemetry.sdk.metrics.data.ExemplarData;
import dev.telemetry.sdk.metrics.data.LongExemplarData;

/**
 * Keeps a few measurements of one cell as exemplars. Offers are lock-free; collection
 * runs while no thread offers (see {@link AggregatorCell}).
 */
abstract class ExemplarReservoir {

	private static final ExemplarReservoir NONE = new ExemplarReservoir() {

		@Override
		int slot(int bucket, long seenInBucket) {
			return -1;
		}

		@Override
		void store(int slot, RawExemplar exemplar) {
		}

		@Override
		List<ExemplarData> collectAndReset(Attributes pointAttributes) {
			return List.of();
		}

	};

	static ExemplarReservoir none() {
		return NONE;
	}

	/**
	 * A reservoir sample (algorithm R) of a fixed number of measurements, uniform over
	 * the interval's measurements.
	 */
	static ExemplarReservoir fixedSize(int size) {
		return new FixedSize(size);
	}

	/**
	 * One measurement of each bucket of an explicit-bucket histogram, uniform over the
	 * bucket's measurements in the interval.
	 */
	static ExemplarReservoir perBucket(int buckets) {
		return new PerBucket(buckets);
	}

	/**
	 * Decides where an offered measurement goes, before it is read: a measurement passed
	 * over costs no clock reading and no exemplar.
	 * @param bucket the measurement's bucket (0 unless the reservoir is per bucket)
	 * @param seenInBucket how many measurements the bucket had before this one in the
	 * interval (0 unless the reservoir is per bucket)
	 * @return the slot to {@link #store} the exemplar in, or -1 to drop it
	 */
	abstract int slot(int bucket, long seenInBucket);

	/**
	 * Keeps an exemplar in the slot {@link #slot} chose for it.
	 * @param slot the slot
	 * @param exemplar the measurement
	 */
	abstract void store(int slot, RawExemplar exemplar);

	abstract List<ExemplarData> collectAndReset(Attributes pointAttributes);

	static List<ExemplarData> drain(AtomicReferenceArray<RawExemplar> slots, Attributes pointAttributes) {
		List<ExemplarData> exemplars = null;
		for (int i = 0, n = slots.length(); i < n; i++) {
			RawExemplar raw = slots.getAndSet(i, null);
			if (raw != null) {
				if (exemplars == null) {
					exemplars = new ArrayList<>();
				}
				exemplars.add(toData(raw, pointAttributes));
			}
		}
		return (exemplars != null) ? exemplars : List.of();
	}

	static ExemplarData toData(RawExemplar raw, Attributes pointAttributes) {
		Attributes filtered = filteredOut(raw.attributes(), pointAttributes);
		return raw.isLong() ? new LongExemplarData(filtered, raw.epochNanos(), raw.span(), raw.longValue())
				: new DoubleExemplarData(filtered, raw.epochNanos(), raw.span(), raw.doubleValue());
	}

	/**
	 * The measurement's attributes that the point lacks or carries with another value.
	 */
	static Attributes filteredOut(Attributes measurement, Attributes point) {
		AttributesBuilder builder = null;
		for (int i = 0, n = measurement.size(); i < n; i++) {
			String key = measurement.key(i);
			Object value = measurement.value(i);
			if (!Objects.equals(point.get(key), value)) {
				if (builder == null) {
					builder = Attributes.builder();
				}
				builder.putObject(key, value);
			}
		}
		return (builder != null) ? builder.build() : Attributes.empty();
	}

	private static final class FixedSize extends ExemplarReservoir {

		// Offers counted one by one; past this, in steps (see slot).
		private static final long EXACT_OFFERS = 1024;

		private final AtomicReferenceArray<RawExemplar> slots;

		private final AtomicLong offers = new AtomicLong();

		FixedSize(int size) {
			this.slots = new AtomicReferenceArray<>(size);
		}

		// Algorithm R over the interval's offers. Counting each offer would make every
		// recording thread write one shared counter on every measurement; past the first
		// offers the count grows in steps of 1/256 of itself, each taken with the
		// inverse probability, so it stays right on average (within a few percent) while
		// the counter is written a few hundred times per doubling.
		@Override
		int slot(int bucket, long seenInBucket) {
			long seen = this.offers.get();
			ThreadLocalRandom random = ThreadLocalRandom.current();
			if (seen < EXACT_OFFERS) {
				seen = this.offers.getAndIncrement();
			}
			else {
				long step = seen >>> 8;
				if (random.nextLong(step) == 0) {
					seen = this.offers.getAndAdd(step);
				}
			}
			int size = this.slots.length();
			long slot = (seen < size) ? seen : random.nextLong(seen + 1);
			return (slot < size) ? (int) slot : -1;
		}

		@Override
		void store(int slot, RawExemplar exemplar) {
			this.slots.setRelease(slot, exemplar);
		}

		@Override
		List<ExemplarData> collectAndReset(Attributes pointAttributes) {
			this.offers.set(0);
			return drain(this.slots, pointAttributes);
		}

	}

	private static final class PerBucket extends ExemplarReservoir {

		private final AtomicReferenceArray<RawExemplar> slots;

		PerBucket(int buckets) {
			this.slots = new AtomicReferenceArray<>(buckets);
		}

		// Algorithm R with one slot: the n-th measurement of a bucket replaces its
		// exemplar with probability 1/n, so a busy bucket is rarely written (the
		// specification's preferred choice over keeping the last one).
		@Override
		int slot(int bucket, long seenInBucket) {
			return (seenInBucket == 0 || ThreadLocalRandom.current().nextLong(seenInBucket + 1) == 0) ? bucket : -1;
		}

		@Override
		void store(int slot, RawExemplar exemplar) {
			this.slots.setRelease(slot, exemplar);
		}

		@Override
		List<ExemplarData> collectAndReset(Attributes pointAttributes) {
			return drain(this.slots, pointAttributes);
		}

	}

}

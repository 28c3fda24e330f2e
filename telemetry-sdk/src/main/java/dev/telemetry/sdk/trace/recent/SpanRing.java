package dev.telemetry.sdk.trace.recent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanData;

/**
 * The latest ended spans, in a fixed number of slots that are overwritten oldest first.
 * <p>
 * Implementation: striped by trace id, so that threads ending spans of different traces
 * rarely write the same cursor, and so that all spans of one trace share one stripe and
 * leave it in the order they arrived (a trace is not cut by another stripe moving
 * faster). Writes are a cursor increment and a lazy store; readers may see a slot one
 * write late, which a diagnostic view can afford.
 */
final class SpanRing {

	private static final int MAX_STRIPES = 16;

	private final Stripe[] stripes;

	private final int mask;

	SpanRing(int capacity) {
		int stripes = 1;
		// At least 16 slots a stripe, so that one trace fits in one.
		while (stripes < MAX_STRIPES && capacity / (stripes * 2) >= 16) {
			stripes *= 2;
		}
		this.stripes = new Stripe[stripes];
		int perStripe = (capacity + stripes - 1) / stripes;
		for (int i = 0; i < stripes; i++) {
			this.stripes[i] = new Stripe(perStripe);
		}
		this.mask = stripes - 1;
	}

	void add(SpanData span) {
		SpanContext context = span.getSpanContext();
		long low = context.getTraceIdLow();
		this.stripes[(int) (low ^ (low >>> 32)) & this.mask].add(span);
	}

	int capacity() {
		return this.stripes.length * this.stripes[0].slots.length();
	}

	int size() {
		int size = 0;
		for (Stripe stripe : this.stripes) {
			size += (int) Math.min(stripe.cursor.get(), stripe.slots.length());
		}
		return size;
	}

	/**
	 * Copies the spans held now, in no particular order.
	 * @return a new list
	 */
	List<SpanData> snapshot() {
		List<SpanData> spans = new ArrayList<>(size());
		for (Stripe stripe : this.stripes) {
			for (int i = 0, n = stripe.slots.length(); i < n; i++) {
				SpanData span = stripe.slots.get(i);
				if (span != null) {
					spans.add(span);
				}
			}
		}
		return spans;
	}

	private static final class Stripe {

		private final AtomicReferenceArray<SpanData> slots;

		private final AtomicLong cursor = new AtomicLong();

		Stripe(int capacity) {
			this.slots = new AtomicReferenceArray<>(capacity);
		}

		void add(SpanData span) {
			long index = this.cursor.getAndIncrement();
			this.slots.lazySet((int) (index % this.slots.length()), span);
		}

	}

}

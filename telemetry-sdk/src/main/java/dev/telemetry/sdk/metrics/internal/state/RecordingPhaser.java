package dev.telemetry.sdk.metrics.internal.state;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Splits recording into two alternating phases so that a collector can read the cells of
 * the phase that just ended while recorders go on in the other one, without either taking
 * a lock (the writer-reader phaser idea of HdrHistogram).
 * <p>
 * A recorder takes a ticket with {@link #enter()}, writes into the cells of the ticket's
 * {@link #phase(long) phase}, and returns the ticket with {@link #exit(long)}: two atomic
 * increments, never a wait. The collector calls {@link #flip()}, which switches new
 * recorders to the other phase and then waits until every recorder of the old one has
 * exited; after that, nothing writes into the old phase's cells until the next flip.
 * <p>
 * Tickets of the even phase count up from 0 and of the odd phase from
 * {@code Long.MIN_VALUE}, so a ticket's sign is its phase. {@link #flip()} must be called
 * by one thread at a time.
 */
final class RecordingPhaser {

	private final AtomicLong tickets = new AtomicLong();

	private final AtomicLong evenExits = new AtomicLong();

	private final AtomicLong oddExits = new AtomicLong(Long.MIN_VALUE);

	long enter() {
		return this.tickets.getAndIncrement();
	}

	void exit(long ticket) {
		((ticket < 0) ? this.oddExits : this.evenExits).getAndIncrement();
	}

	static int phase(long ticket) {
		return (ticket < 0) ? 1 : 0;
	}

	/**
	 * Starts the other phase and waits for the recorders still in the old one.
	 * @return the phase that ended, whose cells are now the caller's to read and reset
	 */
	int flip() {
		boolean wasEven = this.tickets.get() >= 0;
		long nextStart = wasEven ? Long.MIN_VALUE : 0;
		// Every recorder of the phase that starts now exited before the previous flip
		// returned, so its exit counter can be rewound first.
		(wasEven ? this.oddExits : this.evenExits).set(nextStart);
		long issued = this.tickets.getAndSet(nextStart);
		AtomicLong exits = wasEven ? this.evenExits : this.oddExits;
		int spins = 0;
		while (exits.get() != issued) {
			if (++spins < 1_000) {
				Thread.onSpinWait();
			}
			else {
				Thread.yield();
			}
		}
		return wasEven ? 0 : 1;
	}

}

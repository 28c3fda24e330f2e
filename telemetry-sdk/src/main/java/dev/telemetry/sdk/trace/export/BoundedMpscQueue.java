package dev.telemetry.sdk.trace.export;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * A fixed-capacity FIFO queue for many producer threads and exactly one consumer thread,
 * without locks.
 * <p>
 * {@link #offer} may be called from any thread; it never blocks and, when the queue is
 * full, returns {@code false} instead of waiting. {@link #poll} and {@link #drainTo} must
 * only ever be called from one thread at a time (the consumer). {@link #size},
 * {@link #producerPosition} and {@link #consumerPosition} may be read from any thread.
 * <p>
 * <b>Implementation.</b> The queue is a ring of {@code capacity} slots, each a small
 * object that holds an element and a sequence number, so that an offer writes to one
 * object rather than to two arrays. Two counters grow forever: {@code tail} (the next
 * position a producer will claim) and {@code head} (the next position the consumer will
 * take); position {@code p} lives in slot {@code p % capacity}. A slot's sequence tells
 * whose turn it is:
 * <ul>
 * <li>{@code 2p} &mdash; the slot is empty and waiting for the producer of position
 * {@code p};</li>
 * <li>{@code 2p + 1} &mdash; the producer of position {@code p} has stored its element,
 * which the consumer may now take.</li>
 * </ul>
 * A producer reads {@code tail}, checks that the slot's sequence is {@code 2p}, and
 * claims the position by a compare-and-set of {@code tail} from {@code p} to
 * {@code p + 1}; only the winner writes the slot, then publishes it by storing
 * {@code 2p + 1} with release semantics. A sequence below {@code 2p} means the element of
 * the previous lap has not been consumed yet, so the queue is full; a sequence above
 * {@code 2p} means another producer took position {@code p} first, so the producer
 * re-reads {@code tail} and tries again. Before it reads the slot, a producer compares
 * {@code p} with {@code head}: at least {@code capacity} apart means full, and the slot's
 * cache line, which the consumer writes, is left alone. {@link #drainTo} moves
 * {@code head} once, at its end, so the slots of a batch become free for producers
 * together. The loop only repeats when some other producer made progress, so the queue is
 * lock-free; no thread ever waits for another.
 * <p>
 * The consumer reads the slot of {@code head} with acquire semantics; {@code 2·head + 1}
 * means an element is there, which it takes, clears (so the queue does not keep spans
 * reachable), and hands back to producers by storing {@code 2(head + capacity)}, the
 * empty mark for the same slot one lap later. The release store of the sequence orders
 * the plain element write before it, and the acquire load on the other side makes it
 * visible, so the element field needs no atomic access of its own.
 * <p>
 * Encoding "empty" and "full" as {@code 2p} and {@code 2p + 1} (rather than {@code p} and
 * {@code p + 1}) keeps the two apart for every capacity, including one, and lets the
 * capacity be exact rather than a power of two: the slot index is a remainder rather than
 * a mask, which costs a division per operation but is negligible next to the
 * compare-and-set. Positions are {@code long}s and would take centuries to overflow.
 * <p>
 * A producer that has claimed a position but not yet published it (it is between two
 * instructions) makes the consumer see the queue as empty at that position until it does,
 * even if later positions are already filled; {@link #poll} then returns {@code null},
 * and the caller simply tries again later. A producer that never publishes (its thread
 * was stopped between the two instructions) would block the consumer for good, so the
 * consumer may {@link #skip} the position after waiting long enough. It marks the slot
 * skipped with a compare-and-set (which fails if the element has just been published) and
 * puts a new slot into the ring for the next lap. The stalled producer read its slot
 * before it claimed the position, so if it ever resumes, it writes into the old slot,
 * which the consumer never reads again: it cannot overwrite the next lap's element, and
 * producers publish with a plain release store rather than a second compare-and-set. Its
 * offer reports the element as accepted; the consumer has counted it as skipped. Another
 * producer that read {@code tail} before the stalled one claimed its position, and reads
 * the old slot between the skip's compare-and-set and the replacement, sees the queue as
 * full and drops its element, which its caller counts.
 * <p>
 * {@link #close()} sets a bit in {@code tail} so that no position can be claimed after
 * it: every offer either claimed a position before the close (and the consumer will see
 * it) or is refused as {@link #CLOSED}, which lets a shutdown account for every element.
 *
 * @param <E> the element type
 */
final class BoundedMpscQueue<E> {

	/** {@link #offer} result: the element is in the queue. */
	static final int ACCEPTED = 0;

	/** {@link #offer} result: the queue was full. */
	static final int FULL = 1;

	/** {@link #offer} result: the queue was closed. */
	static final int CLOSED = 2;

	// Set in tail by close(); positions stay far below it (centuries of offers).
	private static final long CLOSED_BIT = 1L << 62;

	// A skipped slot's sequence: below every position's empty mark, so a producer that
	// still holds the slot sees the queue as full there rather than claiming it.
	private static final long SKIPPED = -1;

	private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Slot[].class);

	private final int capacity;

	private final Slot[] slots;

	/** Next position a producer claims; also the number of elements ever accepted. */
	private final AtomicLong tail = new AtomicLong();

	/** Next position the consumer takes; written only by the consumer. */
	private final AtomicLong head = new AtomicLong();

	/**
	 * Creates an empty queue. The whole ring is allocated up front so that offers never
	 * allocate.
	 * @param capacity the most elements the queue holds, at least 1
	 */
	BoundedMpscQueue(int capacity) {
		if (capacity <= 0) {
			throw new IllegalArgumentException("capacity must be > 0, was " + capacity);
		}
		this.capacity = capacity;
		this.slots = new Slot[capacity];
		for (int i = 0; i < capacity; i++) {
			this.slots[i] = new Slot(2L * i);
		}
	}

	/**
	 * Adds an element unless the queue is full or closed. Never blocks; safe from any
	 * thread.
	 * @param element the element
	 * @return {@link #ACCEPTED}, {@link #FULL} or {@link #CLOSED}
	 */
	int tryOffer(E element) {
		Objects.requireNonNull(element, "element");
		long position = this.tail.get();
		while (true) {
			if ((position & CLOSED_BIT) != 0) {
				return CLOSED;
			}
			if (position - this.head.get() >= this.capacity) {
				// Full, told without reading the slot, whose cache line the consumer is
				// writing: when the queue is full most offers end here.
				return FULL;
			}
			// Read before the claim: a slot the consumer replaces after a skip is only
			// ever replaced once its position has been claimed.
			Slot slot = (Slot) SLOTS.getAcquire(this.slots, index(position));
			long sequence = slot.sequenceAcquire();
			long empty = position << 1;
			if (sequence == empty) {
				long witness = this.tail.compareAndExchange(position, position + 1);
				if (witness == position) {
					// If the consumer has skipped this position meanwhile, it never reads
					// this slot again and has counted the element.
					slot.fill(element, empty + 1);
					return ACCEPTED;
				}
				// Lost the race for this position (or the queue was closed); the witness
				// is where tail is now.
				position = witness;
			}
			else if (sequence < empty) {
				// The previous lap's element is still there: full.
				return FULL;
			}
			else {
				// Someone else already filled this position; catch up with tail.
				position = this.tail.get();
			}
		}
	}

	/**
	 * Adds an element unless the queue is full or closed; see {@link #tryOffer}.
	 * @param element the element
	 * @return whether it was accepted
	 */
	boolean offer(E element) {
		return tryOffer(element) == ACCEPTED;
	}

	/**
	 * Stops the queue from accepting elements; later offers return {@link #CLOSED}.
	 * Idempotent; safe from any thread.
	 * @return the final producer position: every element ever accepted lies below it
	 */
	long close() {
		long tail = this.tail.get();
		while ((tail & CLOSED_BIT) == 0) {
			long witness = this.tail.compareAndExchange(tail, tail | CLOSED_BIT);
			if (witness == tail) {
				break;
			}
			tail = witness;
		}
		return tail & ~CLOSED_BIT;
	}

	/**
	 * Gives up on the next position, whose producer claimed it but has not published its
	 * element: puts a new slot for the next lap in its place, leaving the old one to the
	 * stalled producer. Allocates, but only here. Consumer thread only.
	 * @return whether the position was skipped; {@code false} if there is nothing to skip
	 * (the queue is empty there, or the element has just been published)
	 */
	boolean skip() {
		long position = this.head.getPlain();
		if (position >= producerPosition()) {
			return false;
		}
		int index = index(position);
		Slot slot = this.slots[index];
		// Made before the compare-and-set: an OutOfMemoryError must leave the slot as it
		// was, not marked skipped with no successor in the ring.
		Slot next = new Slot((position + this.capacity) << 1);
		if (!slot.compareAndSetSequence(position << 1, SKIPPED)) {
			return false;
		}
		// The stalled producer may still write into the old slot; the ring gets a new
		// one for the next lap instead, so nothing it writes can reach the consumer.
		SLOTS.setRelease(this.slots, index, next);
		this.head.setRelease(position + 1);
		return true;
	}

	/**
	 * Removes the oldest element. Consumer thread only; never blocks.
	 * @return the element, or {@code null} when the queue is empty or the next element is
	 * still being published
	 */
	@Nullable E poll() {
		long position = this.head.getPlain();
		E element = take(position);
		if (element != null) {
			this.head.setRelease(position + 1);
		}
		return element;
	}

	/**
	 * Moves up to {@code limit} of the oldest elements into {@code sink}, in order.
	 * Consumer thread only; never blocks. Stops early at an element that is still being
	 * published.
	 * @param sink where the elements go
	 * @param limit the most elements to move
	 * @return how many were moved
	 */
	int drainTo(Collection<? super E> sink, int limit) {
		long start = this.head.getPlain();
		long position = start;
		long end = start + Math.max(limit, 0);
		while (position < end) {
			E element = take(position);
			if (element == null) {
				break;
			}
			sink.add(element);
			position++;
		}
		if (position != start) {
			// One store for the whole batch. Producers tell a full queue from head, so
			// the batch's slots become theirs together, when the drain is done; a store
			// per element cost one producer half its offers (docs/benchmarks.md, run Z2).
			this.head.setRelease(position);
		}
		return (int) (position - start);
	}

	@SuppressWarnings("unchecked")
	private @Nullable E take(long position) {
		// Plain read: only this thread ever replaces a slot.
		Slot slot = this.slots[index(position)];
		if (slot.sequenceAcquire() != (position << 1) + 1) {
			return null;
		}
		E element = (E) slot.element;
		slot.element = null;
		// Hands the slot to the producer one lap ahead; orders the clear above before it.
		slot.publish((position + this.capacity) << 1);
		return element;
	}

	private int index(long position) {
		return (int) (position % this.capacity);
	}

	/**
	 * Returns roughly how many elements are in the queue (including ones being
	 * published). Safe from any thread; exact only when the queue is quiet.
	 * @return the size, between 0 and the capacity
	 */
	int size() {
		// head first: tail only grows, so it cannot be read as behind this head.
		long head = this.head.get();
		long tail = this.tail.get() & ~CLOSED_BIT;
		long size = tail - head;
		return (int) Math.max(0, Math.min(size, this.capacity));
	}

	/**
	 * Returns the fixed capacity.
	 * @return the capacity
	 */
	int capacity() {
		return this.capacity;
	}

	/**
	 * Returns how many elements have ever been accepted (positions claimed). Safe from
	 * any thread.
	 * @return the producer position
	 */
	long producerPosition() {
		return this.tail.get() & ~CLOSED_BIT;
	}

	/**
	 * Returns how many elements have ever been taken. Safe from any thread.
	 * @return the consumer position
	 */
	long consumerPosition() {
		return this.head.get();
	}

	@Override
	public String toString() {
		return "BoundedMpscQueue{capacity=" + this.capacity + ", size=" + size() + "}";
	}

	/**
	 * One place in the ring: the element and the sequence that says whose turn it is, in
	 * one object rather than in two arrays. Replaced by a new one when its position is
	 * skipped.
	 */
	private static final class Slot {

		private static final VarHandle SEQUENCE;

		static {
			try {
				SEQUENCE = MethodHandles.lookup().findVarHandle(Slot.class, "sequence", long.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		// Written with release semantics and read with acquire semantics, which orders
		// the plain element accesses around them.
		@SuppressWarnings("unused")
		private long sequence;

		@Nullable Object element;

		Slot(long sequence) {
			this.sequence = sequence;
		}

		void fill(Object element, long sequence) {
			this.element = element;
			publish(sequence);
		}

		long sequenceAcquire() {
			return (long) SEQUENCE.getAcquire(this);
		}

		void publish(long sequence) {
			SEQUENCE.setRelease(this, sequence);
		}

		boolean compareAndSetSequence(long expected, long sequence) {
			return SEQUENCE.compareAndSet(this, expected, sequence);
		}

	}

}

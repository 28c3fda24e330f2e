package dev.telemetry.sdk.trace.export;

import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

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
 * <b>Implementation.</b> The queue is a ring of {@code capacity} slots, each with its own
 * sequence number. Two counters grow forever: {@code tail} (the next position a producer
 * will claim) and {@code head} (the next position the consumer will take); position
 * {@code p} lives in slot {@code p % capacity}. A slot's sequence tells whose turn it is:
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
 * re-reads {@code tail} and tries again. The loop only repeats when some other producer
 * made progress, so the queue is lock-free; no thread ever waits for another.
 * <p>
 * The consumer reads the slot of {@code head} with acquire semantics; {@code 2·head + 1}
 * means an element is there, which it takes, clears (so the queue does not keep spans
 * reachable), and hands back to producers by storing {@code 2(head + capacity)}, the
 * empty mark for the same slot one lap later. The release store of the sequence orders
 * the plain element write before it, and the acquire load on the other side makes it
 * visible, so the element array needs no atomic access of its own.
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
 * and the caller simply tries again later.
 *
 * @param <E> the element type
 */
final class BoundedMpscQueue<E> {

	private final int capacity;

	private final Object[] elements;

	private final AtomicLongArray sequences;

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
		this.elements = new Object[capacity];
		this.sequences = new AtomicLongArray(capacity);
		for (int i = 0; i < capacity; i++) {
			this.sequences.set(i, 2L * i);
		}
	}

	/**
	 * Adds an element unless the queue is full. Never blocks; safe from any thread.
	 * @param element the element
	 * @return whether it was added; {@code false} when the queue is full
	 */
	boolean offer(E element) {
		Objects.requireNonNull(element, "element");
		long position = this.tail.get();
		while (true) {
			int index = index(position);
			long sequence = this.sequences.getAcquire(index);
			long empty = position << 1;
			if (sequence == empty) {
				long witness = this.tail.compareAndExchange(position, position + 1);
				if (witness == position) {
					this.elements[index] = element;
					// Publishes the element: the consumer's acquire load pairs with this.
					this.sequences.setRelease(index, empty + 1);
					return true;
				}
				// Lost the race for this position; the witness is where tail is now.
				position = witness;
			}
			else if (sequence < empty) {
				// The previous lap's element is still there: full.
				return false;
			}
			else {
				// Someone else already filled this position; catch up with tail.
				position = this.tail.get();
			}
		}
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
			// One store for the whole batch: only size() readers look at it.
			this.head.setRelease(position);
		}
		return (int) (position - start);
	}

	@SuppressWarnings("unchecked")
	private @Nullable E take(long position) {
		int index = index(position);
		if (this.sequences.getAcquire(index) != (position << 1) + 1) {
			return null;
		}
		E element = (E) this.elements[index];
		this.elements[index] = null;
		// Hands the slot to the producer one lap ahead; orders the clear above before it.
		this.sequences.setRelease(index, (position + this.capacity) << 1);
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
		long tail = this.tail.get();
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
		return this.tail.get();
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

}

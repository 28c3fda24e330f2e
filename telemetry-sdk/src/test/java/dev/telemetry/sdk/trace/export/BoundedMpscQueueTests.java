package dev.telemetry.sdk.trace.export;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link BoundedMpscQueue}.
 */
class BoundedMpscQueueTests {

	@Test
	@Timeout(5)
	void pollReturnsElementsInOfferOrderForSingleProducer() {
		BoundedMpscQueue<Integer> queue = new BoundedMpscQueue<>(8);
		for (int i = 0; i < 5; i++) {
			assertThat(queue.offer(i)).isTrue();
		}
		List<Integer> polled = new ArrayList<>();
		Integer element;
		while ((element = queue.poll()) != null) {
			polled.add(element);
		}
		assertThat(polled).containsExactly(0, 1, 2, 3, 4);
	}

	@Test
	@Timeout(5)
	void refusesEveryOfferAfterCloseAndTellsFullFromClosed() {
		BoundedMpscQueue<Integer> queue = new BoundedMpscQueue<>(2);
		assertThat(queue.tryOffer(1)).isEqualTo(BoundedMpscQueue.ACCEPTED);
		assertThat(queue.tryOffer(2)).isEqualTo(BoundedMpscQueue.ACCEPTED);
		assertThat(queue.tryOffer(3)).isEqualTo(BoundedMpscQueue.FULL);
		assertThat(queue.poll()).isEqualTo(1);
		assertThat(queue.close()).as("the final producer position").isEqualTo(2);
		assertThat(queue.tryOffer(4)).as("room again, but closed").isEqualTo(BoundedMpscQueue.CLOSED);
		assertThat(queue.close()).isEqualTo(2);
		assertThat(queue.producerPosition()).isEqualTo(2);
		assertThat(queue.size()).isEqualTo(1);
		assertThat(queue.poll()).isEqualTo(2);
		assertThat(queue.poll()).isNull();
	}

	@Test
	@Timeout(5)
	void skipsAPositionWhoseProducerNeverPublishedAndKeepsWorkingForLapsAfter() throws Exception {
		BoundedMpscQueue<Integer> queue = new BoundedMpscQueue<>(3);
		assertThat(queue.skip()).as("nothing claimed").isFalse();
		// A producer claims position 0 and dies before storing its element.
		tail(queue).incrementAndGet();
		assertThat(queue.offer(1)).isTrue();
		assertThat(queue.offer(2)).isTrue();
		assertThat(queue.poll()).as("blocked behind the claimed position").isNull();
		assertThat(queue.skip()).isTrue();
		assertThat(queue.poll()).isEqualTo(1);
		assertThat(queue.poll()).isEqualTo(2);
		for (int i = 0; i < 10; i++) {
			assertThat(queue.offer(100 + i)).isTrue();
			assertThat(queue.poll()).isEqualTo(100 + i);
		}
		assertThat(queue.skip()).as("nothing claimed").isFalse();
	}

	@Test
	@Timeout(5)
	void aLateWriteIntoASkippedSlotCannotTouchTheNextLap() throws Exception {
		// The write of a producer that resumes after a skip, into the slot it read before
		// its claim; the concurrent test below checks that offers read the slot then.
		for (boolean resumesBeforeNextLap : new boolean[] { true, false }) {
			BoundedMpscQueue<Integer> queue = new BoundedMpscQueue<>(2);
			// A producer reads its slot and claims position 0, then stalls before it
			// stores its element.
			Object stalledSlot = slot(queue, 0);
			tail(queue).incrementAndGet();
			assertThat(queue.offer(1)).isTrue();
			assertThat(queue.poll()).as("blocked behind the claimed position").isNull();
			assertThat(queue.skip()).isTrue();
			assertThat(queue.poll()).isEqualTo(1);
			if (resumesBeforeNextLap) {
				fillAsAProducer(stalledSlot, 99, 0);
			}
			// Position 2 is slot 0 again, one lap later.
			assertThat(queue.offer(2)).isTrue();
			if (!resumesBeforeNextLap) {
				fillAsAProducer(stalledSlot, 99, 0);
			}
			assertThat(queue.offer(3)).isTrue();
			assertThat(queue.poll()).as("resumed %s the next lap", resumesBeforeNextLap ? "before" : "after")
				.isEqualTo(2);
			assertThat(queue.poll()).isEqualTo(3);
			assertThat(queue.poll()).isNull();
			for (int i = 0; i < 5; i++) {
				assertThat(queue.offer(100 + i)).isTrue();
				assertThat(queue.poll()).isEqualTo(100 + i);
			}
		}
	}

	@Test
	@Timeout(5)
	void doesNotSkipAnElementPublishedBeforeTheSkip() throws Exception {
		BoundedMpscQueue<Integer> queue = new BoundedMpscQueue<>(2);
		Object slot = slot(queue, 0);
		tail(queue).incrementAndGet();
		fillAsAProducer(slot, 7, 0);
		assertThat(queue.skip()).isFalse();
		assertThat(queue.poll()).isEqualTo(7);
		assertThat(queue.poll()).isNull();
	}

	@Test
	@Timeout(60)
	void skippingEveryPositionNotYetPublishedCountsEachElementOnceAndKeepsTheQueueWorking() throws Exception {
		// The worker skips only after a second; this consumer skips at once, so that many
		// producers are caught between their claim and their publish, and some of them
		// publish after the skip.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		long skipped = 0;
		int rounds = 0;
		while (skipped < 100 && System.nanoTime() < deadline) {
			skipped += runProducersAgainstAnImpatientConsumer();
			rounds++;
		}
		assertThat(skipped).as("positions skipped in %d rounds", rounds).isPositive();
	}

	private static long runProducersAgainstAnImpatientConsumer() throws Exception {
		int producers = 3;
		int capacity = 8;
		BoundedMpscQueue<Long> queue = new BoundedMpscQueue<>(capacity);
		BitSet[] accepted = new BitSet[producers];
		BitSet[] taken = new BitSet[producers];
		for (int p = 0; p < producers; p++) {
			accepted[p] = new BitSet();
			taken[p] = new BitSet();
		}
		CountDownLatch start = new CountDownLatch(1);
		CountDownLatch producersDone = startProducers(queue, start, accepted, 50_000);
		long duplicates = 0;
		long skipped = 0;
		start.countDown();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		while (System.nanoTime() < deadline) {
			boolean finished = producersDone.getCount() == 0;
			Long element = queue.poll();
			if (element != null) {
				int producer = (int) (element >>> 32);
				int sequence = (int) (element & 0xFFFFFFFFL);
				duplicates += taken[producer].get(sequence) ? 1 : 0;
				taken[producer].set(sequence);
			}
			else if (queue.skip()) {
				skipped++;
			}
			else if (finished && queue.consumerPosition() == queue.producerPosition()) {
				break;
			}
		}
		assertThat(producersDone.await(15, TimeUnit.SECONDS)).isTrue();
		assertThat(duplicates).isZero();
		long acceptedCount = 0;
		long takenCount = 0;
		for (int p = 0; p < producers; p++) {
			BitSet notAccepted = (BitSet) taken[p].clone();
			notAccepted.andNot(accepted[p]);
			assertThat(notAccepted.isEmpty()).as("taken but refused, producer %d", p).isTrue();
			acceptedCount += accepted[p].cardinality();
			takenCount += taken[p].cardinality();
		}
		assertThat(takenCount + skipped).as("taken + skipped").isEqualTo(acceptedCount);
		assertThat(queue.consumerPosition()).isEqualTo(acceptedCount);
		// A resumed producer must not have left a slot that refuses every later lap.
		for (long i = 0; i < 3 * capacity; i++) {
			assertThat(queue.offer(-i)).as("offer after the run").isTrue();
			assertThat(queue.poll()).isEqualTo(-i);
		}
		return skipped;
	}

	@Test
	@Timeout(5)
	void aFullQueueAcceptsExactlyAsManyAsADrainTook() {
		BoundedMpscQueue<Integer> queue = new BoundedMpscQueue<>(4);
		for (int i = 0; i < 4; i++) {
			assertThat(queue.tryOffer(i)).isEqualTo(BoundedMpscQueue.ACCEPTED);
		}
		assertThat(queue.tryOffer(4)).isEqualTo(BoundedMpscQueue.FULL);
		assertThat(queue.drainTo(new ArrayList<>(), 3)).isEqualTo(3);
		for (int i = 4; i < 7; i++) {
			assertThat(queue.tryOffer(i)).isEqualTo(BoundedMpscQueue.ACCEPTED);
		}
		assertThat(queue.tryOffer(7)).isEqualTo(BoundedMpscQueue.FULL);
		List<Integer> sink = new ArrayList<>();
		assertThat(queue.drainTo(sink, 10)).isEqualTo(4);
		assertThat(sink).containsExactly(3, 4, 5, 6);
	}

	@Test
	@Timeout(5)
	void keepsOrderAcrossManyLapsOfTheRing() {
		BoundedMpscQueue<Integer> queue = new BoundedMpscQueue<>(3);
		int next = 0;
		for (int i = 0; i < 1000; i++) {
			assertThat(queue.offer(i)).isTrue();
			if (i % 2 == 1) {
				assertThat(queue.poll()).isEqualTo(next++);
				assertThat(queue.poll()).isEqualTo(next++);
			}
		}
		assertThat(queue.producerPosition()).isEqualTo(1000);
		assertThat(queue.consumerPosition()).isEqualTo(1000);
		assertThat(queue.poll()).isNull();
	}

	@Test
	@Timeout(5)
	void rejectsOfferWhenFullAndAcceptsAgainAfterPoll() {
		BoundedMpscQueue<Integer> queue = new BoundedMpscQueue<>(5);
		for (int i = 0; i < 5; i++) {
			assertThat(queue.offer(i)).isTrue();
		}
		assertThat(queue.offer(5)).isFalse();
		assertThat(queue.offer(6)).isFalse();
		assertThat(queue.size()).isEqualTo(5);
		assertThat(queue.producerPosition()).isEqualTo(5);
		assertThat(queue.poll()).isEqualTo(0);
		assertThat(queue.offer(7)).isTrue();
		assertThat(queue.offer(8)).isFalse();
		List<Integer> rest = new ArrayList<>();
		queue.drainTo(rest, 100);
		assertThat(rest).containsExactly(1, 2, 3, 4, 7);
	}

	@Test
	@Timeout(5)
	void capacityOfOneHoldsExactlyOneElement() {
		BoundedMpscQueue<String> queue = new BoundedMpscQueue<>(1);
		for (int i = 0; i < 10; i++) {
			assertThat(queue.offer("a" + i)).isTrue();
			assertThat(queue.offer("b" + i)).isFalse();
			assertThat(queue.size()).isEqualTo(1);
			assertThat(queue.poll()).isEqualTo("a" + i);
			assertThat(queue.poll()).isNull();
			assertThat(queue.size()).isZero();
		}
	}

	@Test
	@Timeout(5)
	void drainToMovesAtMostLimitElementsInOrder() {
		BoundedMpscQueue<Integer> queue = new BoundedMpscQueue<>(10);
		for (int i = 0; i < 7; i++) {
			queue.offer(i);
		}
		List<Integer> sink = new ArrayList<>();
		assertThat(queue.drainTo(sink, 3)).isEqualTo(3);
		assertThat(sink).containsExactly(0, 1, 2);
		assertThat(queue.size()).isEqualTo(4);
		assertThat(queue.drainTo(sink, 0)).isZero();
		assertThat(queue.drainTo(sink, 10)).isEqualTo(4);
		assertThat(sink).containsExactly(0, 1, 2, 3, 4, 5, 6);
		assertThat(queue.drainTo(sink, 10)).isZero();
		assertThat(queue.consumerPosition()).isEqualTo(7);
	}

	@Test
	@Timeout(5)
	void rejectsNonPositiveCapacityAndNullElements() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BoundedMpscQueue<>(0))
			.withMessageContaining("capacity")
			.withMessageContaining("0");
		BoundedMpscQueue<Object> queue = new BoundedMpscQueue<>(1);
		assertThatNullPointerException().isThrownBy(() -> queue.offer(null));
		assertThat(queue.size()).isZero();
	}

	@Test
	@Timeout(20)
	void concurrentProducersWithOneConsumerLoseNothingThatWasAccepted() throws Exception {
		int producers = 4;
		BoundedMpscQueue<Long> queue = new BoundedMpscQueue<>(64);
		BitSet[] acceptedSequences = new BitSet[producers];
		for (int p = 0; p < producers; p++) {
			acceptedSequences[p] = new BitSet();
		}
		CountDownLatch start = new CountDownLatch(1);
		CountDownLatch producersDone = startProducers(queue, start, acceptedSequences, 100_000);
		long[] received = new long[producers];
		long[] lastSequence = { -1, -1, -1, -1 };
		AtomicReference<String> problem = new AtomicReference<>();
		AtomicBoolean consumerDone = new AtomicBoolean();
		Thread consumer = new Thread(() -> {
			List<Long> sink = new ArrayList<>(16);
			while (true) {
				boolean finished = producersDone.getCount() == 0;
				sink.clear();
				queue.drainTo(sink, 16);
				for (long element : sink) {
					int producer = (int) (element >>> 32);
					long sequence = element & 0xFFFFFFFFL;
					if (sequence <= lastSequence[producer]) {
						problem.compareAndSet(null, "out of order or duplicate: " + producer + "/" + sequence);
					}
					lastSequence[producer] = sequence;
					received[producer]++;
				}
				// Empty after every producer had returned: nothing more can arrive.
				if (finished && sink.isEmpty() && queue.size() == 0) {
					break;
				}
				if (sink.isEmpty()) {
					Thread.onSpinWait();
				}
			}
			consumerDone.set(true);
		});
		consumer.start();
		start.countDown();
		assertThat(producersDone.await(15, TimeUnit.SECONDS)).isTrue();
		consumer.join(TimeUnit.SECONDS.toMillis(15));
		long[] accepted = new long[producers];
		for (int p = 0; p < producers; p++) {
			accepted[p] = acceptedSequences[p].cardinality();
		}
		assertThat(consumerDone).isTrue();
		assertThat(problem.get()).isNull();
		assertThat(received).containsExactly(accepted);
		long totalAccepted = 0;
		for (long count : accepted) {
			totalAccepted += count;
		}
		assertThat(queue.producerPosition()).isEqualTo(totalAccepted);
		assertThat(queue.consumerPosition()).isEqualTo(totalAccepted);
	}

	/**
	 * Starts one thread per entry of {@code accepted}; once {@code start} opens, each
	 * offers its producer index in the high bits and a sequence in the low bits, and
	 * marks the sequences the queue accepted.
	 * @return counted down as each producer returns
	 */
	private static CountDownLatch startProducers(BoundedMpscQueue<Long> queue, CountDownLatch start, BitSet[] accepted,
			int perProducer) {
		CountDownLatch producersDone = new CountDownLatch(accepted.length);
		for (int p = 0; p < accepted.length; p++) {
			int producer = p;
			new Thread(() -> {
				try {
					start.await();
					for (int i = 0; i < perProducer; i++) {
						if (queue.offer(((long) producer << 32) | i)) {
							accepted[producer].set(i);
						}
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					producersDone.countDown();
				}
			}).start();
		}
		return producersDone;
	}

	private static Object slot(BoundedMpscQueue<?> queue, int index) throws ReflectiveOperationException {
		Field slots = BoundedMpscQueue.class.getDeclaredField("slots");
		slots.setAccessible(true);
		return ((Object[]) slots.get(queue))[index];
	}

	private static AtomicLong tail(BoundedMpscQueue<?> queue) throws ReflectiveOperationException {
		Field tail = BoundedMpscQueue.class.getDeclaredField("tail");
		tail.setAccessible(true);
		return (AtomicLong) tail.get(queue);
	}

	// What tryOffer does once it has claimed the position.
	private static void fillAsAProducer(Object slot, Integer element, long position)
			throws ReflectiveOperationException {
		Method fill = slot.getClass().getDeclaredMethod("fill", Object.class, long.class);
		fill.setAccessible(true);
		fill.invoke(slot, element, 2 * position + 1);
	}

}

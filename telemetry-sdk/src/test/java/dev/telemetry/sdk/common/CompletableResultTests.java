package dev.telemetry.sdk.common;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link CompletableResult}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CompletableResultTests {

	@Test
	void sharedSuccessAndFailureAreComplete() {
		assertThat(CompletableResult.ofSuccess().isDone()).isTrue();
		assertThat(CompletableResult.ofSuccess().isSuccess()).isTrue();
		assertThat(CompletableResult.ofSuccess().getFailure()).isNull();
		assertThat(CompletableResult.ofFailure().isDone()).isTrue();
		assertThat(CompletableResult.ofFailure().isSuccess()).isFalse();
		assertThat(CompletableResult.ofFailure().getFailure()).isNull();
	}

	@Test
	void sharedResultsCannotBeCompletedAgain() {
		CompletableResult.ofSuccess().fail(new IllegalStateException());
		CompletableResult.ofFailure().succeed();
		assertThat(CompletableResult.ofSuccess().isSuccess()).isTrue();
		assertThat(CompletableResult.ofSuccess().getFailure()).isNull();
		assertThat(CompletableResult.ofFailure().isSuccess()).isFalse();
	}

	@Test
	void newResultIsIncomplete() {
		CompletableResult result = new CompletableResult();
		assertThat(result.isDone()).isFalse();
		assertThat(result.isSuccess()).isFalse();
		assertThat(result.getFailure()).isNull();
	}

	@Test
	void firstCompletionWins() {
		IllegalStateException cause = new IllegalStateException("first");
		CompletableResult failed = new CompletableResult().fail(cause);
		failed.succeed();
		failed.fail(new IllegalStateException("second"));
		assertThat(failed.isDone()).isTrue();
		assertThat(failed.isSuccess()).isFalse();
		assertThat(failed.getFailure()).isSameAs(cause);
		CompletableResult succeeded = new CompletableResult().succeed();
		succeeded.fail(cause);
		assertThat(succeeded.isSuccess()).isTrue();
		assertThat(succeeded.getFailure()).isNull();
	}

	@Test
	void callbacksRegisteredBeforeCompletionRunOnceOnCompletionInOrder() {
		CompletableResult result = new CompletableResult();
		List<String> calls = new CopyOnWriteArrayList<>();
		result.whenComplete(() -> calls.add("first"));
		result.whenComplete(() -> calls.add("second"));
		assertThat(calls).isEmpty();
		result.succeed();
		result.succeed();
		result.fail(null);
		assertThat(calls).containsExactly("first", "second");
	}

	@Test
	void callbackRegisteredAfterCompletionRunsImmediatelyOnTheCallingThread() {
		CompletableResult result = new CompletableResult().succeed();
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		CompletableResult returned = result.whenComplete(() -> ranOn.set(Thread.currentThread()));
		assertThat(ranOn.get()).isSameAs(Thread.currentThread());
		assertThat(returned).isSameAs(result);
	}

	@Test
	void callbacksRunOnTheCompletingThread() throws Exception {
		CompletableResult result = new CompletableResult();
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		result.whenComplete(() -> ranOn.set(Thread.currentThread()));
		Thread completer = new Thread(result::succeed, "completer");
		completer.start();
		completer.join(10_000);
		assertThat(ranOn.get()).isSameAs(completer);
	}

	@Test
	void ofAllOfNothingSucceeds() {
		CompletableResult all = CompletableResult.ofAll(List.of());
		assertThat(all.isSuccess()).isTrue();
	}

	@Test
	void ofAllSucceedsOnlyOnceEveryResultHasSucceeded() {
		CompletableResult first = new CompletableResult();
		CompletableResult second = new CompletableResult();
		CompletableResult all = CompletableResult.ofAll(List.of(first, second, CompletableResult.ofSuccess()));
		assertThat(all.isDone()).isFalse();
		second.succeed();
		assertThat(all.isDone()).isFalse();
		first.succeed();
		assertThat(all.isDone()).isTrue();
		assertThat(all.isSuccess()).isTrue();
	}

	@Test
	void ofAllFailsOnceAllHaveCompletedWithAFailure() {
		IllegalStateException cause = new IllegalStateException("export failed");
		CompletableResult failing = new CompletableResult();
		CompletableResult slow = new CompletableResult();
		CompletableResult all = CompletableResult.ofAll(List.of(failing, slow));
		failing.fail(cause);
		assertThat(all.isDone()).as("waits for the others").isFalse();
		slow.succeed();
		assertThat(all.isDone()).isTrue();
		assertThat(all.isSuccess()).isFalse();
		assertThat(all.getFailure()).isSameAs(cause);
	}

	@Test
	void ofAllReportsTheFirstFailureCause() {
		IllegalStateException firstCause = new IllegalStateException("first");
		CompletableResult first = new CompletableResult();
		CompletableResult second = new CompletableResult();
		CompletableResult all = CompletableResult.ofAll(List.of(first, second));
		second.fail(firstCause);
		first.fail(new IllegalStateException("second"));
		assertThat(all.getFailure()).isSameAs(firstCause);
	}

	@Test
	void ofAllOfCompletedResultsIsCompleteAtOnce() {
		assertThat(CompletableResult.ofAll(List.of(CompletableResult.ofSuccess(), CompletableResult.ofSuccess()))
			.isSuccess()).isTrue();
		CompletableResult failed = CompletableResult
			.ofAll(List.of(CompletableResult.ofSuccess(), CompletableResult.ofFailure()));
		assertThat(failed.isDone()).isTrue();
		assertThat(failed.isSuccess()).isFalse();
		assertThat(failed.getFailure()).isNull();
	}

	@Test
	void ofAllCompletesWhenResultsCompleteOnOtherThreads() throws Exception {
		int count = 16;
		List<CompletableResult> results = new CopyOnWriteArrayList<>();
		for (int i = 0; i < count; i++) {
			results.add(new CompletableResult());
		}
		CompletableResult all = CompletableResult.ofAll(results);
		AtomicInteger callbacks = new AtomicInteger();
		all.whenComplete(callbacks::incrementAndGet);
		CountDownLatch go = new CountDownLatch(1);
		Thread[] threads = new Thread[count];
		for (int i = 0; i < count; i++) {
			CompletableResult result = results.get(i);
			threads[i] = new Thread(() -> {
				try {
					go.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				result.succeed();
			});
			threads[i].start();
		}
		go.countDown();
		assertThat(all.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		for (Thread thread : threads) {
			thread.join(10_000);
		}
		assertThat(callbacks).hasValue(1);
	}

	@Test
	void joinReturnsAnIncompleteResultWhenTheTimeoutExpires() {
		CompletableResult result = new CompletableResult();
		long start = System.nanoTime();
		CompletableResult joined = result.join(20, TimeUnit.MILLISECONDS);
		long waitedNanos = System.nanoTime() - start;
		assertThat(joined).isSameAs(result);
		assertThat(joined.isDone()).isFalse();
		assertThat(waitedNanos).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
	}

	@Test
	void joinOnACompletedResultReturnsAtOnce() {
		assertThat(new CompletableResult().succeed().join(0, TimeUnit.NANOSECONDS).isSuccess()).isTrue();
		assertThat(CompletableResult.ofSuccess().join(1, TimeUnit.DAYS).isSuccess()).isTrue();
	}

	@Test
	void joinReturnsWhenAnotherThreadCompletes() throws Exception {
		CompletableResult result = new CompletableResult();
		CountDownLatch joining = new CountDownLatch(1);
		Thread completer = new Thread(() -> {
			try {
				joining.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			result.succeed();
		});
		completer.start();
		joining.countDown();
		assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		completer.join(10_000);
	}

	@Test
	void interruptedJoinReturnsAndKeepsTheInterruptFlag() {
		CompletableResult result = new CompletableResult();
		Thread.currentThread().interrupt();
		try {
			assertThat(result.join(10, TimeUnit.SECONDS).isDone()).isFalse();
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void throwingCallbackDoesNotStopTheOthers() {
		CompletableResult result = new CompletableResult();
		AtomicInteger ran = new AtomicInteger();
		result.whenComplete(() -> {
			throw new IllegalStateException("callback failed");
		});
		result.whenComplete(ran::incrementAndGet);
		assertThatNoException().isThrownBy(result::succeed);
		assertThat(ran).hasValue(1);
	}

}

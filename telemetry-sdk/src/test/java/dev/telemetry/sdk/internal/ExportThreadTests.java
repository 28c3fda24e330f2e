package dev.telemetry.sdk.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExportThread}.
 */
@Timeout(10)
class ExportThreadTests {

	private static final InheritableThreadLocal<String> REQUEST = new InheritableThreadLocal<>();

	@Test
	void tellsTheCodeItRunsThatItIsAnExportThread() throws Exception {
		CompletableFuture<Boolean> inside = new CompletableFuture<>();
		ExportThread thread = new ExportThread(() -> inside.complete(ExportThread.isCurrent()), "exporting");
		thread.start();

		assertThat(inside.get(5, TimeUnit.SECONDS)).isTrue();
		assertThat(ExportThread.isCurrent()).isFalse();
		assertThat(thread.getName()).isEqualTo("exporting");
		assertThat(thread.isDaemon()).isTrue();
	}

	@Test
	void mayBlockOnlyWithinTheTimeItsCallerWaits() throws Exception {
		long second = TimeUnit.SECONDS.toNanos(1);
		CompletableFuture<List<Boolean>> answers = new CompletableFuture<>();
		ExportThread thread = new ExportThread(() -> {
			List<Boolean> seen = new ArrayList<>();
			// No call begun: nothing bounds the thread but the exchange's own timeout.
			seen.add(ExportThread.mayBlockFor(60 * second));
			ExportThread.beginCall(10 * second);
			seen.add(ExportThread.mayBlockFor(5 * second));
			seen.add(ExportThread.mayBlockFor(20 * second));
			ExportThread.endCall();
			seen.add(ExportThread.mayBlockFor(20 * second));
			// No time left, as at a shutdown's deadline: not even a moment.
			ExportThread.beginCall(-1);
			seen.add(ExportThread.mayBlockFor(0));
			ExportThread.endCall();
			answers.complete(seen);
		}, "exporting");
		thread.start();

		assertThat(answers.get(5, TimeUnit.SECONDS)).containsExactly(true, true, false, true, false);
		// Any other thread hands its exchanges over.
		ExportThread.beginCall(10 * second);
		assertThat(ExportThread.mayBlockFor(0)).isFalse();
		ExportThread.endCall();
	}

	@Test
	void inheritsNothingFromTheThreadThatCreatedIt() throws Exception {
		REQUEST.set("request-scoped");
		ClassLoader creatorLoader = Thread.currentThread().getContextClassLoader();
		Thread.currentThread().setContextClassLoader(new ClassLoader(creatorLoader) {
		});
		try {
			CompletableFuture<String> seen = new CompletableFuture<>();
			ExportThread thread = new ExportThread(() -> seen.complete(String.valueOf(REQUEST.get())), "exporting");
			thread.start();

			assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("null");
			assertThat(thread.getContextClassLoader()).isSameAs(ExportThread.class.getClassLoader());
		}
		finally {
			Thread.currentThread().setContextClassLoader(creatorLoader);
			REQUEST.remove();
		}
	}

}

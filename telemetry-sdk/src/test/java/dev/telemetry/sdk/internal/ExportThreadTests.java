package dev.telemetry.sdk.internal;

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

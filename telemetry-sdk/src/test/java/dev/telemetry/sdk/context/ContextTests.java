package dev.telemetry.sdk.context;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;

import dev.telemetry.testing.LogCapture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Context}, {@link ContextKey} and the thread-local storage behind
 * {@link Context#makeCurrent()}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ContextTests {

	private static final ContextKey<String> NAME = ContextKey.named("name");

	private static final ContextKey<Integer> COUNT = ContextKey.named("count");

	@AfterEach
	void currentContextIsRootAgain() {
		assertThat(Context.current()).as("a test leaked a scope").isSameAs(Context.root());
	}

	@Test
	void rootHoldsNothing() {
		assertThat(Context.root().get(NAME)).isNull();
		assertThat(Context.root()).isSameAs(Context.root());
	}

	@Test
	void withReturnsANewContextAndLeavesTheOriginalUnchanged() {
		Context named = Context.root().with(NAME, "a");
		Context counted = named.with(COUNT, 1);
		assertThat(named.get(NAME)).isEqualTo("a");
		assertThat(named.get(COUNT)).isNull();
		assertThat(counted.get(NAME)).isEqualTo("a");
		assertThat(counted.get(COUNT)).isEqualTo(1);
		assertThat(Context.root().get(NAME)).isNull();
	}

	@Test
	void withReplacesAValueWithoutChangingTheOriginal() {
		Context first = Context.root().with(NAME, "first").with(COUNT, 1);
		Context second = first.with(NAME, "second");
		assertThat(second.get(NAME)).isEqualTo("second");
		assertThat(second.get(COUNT)).isEqualTo(1);
		assertThat(first.get(NAME)).isEqualTo("first");
	}

	@Test
	void withTheSameValueReturnsTheSameContext() {
		String value = "value";
		Context context = Context.root().with(NAME, value);
		assertThat(context.with(NAME, value)).isSameAs(context);
	}

	@Test
	void keysAreComparedByIdentity() {
		ContextKey<String> twin = ContextKey.named("name");
		Context context = Context.root().with(NAME, "mine");
		assertThat(context.get(twin)).isNull();
		Context both = context.with(twin, "theirs");
		assertThat(both.get(NAME)).isEqualTo("mine");
		assertThat(both.get(twin)).isEqualTo("theirs");
		assertThat(twin).hasToString("name");
	}

	@Test
	void currentIsRootByDefault() {
		assertThat(Context.current()).isSameAs(Context.root());
	}

	@Test
	void makeCurrentAttachesUntilClosed() {
		Context context = Context.root().with(NAME, "current");
		try (Scope ignored = context.makeCurrent()) {
			assertThat(Context.current()).isSameAs(context);
			assertThat(Context.current().get(NAME)).isEqualTo("current");
		}
		assertThat(Context.current()).isSameAs(Context.root());
	}

	@Test
	void nestedScopesRestoreInReverseOrder() {
		Context outer = Context.root().with(NAME, "outer");
		Context inner = outer.with(COUNT, 2);
		try (Scope outerScope = outer.makeCurrent()) {
			try (Scope innerScope = inner.makeCurrent()) {
				assertThat(Context.current()).isSameAs(inner);
				Context innermost = Context.current().with(NAME, "innermost");
				try (Scope innermostScope = innermost.makeCurrent()) {
					assertThat(Context.current().get(NAME)).isEqualTo("innermost");
					assertThat(Context.current().get(COUNT)).isEqualTo(2);
				}
				assertThat(Context.current()).isSameAs(inner);
			}
			assertThat(Context.current()).isSameAs(outer);
		}
		assertThat(Context.current()).isSameAs(Context.root());
	}

	@Test
	void attachingTheCurrentContextAgainIsHarmless() {
		Context context = Context.root().with(NAME, "same");
		try (Scope outer = context.makeCurrent()) {
			try (Scope again = context.makeCurrent()) {
				assertThat(Context.current()).isSameAs(context);
			}
			assertThat(Context.current()).as("closing the second attach keeps the first").isSameAs(context);
		}
	}

	@Test
	void closingAScopeTwiceRestoresOnlyOnce() {
		Context outer = Context.root().with(NAME, "outer");
		Context inner = Context.root().with(NAME, "inner");
		try (Scope outerScope = outer.makeCurrent()) {
			Scope innerScope = inner.makeCurrent();
			innerScope.close();
			assertThat(Context.current()).isSameAs(outer);
			Context other = Context.root().with(NAME, "other");
			try (Scope otherScope = other.makeCurrent()) {
				innerScope.close();
				assertThat(Context.current()).isSameAs(other);
			}
			assertThat(Context.current()).isSameAs(outer);
		}
	}

	@Test
	void closingAnOuterScopeFirstRestoresWhatWasCurrentBeforeIt() {
		Context outer = Context.root().with(NAME, "outer");
		Context first = Context.root().with(NAME, "first");
		Context second = Context.root().with(NAME, "second");
		try (Scope outerScope = outer.makeCurrent()) {
			Scope firstScope = first.makeCurrent();
			Scope secondScope = second.makeCurrent();
			firstScope.close();
			assertThat(Context.current()).isSameAs(outer);
			secondScope.close();
			assertThat(Context.current()).as("the leaked scope changes nothing once skipped").isSameAs(outer);
		}
	}

	@Test
	void aLeakedScopeDoesNotOutliveTheRequestOnAPooledThread() throws Exception {
		Context request = Context.root().with(NAME, "request");
		Context leaked = Context.root().with(NAME, "leaked by user code");
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Context seenByNextTask = pool.submit(() -> {
				try (Scope requestScope = request.makeCurrent()) {
					// Made current and never closed, as buggy user code does.
					leaked.makeCurrent();
				}
				return Context.current();
			}).get(10, TimeUnit.SECONDS);
			assertThat(seenByNextTask).isSameAs(Context.root());
			assertThat(pool.submit(Context::current).get(10, TimeUnit.SECONDS))
				.as("the next task on the same pooled thread")
				.isSameAs(Context.root());
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void misuseIsLoggedOnceWhileItRepeats() {
		ContextStorage.resetMisuseLog();
		try (LogCapture log = new LogCapture(ContextStorage.class)) {
			for (int i = 0; i < 3; i++) {
				Scope outer = Context.root().with(NAME, "outer" + i).makeCurrent();
				Context.root().with(NAME, "leaked" + i).makeCurrent();
				outer.close();
			}
			assertThat(log.messages(Level.WARNING)).singleElement()
				.asString()
				.contains("while a scope opened after it was still open");
		}
	}

	@Test
	void closingOnAnotherThreadLeavesBothThreadsAlone() throws Exception {
		Context context = Context.root().with(NAME, "opened here");
		Scope scope = context.makeCurrent();
		try {
			AtomicReference<Context> otherAfterClose = new AtomicReference<>();
			Thread thread = new Thread(() -> {
				scope.close();
				otherAfterClose.set(Context.current());
			});
			thread.start();
			thread.join(10_000);
			assertThat(otherAfterClose.get()).isSameAs(Context.root());
			assertThat(Context.current()).isSameAs(context);
		}
		finally {
			forceRoot();
		}
	}

	@Test
	void threadIsBackAtRootOnceAllScopesHaveClosedInAnyOrder() {
		Context first = Context.root().with(NAME, "first");
		Context second = Context.root().with(NAME, "second");
		Scope firstScope = first.makeCurrent();
		Scope secondScope = second.makeCurrent();
		try {
			firstScope.close();
			secondScope.close();
			assertThat(Context.current()).isSameAs(Context.root());
		}
		finally {
			forceRoot();
		}
	}

	@Test
	void currentContextIsPerThread() throws Exception {
		Context context = Context.root().with(NAME, "main thread");
		AtomicReference<Context> seenByOtherThread = new AtomicReference<>();
		try (Scope ignored = context.makeCurrent()) {
			Thread thread = new Thread(() -> seenByOtherThread.set(Context.current()));
			thread.start();
			thread.join(10_000);
		}
		assertThat(seenByOtherThread.get()).isSameAs(Context.root());
	}

	@Test
	void toStringListsTheEntries() {
		assertThat(Context.root()).hasToString("Context{}");
		assertThat(Context.root().with(NAME, "a").with(COUNT, 1)).hasToString("Context{name=a, count=1}");
	}

	private static void forceRoot() {
		if (Context.current() != Context.root()) {
			// Never closed on purpose: this scope leaves the root context attached.
			Context.root().makeCurrent();
		}
	}

}

package dev.telemetry.sdk.context;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.jspecify.annotations.Nullable;

/**
 * Holds the current {@link Context} per thread.
 * <p>
 * A scope closed out of order (a leak in instrumentation) is logged at FINE and still
 * restores what it replaced, so a thread is never left with a stale context once all of
 * its scopes have closed.
 */
final class ContextStorage {

	private static final Logger logger = Logger.getLogger(ContextStorage.class.getName());

	private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();

	private ContextStorage() {
	}

	static Context current() {
		Context context = CURRENT.get();
		return (context != null) ? context : Context.root();
	}

	static Scope attach(Context toAttach) {
		Context previous = CURRENT.get();
		if (previous == toAttach) {
			return NoopScope.INSTANCE;
		}
		CURRENT.set(toAttach);
		return new RestoringScope(previous, toAttach);
	}

	private enum NoopScope implements Scope {

		INSTANCE;

		@Override
		public void close() {
		}

	}

	private static final class RestoringScope implements Scope {

		private final @Nullable Context previous;

		private final Context attached;

		private boolean closed;

		RestoringScope(@Nullable Context previous, Context attached) {
			this.previous = previous;
			this.attached = attached;
		}

		@Override
		public void close() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			if (CURRENT.get() != this.attached && logger.isLoggable(Level.FINE)) {
				logger.fine("Scope closed out of order on thread " + Thread.currentThread().getName());
			}
			if (this.previous != null) {
				CURRENT.set(this.previous);
			}
			else {
				CURRENT.remove();
			}
		}

	}

}

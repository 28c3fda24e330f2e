package dev.telemetry.sdk.context;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.jspecify.annotations.Nullable;

/**
 * Holds the current {@link Context} per thread as a chain of open scopes, innermost
 * first.
 * <p>
 * Implementation: closing the innermost scope restores the nearest enclosing scope that
 * is still open (or the root context). Closing a scope out of order (a leak in
 * instrumentation) only marks it closed and is logged at FINE; the context it attached is
 * skipped when the scopes inside it close. So once all of a thread's scopes are closed,
 * in whatever order, the thread is back on the root context, never left with a stale one.
 */
final class ContextStorage {

	private static final Logger logger = Logger.getLogger(ContextStorage.class.getName());

	private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

	private ContextStorage() {
	}

	static Context current() {
		Frame frame = CURRENT.get();
		return (frame != null) ? frame.context : Context.root();
	}

	static Scope attach(Context toAttach) {
		Frame current = CURRENT.get();
		if ((current != null) ? current.context == toAttach : toAttach == Context.root()) {
			return NoopScope.INSTANCE;
		}
		Frame frame = new Frame(toAttach, current);
		CURRENT.set(frame);
		return frame;
	}

	private enum NoopScope implements Scope {

		INSTANCE;

		@Override
		public void close() {
		}

	}

	/**
	 * One open scope: the context it attached and the scope that was current before it.
	 */
	private static final class Frame implements Scope {

		private final Context context;

		private final @Nullable Frame outer;

		private boolean closed;

		Frame(Context context, @Nullable Frame outer) {
			this.context = context;
			this.outer = outer;
		}

		@Override
		public void close() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			if (CURRENT.get() != this) {
				if (logger.isLoggable(Level.FINE)) {
					logger.fine("Scope closed out of order on thread " + Thread.currentThread().getName());
				}
				return;
			}
			Frame restore = this.outer;
			while (restore != null && restore.closed) {
				restore = restore.outer;
			}
			// Set to null rather than removed: the thread keeps its entry, so the next
			// request's scope neither allocates a new one nor makes the map clean up.
			CURRENT.set(restore);
		}

	}

}

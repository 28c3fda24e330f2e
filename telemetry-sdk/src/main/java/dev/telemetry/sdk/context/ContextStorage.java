package dev.telemetry.sdk.context;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.internal.ThrottledLogger;
import org.jspecify.annotations.Nullable;

/**
 * Holds the current {@link Context} per thread as a chain of open scopes, innermost
 * first.
 * <p>
 * Implementation: closing a scope restores the context that was current before it opened,
 * whatever was opened after it and is still open. A scope closed out of order (an inner
 * scope leaked by instrumentation) therefore cannot leave its inner context current on a
 * pooled thread, where later requests would join a stale, ended span; the scopes it
 * skipped become no-ops. The misuse is logged at WARNING at most once a minute. A scope
 * closed on another thread than the one that opened it cannot change that thread's
 * context; it is only marked closed (and logged), and is skipped when the scopes around
 * it close.
 */
final class ContextStorage {

	private static final Logger logger = Logger.getLogger(ContextStorage.class.getName());

	// Static like the thread-local it watches: otherwise one leaking instrumentation
	// would log once per request.
	private static final ThrottledLogger misuseLogger = new ThrottledLogger(logger, Duration.ofMinutes(1),
			Clock.system());

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

	/**
	 * Lets the next misuse warning through at once; for tests that count them.
	 */
	static void resetMisuseLog() {
		misuseLogger.reset();
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
			Frame current = CURRENT.get();
			if (current != this) {
				if (!isOpenWithin(current)) {
					misuseLogger
						.log(Level.WARNING,
								"A context scope was closed on thread " + Thread.currentThread().getName()
										+ " that did not open it, or after an enclosing scope; it changed nothing",
								null);
					return;
				}
				misuseLogger.log(Level.WARNING, "A context scope was closed on thread "
						+ Thread.currentThread().getName() + " while a scope opened after it was still open; "
						+ "restored the context from before it (some instrumentation does not close its scopes)", null);
			}
			Frame restore = this.outer;
			while (restore != null && restore.closed) {
				restore = restore.outer;
			}
			// Set to null rather than removed: the thread keeps its entry, so the next
			// request's scope neither allocates a new one nor makes the map clean up.
			CURRENT.set(restore);
		}

		private boolean isOpenWithin(@Nullable Frame innermost) {
			for (Frame frame = innermost; frame != null; frame = frame.outer) {
				if (frame == this) {
					return true;
				}
			}
			return false;
		}

	}

}

package dev.telemetry.sdk.internal;

/**
 * A thread that exists only to hand telemetry to an exporter and wait for the outcome,
 * such as a batch span processor's worker. An exporter called on one may do its network
 * exchange right there, blocking, bounded by its own timeout, instead of passing it to a
 * thread of its own and waking the caller when it is done: the caller would wait anyway,
 * and the two hand-offs per call cost more CPU than the exchange's own bookkeeping.
 * <p>
 * Whoever waits for the call's outcome can say for how long with
 * {@link #beginCall(long)}: an exporter blocks the thread only for an exchange that ends
 * within that (see {@link #mayBlockFor(long)}), and otherwise hands it to a thread of its
 * own, as it does when called anywhere else.
 * <p>
 * Created without inherited thread locals, as a daemon, with this class's loader as its
 * context class loader, so that it holds on to nothing of the thread that created it.
 *
 * @since 0.1.0
 */
public final class ExportThread extends Thread {

	// Read and written by this thread only. In System.nanoTime(): the caller's clock may
	// be a test's, while the exporter's deadlines are real time.
	private boolean callBounded;

	private long callDeadlineNanos;

	/**
	 * Creates an export thread, not yet started.
	 * @param task what the thread runs
	 * @param name the thread's name
	 */
	public ExportThread(Runnable task, String name) {
		super(null, task, name, 0, false);
		setDaemon(true);
		// Not the creator's context class loader, which may belong to something shorter
		// lived (a test, a redeployable web application) than this thread.
		setContextClassLoader(ExportThread.class.getClassLoader());
	}

	/**
	 * Returns whether the calling thread is an export thread, which an exporter may block
	 * on its network exchange.
	 * @return whether the current thread is an {@code ExportThread}
	 */
	public static boolean isCurrent() {
		return Thread.currentThread() instanceof ExportThread;
	}

	/**
	 * Marks the start of a call to an exporter whose outcome the calling thread waits for
	 * at most {@code timeoutNanos}. Does nothing on any other thread.
	 * @param timeoutNanos how long the caller waits for the call's outcome, from now
	 * @see #endCall()
	 */
	public static void beginCall(long timeoutNanos) {
		if (Thread.currentThread() instanceof ExportThread thread) {
			thread.callDeadlineNanos = System.nanoTime() + Math.max(0, timeoutNanos);
			thread.callBounded = true;
		}
	}

	/**
	 * Marks the end of the call started with {@link #beginCall(long)}.
	 */
	public static void endCall() {
		if (Thread.currentThread() instanceof ExportThread thread) {
			thread.callBounded = false;
		}
	}

	/**
	 * Returns whether the calling thread is an export thread that may block for
	 * {@code nanos} from now: the call in progress, if its caller gave a bound, waits
	 * longer than that. An exchange that may take longer is handed to another thread, so
	 * that the caller is free at its own deadline.
	 * @param nanos the most the blocking may take
	 * @return whether the current thread may block for {@code nanos}
	 */
	public static boolean mayBlockFor(long nanos) {
		if (!(Thread.currentThread() instanceof ExportThread thread)) {
			return false;
		}
		return !thread.callBounded || thread.callDeadlineNanos - System.nanoTime() > nanos;
	}

}

package dev.telemetry.sdk.internal;

/**
 * A thread that exists only to hand telemetry to an exporter and wait for the outcome,
 * such as a batch span processor's worker. An exporter called on one may do its network
 * exchange right there, blocking, bounded by its own timeout, instead of passing it to a
 * thread of its own and waking the caller when it is done: the caller would wait anyway,
 * and the two hand-offs per call cost more CPU than the exchange's own bookkeeping.
 * <p>
 * Created without inherited thread locals, as a daemon, with this class's loader as its
 * context class loader, so that it holds on to nothing of the thread that created it.
 *
 * @since 0.1.0
 */
public final class ExportThread extends Thread {

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

}

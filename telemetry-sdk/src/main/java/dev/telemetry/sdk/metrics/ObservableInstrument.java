package dev.telemetry.sdk.metrics;

/**
 * An asynchronous instrument's registration: closing it removes its callback, so later
 * collections no longer call it.
 * <p>
 * Thread-safe; closing twice does nothing.
 *
 * @since 0.1.0
 */
public interface ObservableInstrument extends AutoCloseable {

	/**
	 * Removes the callback.
	 */
	@Override
	void close();

}

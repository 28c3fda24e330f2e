package dev.telemetry.sdk.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import dev.telemetry.sdk.metrics.internal.state.AsynchronousStorage;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous instrument's callback with the storages it feeds, per reader. Closing
 * it removes it from every reader.
 */
final class CallbackRegistration implements ObservableInstrument {

	final InstrumentDescriptor instrument;

	final Consumer<? super CallbackMeasurement> callback;

	final Map<ReaderPipeline, List<AsynchronousStorage>> storages;

	// The run still going per reader: a callback that hangs is not started again until
	// it returns, so it holds at most one thread per reader.
	final Map<ReaderPipeline, Future<?>> running = new ConcurrentHashMap<>();

	CallbackRegistration(InstrumentDescriptor instrument, Consumer<? super CallbackMeasurement> callback,
			Map<ReaderPipeline, List<AsynchronousStorage>> storages) {
		this.instrument = instrument;
		this.callback = callback;
		this.storages = Map.copyOf(storages);
	}

	@Nullable Future<?> running(ReaderPipeline reader) {
		Future<?> future = this.running.get(reader);
		return (future != null && !future.isDone()) ? future : null;
	}

	@Override
	public void close() {
		this.storages.keySet().forEach((reader) -> reader.removeCallback(this));
	}

	@Override
	public String toString() {
		return "callback of " + this.instrument.name();
	}

}

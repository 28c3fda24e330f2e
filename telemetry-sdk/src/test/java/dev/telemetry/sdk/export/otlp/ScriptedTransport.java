package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A transport that answers each attempt at once with the next scripted outcome, or, with
 * none left, never answers (keeping the callback, as a channel whose cancelled calls have
 * not reported yet). Remembers the timeout of every attempt; terminated as soon as it is
 * told to stop. For tests of {@link RetryingExporter} without a network.
 */
final class ScriptedTransport implements OtlpTransport {

	final List<Duration> timeouts = new ArrayList<>();

	final AtomicReference<Consumer<AttemptOutcome>> unanswered = new AtomicReference<>();

	private final Deque<AttemptOutcome> outcomes = new ArrayDeque<>();

	private volatile boolean shutDown;

	void answer(AttemptOutcome... outcomes) {
		this.outcomes.addAll(List.of(outcomes));
	}

	@Override
	public Call newCall(EncodedRequest request) {
		return this::send;
	}

	private void send(long timeoutNanos, Consumer<AttemptOutcome> callback) {
		this.timeouts.add(Duration.ofNanos(timeoutNanos));
		AttemptOutcome outcome = this.outcomes.poll();
		if (outcome != null) {
			callback.accept(outcome);
		}
		else {
			this.unanswered.set(callback);
		}
	}

	@Override
	public void shutdown() {
		this.shutDown = true;
	}

	@Override
	public void shutdownNow() {
		this.shutDown = true;
	}

	@Override
	public boolean isTerminated() {
		return this.shutDown;
	}

}

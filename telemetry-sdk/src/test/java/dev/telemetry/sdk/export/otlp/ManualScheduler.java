package dev.telemetry.sdk.export.otlp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on a {@link ManualClock}: {@link #execute} runs at once on the caller's
 * thread, scheduled tasks run only when {@link #advance(Duration)} moves time past them,
 * in order of their due time. Single-threaded; for tests of timing logic without waiting.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

	private final ManualClock clock;

	private final List<Task> tasks = new ArrayList<>();

	private boolean shutdown;

	ManualScheduler(ManualClock clock) {
		this.clock = clock;
	}

	/**
	 * Returns the delays of the tasks waiting to run, from now, earliest first.
	 * @return the delays
	 */
	List<Duration> pendingDelays() {
		return this.tasks.stream()
			.filter((task) -> !task.isCancelled())
			.sorted(Comparator.comparingLong((Task task) -> task.due))
			.map((task) -> Duration.ofNanos(task.due - this.clock.nanoTime()))
			.toList();
	}

	/**
	 * Moves time forward, running every task that falls due on the way at its due time.
	 * @param duration how far
	 */
	void advance(Duration duration) {
		long target = this.clock.nanoTime() + duration.toNanos();
		while (true) {
			Task next = this.tasks.stream()
				.filter((task) -> !task.isCancelled() && task.due <= target)
				.min(Comparator.comparingLong((Task task) -> task.due))
				.orElse(null);
			if (next == null) {
				break;
			}
			this.tasks.remove(next);
			this.clock.advance(Duration.ofNanos(Math.max(0, next.due - this.clock.nanoTime())));
			next.run();
		}
		this.clock.advance(Duration.ofNanos(target - this.clock.nanoTime()));
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
		if (this.shutdown) {
			throw new RejectedExecutionException("shut down");
		}
		Task task = new Task(command, this.clock.nanoTime() + unit.toNanos(delay));
		this.tasks.add(task);
		return task;
	}

	@Override
	public void execute(Runnable command) {
		if (this.shutdown) {
			throw new RejectedExecutionException("shut down");
		}
		command.run();
	}

	@Override
	public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
		throw new UnsupportedOperationException();
	}

	@Override
	public void shutdown() {
		this.shutdown = true;
	}

	@Override
	public List<Runnable> shutdownNow() {
		this.shutdown = true;
		List<Runnable> left = new ArrayList<>(this.tasks);
		this.tasks.clear();
		return left;
	}

	@Override
	public boolean isShutdown() {
		return this.shutdown;
	}

	@Override
	public boolean isTerminated() {
		return this.shutdown;
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) {
		return this.shutdown;
	}

	private final class Task implements ScheduledFuture<Object>, Runnable {

		private final Runnable command;

		private final long due;

		private boolean cancelled;

		private boolean done;

		Task(Runnable command, long due) {
			this.command = command;
			this.due = due;
		}

		@Override
		public void run() {
			this.done = true;
			this.command.run();
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(this.due - ManualScheduler.this.clock.nanoTime(), TimeUnit.NANOSECONDS);
		}

		@Override
		public int compareTo(Delayed other) {
			return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			if (this.done || this.cancelled) {
				return false;
			}
			this.cancelled = true;
			ManualScheduler.this.tasks.remove(this);
			return true;
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		@Override
		public boolean isDone() {
			return this.done || this.cancelled;
		}

		@Override
		public Object get() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Object get(long timeout, TimeUnit unit) {
			throw new UnsupportedOperationException();
		}

	}

}

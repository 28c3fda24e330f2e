package dev.telemetry.autoconfigure.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.trace.SamplerControl;
import dev.telemetry.autoconfigure.trace.SamplerSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Run-time changes of the sampler made through the endpoint: who made the one in effect,
 * when, and until when. A change with a duration reverts on its own to the configuration
 * once the duration has passed, measured with the given clock; a background check looks
 * every {@code checkInterval} while such a change is in effect, and every read looks too.
 * Every change and every revert is logged once at INFO, with what changed and who changed
 * it.
 * <p>
 * Thread-safe: changes are serialized; reads see the latest published change.
 */
final class SamplerSteering implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SamplerSteering.class);

	private final SamplerControl control;

	private final String configuredDescription;

	private final List<SamplerSettings.Rule> configuredRules;

	private final Clock clock;

	private final Duration checkInterval;

	private final Object lock = new Object();

	// guarded by lock for writes
	private volatile @Nullable Change change;

	// guarded by lock
	private @Nullable ScheduledExecutorService scheduler;

	// guarded by lock
	private @Nullable ScheduledFuture<?> check;

	SamplerSteering(SamplerControl control, Clock clock, Duration checkInterval) {
		this.control = control;
		this.configuredDescription = control.getDescription();
		this.configuredRules = control.getRules();
		this.clock = clock;
		this.checkInterval = checkInterval;
	}

	/**
	 * Sets the ratio, for a while or until the next change.
	 * @param ratio the ratio
	 * @param duration how long, or {@code null} for no limit
	 * @param who who asked
	 * @throws IllegalArgumentException when the ratio is invalid
	 * @throws IllegalStateException when the sampler has no ratio
	 */
	void setRatio(double ratio, @Nullable Duration duration, String who) {
		synchronized (this.lock) {
			String before = this.control.getDescription();
			this.control.setRatio(ratio);
			changed("ratio " + ratio, before, duration, who);
		}
	}

	/**
	 * Switches to the rules of {@code telemetry.tracing.sampler.rules}, for a while or
	 * until the next change.
	 * @param duration how long, or {@code null} for no limit
	 * @param who who asked
	 * @throws IllegalStateException when no rules are configured
	 */
	void useConfiguredRules(@Nullable Duration duration, String who) {
		if (this.configuredRules.isEmpty()) {
			throw new IllegalStateException("No rules are configured (telemetry.tracing.sampler.rules)");
		}
		synchronized (this.lock) {
			String before = this.control.getDescription();
			this.control.setRules(this.configuredRules);
			changed("the configured rules", before, duration, who);
		}
	}

	/**
	 * Goes back to the sampler of the configuration.
	 * @param who who asked
	 */
	void reset(String who) {
		synchronized (this.lock) {
			String before = this.control.getDescription();
			this.control.reset();
			this.change = null;
			cancelCheck();
			logger.info("Sampler reset to the configuration by " + who + ": " + before + " -> "
					+ this.control.getDescription());
		}
	}

	/**
	 * Reverts a change whose time is up.
	 * @return whether it reverted
	 */
	boolean revertIfDue() {
		Change current = this.change;
		if (current == null || current.until() == null || this.clock.instant().isBefore(current.until())) {
			return false;
		}
		synchronized (this.lock) {
			current = this.change;
			if (current == null || current.until() == null || this.clock.instant().isBefore(current.until())) {
				return false;
			}
			String before = this.control.getDescription();
			this.control.reset();
			this.change = null;
			cancelCheck();
			logger.info("Sampler change by " + current.changedBy() + " at " + current.changedAt() + " expired at "
					+ current.until() + "; reverted to the configuration: " + before + " -> "
					+ this.control.getDescription());
			return true;
		}
	}

	/**
	 * Returns the change in effect.
	 * @return the change, or {@code null} when the configuration is in effect
	 */
	@Nullable Change getChange() {
		revertIfDue();
		return this.change;
	}

	SamplerControl getControl() {
		return this.control;
	}

	String getConfiguredDescription() {
		return this.configuredDescription;
	}

	// guarded by lock
	private void changed(String what, String before, @Nullable Duration duration, String who) {
		Instant now = this.clock.instant();
		Instant until = (duration != null) ? now.plus(duration) : null;
		this.change = new Change(what, who, now, until);
		cancelCheck();
		if (until != null) {
			scheduleCheck();
		}
		logger.info("Sampler changed to " + what + " by " + who + ((until != null) ? " until " + until : "") + ": "
				+ before + " -> " + this.control.getDescription());
	}

	// guarded by lock
	private void scheduleCheck() {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler == null) {
			scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "telemetry-sampler-revert");
				thread.setDaemon(true);
				return thread;
			});
			this.scheduler = scheduler;
		}
		long interval = this.checkInterval.toNanos();
		this.check = scheduler.scheduleWithFixedDelay(this::revertIfDue, interval, interval, TimeUnit.NANOSECONDS);
	}

	// guarded by lock
	private void cancelCheck() {
		ScheduledFuture<?> check = this.check;
		if (check != null) {
			check.cancel(false);
			this.check = null;
		}
	}

	@Override
	public void close() {
		synchronized (this.lock) {
			cancelCheck();
			if (this.scheduler != null) {
				this.scheduler.shutdownNow();
			}
		}
	}

	/**
	 * A change made at run time.
	 *
	 * @param what what was set
	 * @param changedBy who set it
	 * @param changedAt when
	 * @param until when it reverts, or {@code null} if it does not on its own
	 */
	record Change(String what, String changedBy, Instant changedAt, @Nullable Instant until) {

	}

}

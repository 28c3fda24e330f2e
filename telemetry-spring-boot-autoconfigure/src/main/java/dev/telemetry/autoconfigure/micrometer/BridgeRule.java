package dev.telemetry.autoconfigure.micrometer;

import java.util.Set;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Meter;

/**
 * Which Micrometer meters the bridge exports: all of them, except those that would
 * measure a second time what this starter already measures by the semantic conventions:
 * <ul>
 * <li>while the runtime metrics are on, Micrometer's JVM meters ({@code jvm.*},
 * {@code process.cpu.usage}, {@code process.cpu.time}, {@code system.cpu.count});</li>
 * <li>the SDK's self-metrics ({@code otel.sdk.*}), which the starter records as
 * instruments of its meter provider already;</li>
 * <li>unless {@code observation-meters} is set, the timer Spring's meter observation
 * handler names after an observation the metrics handler measured, and its
 * {@code <name>.active} long task timer.</li>
 * </ul>
 * Thread-safe; one set look-up or two per question.
 */
final class BridgeRule implements Predicate<Meter.Id> {

	private static final String ACTIVE_SUFFIX = ".active";

	private static final String SELF_METRICS_PREFIX = "otel.sdk.";

	private static final Set<String> RUNTIME_METERS = Set.of("process.cpu.usage", "process.cpu.time",
			"system.cpu.count");

	private final boolean runtimeMetrics;

	private final Predicate<String> measuredObservation;

	/**
	 * Creates a rule.
	 * @param runtimeMetrics whether the semantic-convention JVM metrics are on
	 * @param measuredObservation whether observations of a name are measured by the
	 * metrics handler; always false to bridge every observation timer
	 */
	BridgeRule(boolean runtimeMetrics, Predicate<String> measuredObservation) {
		this.runtimeMetrics = runtimeMetrics;
		this.measuredObservation = measuredObservation;
	}

	@Override
	public boolean test(Meter.Id id) {
		String name = id.getName();
		if (name.startsWith(SELF_METRICS_PREFIX)) {
			return false;
		}
		if (this.runtimeMetrics && isRuntimeMeter(name)) {
			return false;
		}
		if (this.measuredObservation.test(name)) {
			return id.getType() != Meter.Type.TIMER;
		}
		if (name.endsWith(ACTIVE_SUFFIX) && id.getType() == Meter.Type.LONG_TASK_TIMER) {
			return !this.measuredObservation.test(name.substring(0, name.length() - ACTIVE_SUFFIX.length()));
		}
		return true;
	}

	static boolean isRuntimeMeter(String name) {
		return name.startsWith("jvm.") || RUNTIME_METERS.contains(name);
	}

}

package dev.telemetry.autoconfigure.runtime;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.DoubleHistogram;
import dev.telemetry.sdk.metrics.Meter;
import dev.telemetry.sdk.metrics.ObservableDoubleMeasurement;
import dev.telemetry.sdk.metrics.ObservableLongMeasurement;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The JVM runtime metrics of the OpenTelemetry semantic conventions, read from the
 * platform MXBeans: memory by pool ({@code jvm.memory.used}, {@code .committed},
 * {@code .limit}, {@code .used_after_last_gc}), garbage collection pauses
 * ({@code jvm.gc.duration}, from GC notifications), threads by daemon flag and state
 * ({@code jvm.thread.count}), classes ({@code jvm.class.loaded}, {@code .unloaded},
 * {@code .count}) and CPU ({@code jvm.cpu.time}, {@code jvm.cpu.count},
 * {@code jvm.cpu.recent_utilization}).
 * <p>
 * All but {@code jvm.gc.duration} are asynchronous instruments, read when the metrics are
 * collected; GC notifications arrive on the JVM's own notification thread. No thread of
 * its own. {@link #close()} removes the GC listeners and the callbacks.
 */
final class JvmRuntimeMetrics implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(JvmRuntimeMetrics.class);

	static final List<Double> GC_DURATION_BOUNDARIES = List.of(0.01, 0.1, 1.0, 10.0);

	private static final String[] THREAD_STATES = stateNames();

	private final List<AutoCloseable> registrations = new ArrayList<>();

	JvmRuntimeMetrics(Meter meter) {
		memory(meter);
		threads(meter);
		classes(meter);
		cpu(meter);
		garbageCollection(meter);
	}

	private void memory(Meter meter) {
		List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
		List<Attributes> attributes = new ArrayList<>(pools.size());
		for (MemoryPoolMXBean pool : pools) {
			attributes.add(Attributes.builder()
				.put("jvm.memory.type", (pool.getType() == MemoryType.HEAP) ? "heap" : "non_heap")
				.put("jvm.memory.pool.name", pool.getName())
				.build());
		}
		memoryMetric(meter, "jvm.memory.used", "Measure of memory used.", pools, attributes, MemoryPoolMXBean::getUsage,
				MemoryUsage::getUsed);
		memoryMetric(meter, "jvm.memory.committed", "Measure of memory committed.", pools, attributes,
				MemoryPoolMXBean::getUsage, MemoryUsage::getCommitted);
		memoryMetric(meter, "jvm.memory.limit", "Measure of max obtainable memory.", pools, attributes,
				MemoryPoolMXBean::getUsage, MemoryUsage::getMax);
		memoryMetric(meter, "jvm.memory.used_after_last_gc",
				"Measure of memory used, as measured after the most recent garbage collection event on this pool.",
				pools, attributes, MemoryPoolMXBean::getCollectionUsage, MemoryUsage::getUsed);
	}

	private void memoryMetric(Meter meter, String name, String description, List<MemoryPoolMXBean> pools,
			List<Attributes> attributes, Function<MemoryPoolMXBean, MemoryUsage> usage,
			java.util.function.ToLongFunction<MemoryUsage> value) {
		this.registrations.add(meter.upDownCounterBuilder(name)
			.setUnit("By")
			.setDescription(description)
			.buildWithCallback((measurement) -> {
				for (int i = 0; i < pools.size(); i++) {
					MemoryUsage current = usage.apply(pools.get(i));
					if (current != null) {
						long bytes = value.applyAsLong(current);
						// -1 means undefined (a pool with no limit, or never collected).
						if (bytes >= 0) {
							measurement.record(bytes, attributes.get(i));
						}
					}
				}
			}));
	}

	private void threads(Meter meter) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		Attributes[] attributes = new Attributes[2 * THREAD_STATES.length];
		for (int daemon = 0; daemon < 2; daemon++) {
			for (int state = 0; state < THREAD_STATES.length; state++) {
				attributes[daemon * THREAD_STATES.length + state] = Attributes.builder()
					.put("jvm.thread.daemon", daemon == 1)
					.put("jvm.thread.state", THREAD_STATES[state])
					.build();
			}
		}
		this.registrations.add(meter.upDownCounterBuilder("jvm.thread.count")
			.setUnit("{thread}")
			.setDescription("Number of executing platform threads.")
			.buildWithCallback((measurement) -> recordThreads(threads, attributes, measurement)));
	}

	private static void recordThreads(ThreadMXBean threads, Attributes[] attributes,
			ObservableLongMeasurement measurement) {
		long[] counts = new long[attributes.length];
		for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			// null: the thread ended between the two calls.
			if (info != null) {
				counts[(info.isDaemon() ? THREAD_STATES.length : 0) + info.getThreadState().ordinal()]++;
			}
		}
		for (int i = 0; i < counts.length; i++) {
			if (counts[i] > 0) {
				measurement.record(counts[i], attributes[i]);
			}
		}
	}

	private void classes(Meter meter) {
		ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
		this.registrations.add(meter.counterBuilder("jvm.class.loaded")
			.setUnit("{class}")
			.setDescription("Number of classes loaded since JVM start.")
			.buildWithCallback((measurement) -> measurement.record(classes.getTotalLoadedClassCount())));
		this.registrations.add(meter.counterBuilder("jvm.class.unloaded")
			.setUnit("{class}")
			.setDescription("Number of classes unloaded since JVM start.")
			.buildWithCallback((measurement) -> measurement.record(classes.getUnloadedClassCount())));
		this.registrations.add(meter.upDownCounterBuilder("jvm.class.count")
			.setUnit("{class}")
			.setDescription("Number of classes currently loaded.")
			.buildWithCallback((measurement) -> measurement.record(classes.getLoadedClassCount())));
	}

	private void cpu(Meter meter) {
		this.registrations.add(meter.upDownCounterBuilder("jvm.cpu.count")
			.setUnit("{cpu}")
			.setDescription("Number of processors available to the Java virtual machine.")
			.buildWithCallback((measurement) -> measurement.record(Runtime.getRuntime().availableProcessors())));
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (!(os instanceof com.sun.management.OperatingSystemMXBean hotspot)) {
			return;
		}
		this.registrations.add(meter.counterBuilder("jvm.cpu.time")
			.ofDoubles()
			.setUnit("s")
			.setDescription("CPU time used by the process as reported by the JVM.")
			.buildWithCallback((measurement) -> recordCpuTime(hotspot, measurement)));
		this.registrations.add(meter.gaugeBuilder("jvm.cpu.recent_utilization")
			.setUnit("1")
			.setDescription("Recent CPU utilization for the process as reported by the JVM.")
			.buildWithCallback((measurement) -> {
				double load = hotspot.getProcessCpuLoad();
				// Negative: not available yet.
				if (load >= 0) {
					measurement.record(load);
				}
			}));
	}

	private static void recordCpuTime(com.sun.management.OperatingSystemMXBean os,
			ObservableDoubleMeasurement measurement) {
		long nanos = os.getProcessCpuTime();
		if (nanos >= 0) {
			measurement.record(nanos / 1e9);
		}
	}

	private void garbageCollection(Meter meter) {
		if (!isGcNotificationAvailable()) {
			return;
		}
		DoubleHistogram duration = meter.histogramBuilder("jvm.gc.duration")
			.setUnit("s")
			.setDescription("Duration of JVM garbage collection actions.")
			.setExplicitBucketBoundariesAdvice(GC_DURATION_BOUNDARIES)
			.build();
		GcListener listener = new GcListener(duration);
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (collector instanceof NotificationEmitter emitter) {
				emitter.addNotificationListener(listener, null, null);
				this.registrations.add(() -> removeListener(emitter, listener));
			}
		}
	}

	private static void removeListener(NotificationEmitter emitter, NotificationListener listener) {
		try {
			emitter.removeNotificationListener(listener);
		}
		catch (ListenerNotFoundException ex) {
			// Already gone.
		}
	}

	private static boolean isGcNotificationAvailable() {
		try {
			Class.forName("com.sun.management.GarbageCollectionNotificationInfo", false,
					JvmRuntimeMetrics.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			logger.debug("jvm.gc.duration is not recorded: this JVM has no GC notifications");
			return false;
		}
	}

	@Override
	public void close() {
		for (AutoCloseable registration : this.registrations) {
			try {
				registration.close();
			}
			catch (Exception ex) {
				logger.debug("Could not remove a JVM metric", ex);
			}
		}
		this.registrations.clear();
	}

	private static String[] stateNames() {
		Thread.State[] states = Thread.State.values();
		String[] names = new String[states.length];
		for (int i = 0; i < states.length; i++) {
			names[i] = states[i].name().toLowerCase(Locale.ROOT);
		}
		return names;
	}

	/**
	 * Records each collection's duration, by collector name and action, from the GC
	 * notifications the JVM sends.
	 */
	static final class GcListener implements NotificationListener {

		private final DoubleHistogram duration;

		private final ConcurrentHashMap<String, ConcurrentHashMap<String, Attributes>> attributes = new ConcurrentHashMap<>();

		GcListener(DoubleHistogram duration) {
			this.duration = duration;
		}

		@Override
		public void handleNotification(Notification notification, Object handback) {
			if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())
					|| !(notification.getUserData() instanceof CompositeData data)) {
				return;
			}
			GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(data);
			record(info.getGcName(), info.getGcAction(), info.getGcInfo().getDuration());
		}

		void record(String gcName, String gcAction, long durationMillis) {
			Attributes series = this.attributes.computeIfAbsent(gcName, (name) -> new ConcurrentHashMap<>())
				.computeIfAbsent(gcAction,
						(action) -> Attributes.builder()
							.put("jvm.gc.name", gcName)
							.put("jvm.gc.action", action)
							.build());
			this.duration.record(durationMillis / 1e3, series);
		}

	}

}

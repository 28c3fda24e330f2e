package dev.telemetry.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark (or those matching a pattern) in one JMH run with the GC profiler
 * and prints the contenders side by side as Markdown tables, with the ratios the targets
 * are stated in.
 * <p>
 * Usage: {@code java -cp benchmarks.jar dev.telemetry.benchmarks.SideBySide
 * [quick|medium|full] [regex]}. {@code quick}: 1 fork, 2 warm-up and 3 measured
 * iterations of 1 second (about 7 minutes on 2 cores); {@code medium}: 2 forks, 3 + 5
 * (about 25 minutes), for the observation benchmarks whose differences are small against
 * the noise; {@code full}: what the benchmark classes declare (3 forks, 5 + 5
 * iterations). The raw JMH results go to {@code jmh-<mode>.json}.
 */
public final class SideBySide {

	static final String DROPS_PROPERTY = "telemetry.benchmarks.drops";

	private static final String BENCHMARKS = "dev\\.telemetry\\.benchmarks\\..*Benchmark\\.";

	private SideBySide() {
	}

	public static void main(String[] args) throws RunnerException, IOException {
		String mode = (args.length > 0) ? args[0] : "quick";
		String include = (args.length > 1) ? args[1] : BENCHMARKS;
		Path drops = Files.createTempFile("telemetry-drops", ".txt");
		ChainedOptionsBuilder options = new OptionsBuilder().include(include)
			.addProfiler(GCProfiler.class)
			.jvmArgsAppend("-D" + DROPS_PROPERTY + "=" + drops)
			.resultFormat(ResultFormatType.JSON)
			.result("jmh-" + mode + ".json");
		if (mode.equals("quick")) {
			options.forks(1)
				.warmupIterations(2)
				.warmupTime(TimeValue.seconds(1))
				.measurementIterations(3)
				.measurementTime(TimeValue.seconds(1));
		}
		else if (mode.equals("medium")) {
			options.forks(2)
				.warmupIterations(3)
				.warmupTime(TimeValue.seconds(1))
				.measurementIterations(5)
				.measurementTime(TimeValue.seconds(1));
		}
		else if (!mode.equals("full")) {
			throw new IllegalArgumentException("mode must be quick, medium or full, was " + mode);
		}
		String loadBefore = load();
		Collection<RunResult> results = new Runner(options.build()).run();
		StringBuilder report = new StringBuilder();
		report.append("\n## Side by side (").append(mode).append(")\n\n");
		report.append("Machine: ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, ")
			.append(System.getProperty("java.vm.name"))
			.append(' ')
			.append(System.getProperty("java.runtime.version"))
			.append("; load average before ")
			.append(loadBefore)
			.append(", after ")
			.append(load())
			.append(".\n");
		new Tables(results, Files.readAllLines(drops)).appendTo(report);
		System.out.println(report);
		Files.deleteIfExists(drops);
	}

	private static String load() {
		double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		return (load < 0) ? "n/a" : String.format(Locale.ROOT, "%.2f", load);
	}

	/**
	 * The tables of one run.
	 */
	static final class Tables {

		private final Map<String, RunResult> byKey = new LinkedHashMap<>();

		private final List<String> drops;

		Tables(Collection<RunResult> results, List<String> drops) {
			for (RunResult result : results) {
				this.byKey.put(key(result), result);
			}
			this.drops = drops;
		}

		private static String key(RunResult result) {
			StringBuilder key = new StringBuilder(result.getParams().getBenchmark());
			for (String name : result.getParams().getParamsKeys()) {
				key.append(' ').append(name).append('=').append(result.getParams().getParam(name));
			}
			if (result.getParams().getBenchmark().contains("BatchProcessor")) {
				key.append(" threads=").append(result.getParams().getThreads());
			}
			return key.toString();
		}

		void appendTo(StringBuilder out) {
			observations(out, "ObservationBenchmark.startStop",
					"### 1. Observation start + stop, one SERVER observation", true);
			observations(out, "ObservationPairBenchmark.serverWithClientCall",
					"### 1b. Parent + child: SERVER observation continuing a trace, scope, CLIENT child injecting",
					false);
			processors(out);
			encoding(out);
			propagation(out);
			metricRecording(out);
		}

		private void metricRecording(StringBuilder out) {
			List<String> rows = new ArrayList<>();
			for (String instrument : new String[] { "counter", "histogram" }) {
				RunResult ours = find("MetricRecordingBenchmark.record", "instrument=" + instrument + " sdk=ours");
				RunResult otel = find("MetricRecordingBenchmark.record", "instrument=" + instrument + " sdk=otel");
				if (ours == null || otel == null) {
					continue;
				}
				rows.add(String.format(Locale.ROOT, "| %s | %.1f | %.0f | %.1f | %.0f | %.2f |", instrument, time(ours),
						bytes(ours), time(otel), bytes(otel), time(ours) / time(otel)));
			}
			if (rows.isEmpty()) {
				return;
			}
			out.append("\n### 6. Recording a measurement into an existing series with 4 attributes\n\n");
			out.append("| instrument | ours ns | ours B | OpenTelemetry ns | OpenTelemetry B | time ratio |\n");
			out.append("|---|---|---|---|---|---|\n");
			rows.forEach((row) -> out.append(row).append('\n'));
		}

		private void observations(StringBuilder out, String benchmark, String title, boolean withKeyValues) {
			List<String> rows = new ArrayList<>();
			for (String metrics : new String[] { "false", "true" }) {
				for (String sampled : new String[] { "true", "false" }) {
					for (String keyValues : withKeyValues ? new String[] { "0", "8" } : new String[] { "8" }) {
						String suffix = " keyValues=" + keyValues + " metrics=" + metrics + " sampled=" + sampled;
						// The floor is Micrometer with a handler that does nothing: with
						// metrics, the cost counted is tracing plus metrics.
						RunResult floor = find(benchmark,
								"contender=floor keyValues=" + keyValues + " metrics=false sampled=" + sampled);
						RunResult boot = find(benchmark, "contender=boot" + suffix);
						RunResult ours = find(benchmark, "contender=ours" + suffix);
						if (floor == null || boot == null || ours == null) {
							continue;
						}
						double target = (sampled.equals("true") || metrics.equals("true")) ? 0.5 : 1.0 / 3;
						double timeRatio = aboveFloor(ours, boot, floor, false);
						double bytesRatio = aboveFloor(ours, boot, floor, true);
						rows.add(String.format(Locale.ROOT,
								"| %s | %s | %s | %.0f | %.0f | %.0f | %.2f | %.0f | %.0f | %.0f | %.2f | %s |",
								sampled.equals("true") ? "sampled" : "unsampled", keyValues,
								metrics.equals("true") ? "on" : "off", time(floor), time(boot), time(ours), timeRatio,
								bytes(floor), bytes(boot), bytes(ours), bytesRatio,
								(timeRatio <= target && bytesRatio <= target) ? "yes (≤ " + fraction(target) + ")"
										: "**no** (≤ " + fraction(target) + ")"));
					}
				}
			}
			if (rows.isEmpty()) {
				return;
			}
			out.append('\n').append(title).append("\n\n");
			out.append("Ratio = (ours − floor) / (boot − floor), the cost of tracing (and, with metrics on, of "
					+ "metrics: Boot's meter handler against ours) above Micrometer's own; the floor is Micrometer "
					+ "with a handler that does nothing.\n\n");
			out.append("| | key values | metrics | floor ns | boot ns | ours ns | time ratio | floor B | boot B "
					+ "| ours B | bytes ratio | target met |\n");
			out.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
			rows.forEach((row) -> out.append(row).append('\n'));
		}

		private static String fraction(double target) {
			return (target == 0.5) ? "1/2" : "1/3";
		}

		private void processors(StringBuilder out) {
			List<String> rows = new ArrayList<>();
			for (String[] method : new String[][] { { "oneProducer", "1" }, { "twoProducers", "2" } }) {
				String benchmark = "BatchProcessorBenchmark." + method[0];
				RunResult ours = find(benchmark, "processor=ours threads=" + method[1]);
				RunResult otel = find(benchmark, "processor=otel threads=" + method[1]);
				if (ours == null || otel == null) {
					continue;
				}
				double oursRate = ours.getPrimaryResult().getScore();
				double otelRate = otel.getPrimaryResult().getScore();
				double oursAccepted = oursRate * (1 - dropFraction("ours", method[1]));
				double otelAccepted = otelRate * (1 - dropFraction("otel", method[1]));
				rows.add(String.format(Locale.ROOT,
						"| %s | %.1f M | %s | %.1f M | %.1f M | %s | %.1f M | %.2f | %.2f |", method[1], oursRate / 1e6,
						dropsOf("ours", method[1]), oursAccepted / 1e6, otelRate / 1e6, dropsOf("otel", method[1]),
						otelAccepted / 1e6, oursRate / otelRate, oursAccepted / otelAccepted));
			}
			if (rows.isEmpty()) {
				return;
			}
			out.append("\n### 2. Batch processor: spans offered per second (queue 2048, no-op exporter)\n\n");
			out.append("Offered: calls to onEnd per second. Dropped: share of them the full queue refused. Queued: "
					+ "offered × (1 − dropped), the spans that reach the exporter.\n\n");
			out.append("| producers | ours offered/s | ours dropped | ours queued/s | OpenTelemetry offered/s "
					+ "| OpenTelemetry dropped | OpenTelemetry queued/s | offered ratio | queued ratio |\n");
			out.append("|---|---|---|---|---|---|---|---|---|\n");
			rows.forEach((row) -> out.append(row).append('\n'));
		}

		private String dropsOf(String processor, String threads) {
			String prefix = "processor=" + processor + " threads=" + threads + " ";
			String last = "n/a";
			for (String line : this.drops) {
				if (line.startsWith(prefix)) {
					last = line.substring(prefix.length());
				}
			}
			return last;
		}

		private double dropFraction(String processor, String threads) {
			String drops = dropsOf(processor, threads);
			int percent = drops.indexOf('%');
			return (percent > 0) ? Double.parseDouble(drops.substring(0, percent)) / 100 : 0;
		}

		private void encoding(StringBuilder out) {
			// Section 3's batch: the same one, in cache, for every encoder.
			String batch = " shape=MIXED batches=1";
			RunResult ours = find("OtlpEncodingBenchmark.encode", "encoder=ours" + batch);
			if (ours == null) {
				return;
			}
			out.append("\n### 3. OTLP encoding of 512 spans with 8 attributes each\n\n");
			out.append("| encoder | µs per batch | B per batch | B per span | time vs ours | bytes vs ours |\n");
			out.append("|---|---|---|---|---|---|\n");
			for (String encoder : new String[] { "ours", "ours-messages", "otel-reusable", "otel-immutable" }) {
				RunResult result = find("OtlpEncodingBenchmark.encode", "encoder=" + encoder + batch);
				if (result != null) {
					out.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f | %.0f | %.2f | %.2f |\n", encoder,
							time(result), bytes(result), bytes(result) / 512, time(result) / time(ours),
							bytes(result) / Math.max(1, bytes(ours))));
				}
			}
		}

		private void propagation(StringBuilder out) {
			List<String> rows = new ArrayList<>();
			for (String operation : new String[] { "inject", "extract" }) {
				RunResult ours = find("PropagationBenchmark." + operation, "propagator=ours");
				RunResult otel = find("PropagationBenchmark." + operation, "propagator=otel");
				if (ours == null || otel == null) {
					continue;
				}
				rows.add(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f |", operation,
						time(ours), bytes(ours), time(otel), bytes(otel), time(ours) / time(otel),
						bytes(ours) / Math.max(1, bytes(otel))));
			}
			if (rows.isEmpty()) {
				return;
			}
			out.append("\n### 4. W3C propagation: traceparent, tracestate (2 entries), baggage (2 members)\n\n");
			out.append(
					"| operation | ours ns | ours B | OpenTelemetry ns | OpenTelemetry B | time ratio | bytes ratio |\n");
			out.append("|---|---|---|---|---|---|---|\n");
			rows.forEach((row) -> out.append(row).append('\n'));
		}

		private RunResult find(String benchmark, String params) {
			for (Map.Entry<String, RunResult> entry : this.byKey.entrySet()) {
				String key = entry.getKey();
				if (key.contains("." + benchmark + " ") && containsAll(key, params)) {
					return entry.getValue();
				}
			}
			return null;
		}

		private static boolean containsAll(String key, String params) {
			for (String param : params.trim().split(" ")) {
				if (!(key + " ").contains(" " + param + " ")) {
					return false;
				}
			}
			return true;
		}

		private static double aboveFloor(RunResult ours, RunResult boot, RunResult floor, boolean bytes) {
			double f = bytes ? bytes(floor) : time(floor);
			double b = bytes ? bytes(boot) : time(boot);
			double o = bytes ? bytes(ours) : time(ours);
			return (o - f) / Math.max(1e-9, b - f);
		}

		private static double time(RunResult result) {
			return result.getPrimaryResult().getScore();
		}

		private static double bytes(RunResult result) {
			Result<?> norm = result.getSecondaryResults().get("gc.alloc.rate.norm");
			return (norm != null) ? norm.getScore() : Double.NaN;
		}

	}

}

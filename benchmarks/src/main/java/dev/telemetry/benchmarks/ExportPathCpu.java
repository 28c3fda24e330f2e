package dev.telemetry.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import dev.telemetry.sdk.internal.ExportThread;
import dev.telemetry.sdk.trace.span.SpanData;

/**
 * The export path's cost in application CPU per span, the unit of issue #17's first
 * target: this project's OTLP exporters and OpenTelemetry's, each sending batches of 512
 * spans (by default) to a real OTLP receiver ({@link OtlpSink}) in another process on
 * 127.0.0.1, one call at a time as a batch processor's worker does (on an
 * {@link ExportThread}, as that worker is), at a fixed rate.
 * <p>
 * JMH times the calling thread only, and most of an export's work runs on the transport's
 * threads (gRPC's Netty event loop, the HTTP client's selector); this driver reads the
 * whole process's CPU time instead, over a measured window after a warm-up, and subtracts
 * what the same process spends in an equal window that paces without exporting
 * ({@code idle}). Batches rotate through {@code batches} distinct sets of spans, so that,
 * as in an application, the encoder reads spans that are no longer in the CPU's caches.
 * The sink counts the spans it received: a contender whose spans did not all arrive is
 * reported as such. Besides CPU, it reports how many more times the process's threads
 * were scheduled in per call than while idle ({@code wake-ups per call}, from
 * {@code /proc/self/task/*}{@code /schedstat}): on a virtual machine each costs tens of
 * µs of CPU, so they are most of an export's fixed cost per call.
 * <p>
 * Usage: {@code java -cp benchmarks.jar dev.telemetry.benchmarks.ExportPathCpu}, with
 * system properties {@code size} (spans per batch, default 512, the batch processor's
 * default), {@code rate} (spans a second, default 25,600, the rate #17 names: 50 calls a
 * second; 0 sends back to back), {@code warmup} and {@code seconds} (per contender and
 * round, default 60 and 20), {@code rounds} (default 2, interleaved), {@code batches}
 * (default 32) and {@code contenders} (default all:
 * {@code ours-grpc,ours-http,otel-grpc,otel-http}).
 */
public final class ExportPathCpu {

	private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private ExportPathCpu() {
	}

	public static void main(String[] args) throws Exception {
		int size = Integer.getInteger("size", SpanBatches.BATCH_SIZE);
		int spansPerSecond = Integer.getInteger("rate", 25_600);
		int warmup = Integer.getInteger("warmup", 60);
		int seconds = Integer.getInteger("seconds", 20);
		int rounds = Integer.getInteger("rounds", 2);
		int batchCount = Integer.getInteger("batches", 32);
		List<String> names = Arrays
			.asList(System.getProperty("contenders", "ours-grpc,ours-http,otel-grpc,otel-http").split(","));
		List<Batch> batches = new ArrayList<>();
		for (int i = 0; i < batchCount; i++) {
			SpanBatches created = SpanBatches.create(size);
			batches.add(new Batch(created.ours(), created.otel()));
		}
		int grpcPort = freePort();
		int httpPort = freePort();
		Process sink = startSink(grpcPort, httpPort);
		try {
			Map<String, List<Result>> results = new LinkedHashMap<>();
			for (int round = 1; round <= rounds; round++) {
				Result idle = measure("idle", null, batches, size, spansPerSecond, 0, seconds, httpPort);
				results.computeIfAbsent("idle", (key) -> new ArrayList<>()).add(idle);
				print(round, idle, idle);
				for (String name : names) {
					try (Contender contender = contender(name.trim(), grpcPort, httpPort)) {
						Result result = measure(name.trim(), contender, batches, size, spansPerSecond, warmup, seconds,
								httpPort);
						results.computeIfAbsent(name.trim(), (key) -> new ArrayList<>()).add(result);
						print(round, result, idle);
					}
				}
			}
			System.out.println();
			System.out.println(
					"| contender | spans/s | CPU µs per span (net of idle) | without the JIT's threads | wake-ups per call | JIT ms | GC ms | spans received |");
			System.out.println("|---|---|---|---|---|---|---|---|");
			Result idle = median(results.get("idle"));
			for (String name : names) {
				List<Result> rows = results.get(name.trim());
				Result median = median(rows);
				System.out.printf(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %.1f | %d | %d | %s |%n", name.trim(),
						median.spansPerSecond(), median.cpuMicrosPerSpan(idle), median.cpuMicrosPerSpanWithoutJit(idle),
						median.wakeUpsPerCall(idle), median.jitMillis, median.gcMillis,
						median.received + " of " + median.spans);
			}
		}
		finally {
			sink.destroy();
			sink.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static Result measure(String name, Contender contender, List<Batch> batches, int size, int spansPerSecond,
			int warmup, int seconds, int httpPort) throws Exception {
		if (contender != null) {
			runOnExportThread(contender, batches, size, spansPerSecond, warmup);
		}
		long received = sinkSpans(httpPort);
		long cpu = OS.getProcessCpuTime();
		Map<String, ThreadStat> threads = threadStats();
		long jit = jitMillis();
		long gc = gcMillis();
		long start = System.nanoTime();
		long calls = runOnExportThread(contender, batches, size, spansPerSecond, seconds);
		long elapsed = System.nanoTime() - start;
		cpu = OS.getProcessCpuTime() - cpu;
		long compilerNanos = since(threads, ThreadStat::compiler, ThreadStat::cpuNanos);
		long wakeUps = since(threads, (thread) -> true, ThreadStat::timeslices);
		jit = jitMillis() - jit;
		gc = gcMillis() - gc;
		received = sinkSpans(httpPort) - received;
		return new Result(name, calls, calls * size, received, elapsed, cpu, compilerNanos, wakeUps, jit, gc);
	}

	// On an export thread, as a batch processor's worker calls its exporter: this
	// project's OTLP/HTTP exporter then sends on it (OpenTelemetry's exporters do not
	// look).
	private static long runOnExportThread(Contender contender, List<Batch> batches, int size, int spansPerSecond,
			int seconds) throws Exception {
		AtomicLong calls = new AtomicLong();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		ExportThread thread = new ExportThread(() -> {
			try {
				calls.set(run(contender, batches, size, spansPerSecond, seconds));
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		}, "export-path-cpu");
		thread.start();
		thread.join();
		if (failure.get() != null) {
			throw new IllegalStateException("the run failed", failure.get());
		}
		return calls.get();
	}

	// One call at a time, each waited for, started on a fixed schedule (or back to back).
	private static long run(Contender contender, List<Batch> batches, int size, int spansPerSecond, int seconds)
			throws Exception {
		long period = (spansPerSecond > 0) ? TimeUnit.SECONDS.toNanos(size) / spansPerSecond : 0;
		long next = System.nanoTime();
		long end = next + TimeUnit.SECONDS.toNanos(seconds);
		long calls = 0;
		int index = 0;
		while (System.nanoTime() < end) {
			if (period > 0) {
				next += period;
				long wait = next - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
			}
			if (contender != null) {
				if (!contender.export(batches.get(index))) {
					throw new IllegalStateException("an export failed");
				}
				index = (index + 1) % batches.size();
				calls++;
			}
		}
		return calls;
	}

	private static void print(int round, Result result, Result idle) {
		System.out.printf(Locale.ROOT,
				"round %d %-10s %,8.0f spans/s  CPU %6.1f ms (%.2f µs per span net of idle, %.2f without the JIT's threads)  wake-ups per call %.1f  JIT %4d ms  GC %4d ms  received %d of %d%n",
				round, result.name, result.spansPerSecond(), result.cpuNanos / 1e6,
				(result == idle) ? 0.0 : result.cpuMicrosPerSpan(idle),
				(result == idle) ? 0.0 : result.cpuMicrosPerSpanWithoutJit(idle),
				(result == idle) ? 0.0 : result.wakeUpsPerCall(idle), result.jitMillis, result.gcMillis,
				result.received, result.spans);
	}

	// The lower middle for an even number of rounds: a row of one round, not an average.
	private static Result median(List<Result> rows) {
		List<Result> sorted = new ArrayList<>(rows);
		sorted.sort((a, b) -> Double.compare(a.cpuPerSecond(), b.cpuPerSecond()));
		return sorted.get((sorted.size() - 1) / 2);
	}

	static Contender contender(String name, int grpcPort, int httpPort) {
		String grpc = "http://127.0.0.1:" + grpcPort;
		String http = "http://127.0.0.1:" + httpPort;
		return switch (name) {
			case "ours-grpc" ->
				ours(dev.telemetry.sdk.export.otlp.OtlpGrpcSpanExporter.builder().setEndpoint(grpc).build());
			case "ours-http" ->
				ours(dev.telemetry.sdk.export.otlp.OtlpHttpSpanExporter.builder().setEndpoint(http).build());
			case "otel-grpc" ->
				otel(io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter.builder().setEndpoint(grpc).build());
			case "otel-http" -> otel(io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter.builder()
				.setEndpoint(http + "/v1/traces")
				.build());
			default -> throw new IllegalArgumentException("unknown contender " + name);
		};
	}

	private static Contender ours(dev.telemetry.sdk.trace.export.SpanExporter exporter) {
		return new Contender((batch) -> exporter.export(batch.ours).join(10, TimeUnit.SECONDS).isSuccess(),
				() -> exporter.shutdown().join(10, TimeUnit.SECONDS));
	}

	private static Contender otel(io.opentelemetry.sdk.trace.export.SpanExporter exporter) {
		return new Contender((batch) -> exporter.export(batch.otel).join(10, TimeUnit.SECONDS).isSuccess(),
				() -> exporter.shutdown().join(10, TimeUnit.SECONDS));
	}

	private static Process startSink(int grpcPort, int httpPort) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process sink = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				OtlpSink.class.getName(), Integer.toString(grpcPort), Integer.toString(httpPort))
			.redirectErrorStream(true)
			.start();
		BufferedReader output = new BufferedReader(
				new InputStreamReader(sink.getInputStream(), StandardCharsets.UTF_8));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		String line;
		while ((line = output.readLine()) != null) {
			if (line.contains("ready")) {
				Thread drain = new Thread(() -> {
					try {
						while (output.readLine() != null) {
							// The sink's output is not needed; reading it keeps its pipe
							// from filling.
						}
					}
					catch (IOException ex) {
						// The sink stopped.
					}
				}, "sink-output");
				drain.setDaemon(true);
				drain.start();
				return sink;
			}
			if (System.nanoTime() > deadline) {
				break;
			}
		}
		sink.destroyForcibly();
		throw new IOException("the OTLP sink did not start");
	}

	// A plain socket and HTTP/1.0, not java.net.http's client: that client's first use in
	// a measured window loaded and compiled enough of the JDK to deoptimize code the
	// contenders share with it (TreeMap, streams, executors), and the recompilation
	// then counted as the contender's CPU (about 0.4 µs per span in a 20 s window).
	private static long sinkSpans(int httpPort) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), httpPort)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write("GET /stats HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			int start = answer.indexOf("spans=");
			if (!answer.startsWith("HTTP/1.1 200") && !answer.startsWith("HTTP/1.0 200") || start < 0) {
				throw new IOException("unexpected answer from the sink: " + answer);
			}
			int end = start + "spans=".length();
			while (end < answer.length() && Character.isDigit(answer.charAt(end))) {
				end++;
			}
			return Long.parseLong(answer.substring(start + "spans=".length(), end));
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	// Linux's scheduler statistics of each thread of this process, by thread id; empty
	// elsewhere.
	private static Map<String, ThreadStat> threadStats() {
		Map<String, ThreadStat> stats = new LinkedHashMap<>();
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
			for (Path task : tasks) {
				try {
					String name = Files.readString(task.resolve("comm")).trim();
					String[] schedstat = Files.readString(task.resolve("schedstat")).trim().split(" ");
					boolean compiler = name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
					stats.put(task.getFileName().toString(),
							new ThreadStat(compiler, Long.parseLong(schedstat[0]), Long.parseLong(schedstat[2])));
				}
				catch (IOException | RuntimeException ex) {
					// The thread ended meanwhile.
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			return Map.of();
		}
		return stats;
	}

	// How much a statistic of the threads that the filter picks grew since the start:
	// threads that started in the window count from zero; one that ended in it is lost.
	// -1 when unknown.
	private static long since(Map<String, ThreadStat> start, Predicate<ThreadStat> threads,
			ToLongFunction<ThreadStat> statistic) {
		if (start.isEmpty()) {
			return -1;
		}
		long total = 0;
		for (Map.Entry<String, ThreadStat> thread : threadStats().entrySet()) {
			if (threads.test(thread.getValue())) {
				ThreadStat before = start.get(thread.getKey());
				total += statistic.applyAsLong(thread.getValue())
						- ((before != null) ? statistic.applyAsLong(before) : 0);
			}
		}
		return total;
	}

	private static long jitMillis() {
		CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
		return (jit != null && jit.isCompilationTimeMonitoringSupported()) ? jit.getTotalCompilationTime() : 0;
	}

	private static long gcMillis() {
		long total = 0;
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			total += Math.max(0, gc.getCollectionTime());
		}
		return total;
	}

	/**
	 * One exporter as the driver uses it: export a batch and wait for the outcome, then
	 * shut down.
	 */
	record Contender(Predicate<Batch> exporter, Runnable closer) implements AutoCloseable {

		boolean export(Batch batch) {
			return this.exporter.test(batch);
		}

		@Override
		public void close() {
			this.closer.run();
		}

	}

	/**
	 * One thread's scheduler statistics.
	 *
	 * @param compiler whether it is one of the JIT's compiler threads: a JVM that
	 * compiles during the measured window spends that CPU on behalf of the contender's
	 * code, but only until it is compiled, which at 50 calls a second takes minutes, and
	 * the compile time varies more from one JVM to the next than the contenders differ
	 * @param cpuNanos the CPU time it used
	 * @param timeslices how many times it was scheduled in
	 */
	private record ThreadStat(boolean compiler, long cpuNanos, long timeslices) {
	}

	record Batch(List<SpanData> ours, List<io.opentelemetry.sdk.trace.data.SpanData> otel) {
	}

	private record Result(String name, long calls, long spans, long received, long elapsedNanos, long cpuNanos,
			long compilerNanos, long wakeUps, long jitMillis, long gcMillis) {

		double spansPerSecond() {
			return this.spans * 1e9 / this.elapsedNanos;
		}

		double cpuPerSecond() {
			return this.cpuNanos * 1e9 / this.elapsedNanos;
		}

		// CPU above the idle window's, scaled to this window's length, per span sent.
		double cpuMicrosPerSpan(Result idle) {
			double net = this.cpuNanos - ((idle != null) ? idle.cpuPerSecond() * this.elapsedNanos / 1e9 : 0);
			return (this.spans == 0) ? 0 : net / this.spans / 1e3;
		}

		// The same without the JIT compiler threads' CPU, in this window and the idle
		// one's: what the export costs once its code is compiled. -1 when unknown.
		double cpuMicrosPerSpanWithoutJit(Result idle) {
			if (this.compilerNanos < 0 || idle == null || idle.compilerNanos < 0 || this.spans == 0) {
				return -1;
			}
			double idleRate = (idle.cpuNanos - idle.compilerNanos) / (double) idle.elapsedNanos;
			double net = this.cpuNanos - this.compilerNanos - idleRate * this.elapsedNanos;
			return net / this.spans / 1e3;
		}

		// How many more times a thread of the process was scheduled in, per call, than in
		// the idle window: each costs the kernel's and the hypervisor's work, tens of µs
		// on a virtual machine. -1 when unknown.
		double wakeUpsPerCall(Result idle) {
			if (this.wakeUps < 0 || idle == null || idle.wakeUps < 0 || this.calls == 0) {
				return -1;
			}
			double idleRate = idle.wakeUps / (double) idle.elapsedNanos;
			return (this.wakeUps - idleRate * this.elapsedNanos) / this.calls;
		}

	}

}

package dev.telemetry.sample;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server from the system's packages (Debian's {@code prometheus}),
 * started on a free loopback port with a generated configuration and a temporary storage
 * folder, scraping one target every second.
 * <p>
 * Tests that need it call {@link #assumeInstalled()}: on a machine without Prometheus
 * they are skipped with a message saying how to run them, unless
 * {@code -Dtelemetry.prometheus-tests=required} (set by {@code .ci/run}) makes the
 * absence a failure.
 */
final class PrometheusServer implements AutoCloseable {

	static final String REQUIRED_PROPERTY = "telemetry.prometheus-tests";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final Path directory;

	private final int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private PrometheusServer(Process process, Path directory, int port) {
		this.process = process;
		this.directory = directory;
		this.port = port;
	}

	/**
	 * Skips the calling test when Prometheus is not installed, or fails it when the tests
	 * are required.
	 */
	static Path assumeInstalled() {
		Optional<Path> binary = binary();
		if (binary.isEmpty()) {
			String message = "Prometheus is not installed: 'apt-get install prometheus' runs this test (.ci/run does)";
			if ("required".equals(System.getProperty(REQUIRED_PROPERTY))) {
				Assertions.fail(message + "; -D" + REQUIRED_PROPERTY + "=required makes it mandatory");
			}
			Assumptions.abort(message);
		}
		return binary.get();
	}

	private static Optional<Path> binary() {
		String path = System.getenv("PATH");
		for (String folder : ((path != null) ? path : "/usr/bin").split(File.pathSeparator)) {
			Path candidate = Path.of(folder, "prometheus");
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/**
	 * Starts Prometheus scraping {@code http://127.0.0.1:targetPort/metricsPath} every
	 * second, with exemplar storage on, and waits until it is ready.
	 */
	static PrometheusServer start(Path binary, int targetPort, String metricsPath) throws IOException {
		Path directory = Files.createTempDirectory("prometheus-test");
		int port = freePort();
		Path config = directory.resolve("prometheus.yml");
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				scrape_configs:
				  - job_name: sample-app
				    metrics_path: %s
				    static_configs:
				      - targets: ['127.0.0.1:%d']
				""".formatted(metricsPath, targetPort));
		Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
				"--enable-feature=exemplar-storage")
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("prometheus.log").toFile())
			.start();
		PrometheusServer server = new PrometheusServer(process, directory, port);
		try {
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(server::isReady);
		}
		catch (RuntimeException ex) {
			server.close();
			throw new IllegalStateException("Prometheus did not become ready; its log: " + server.log(), ex);
		}
		return server;
	}

	private boolean isReady() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException("Prometheus exited: " + log());
		}
		try {
			return get("/-/ready").statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Runs an instant query and returns its {@code data.result} array. */
	JsonNode query(String promql) throws IOException {
		return data("/api/v1/query?query=" + encode(promql)).get("result");
	}

	/**
	 * Queries the exemplars of the last ten minutes and returns the {@code data} array.
	 */
	JsonNode queryExemplars(String promql) throws IOException {
		Instant now = Instant.now();
		return data("/api/v1/query_exemplars?query=" + encode(promql) + "&start="
				+ now.minus(Duration.ofMinutes(10)).getEpochSecond() + "&end=" + (now.getEpochSecond() + 60));
	}

	/**
	 * The health of the scrape target: {@code up}, {@code down} or {@code unknown}, and
	 * its last error.
	 */
	List<String> targetHealth() throws IOException {
		JsonNode target = data("/api/v1/targets").get("activeTargets").get(0);
		return (target != null) ? List.of(target.get("health").asString(), target.get("lastError").asString())
				: List.of("unknown", "");
	}

	private JsonNode data(String path) throws IOException {
		HttpResponse<String> response = get(path);
		JsonNode body = json.readTree(response.body());
		if (response.statusCode() != 200 || !"success".equals(body.get("status").asString())) {
			throw new IllegalStateException("Prometheus answered " + response.statusCode() + ": " + response.body());
		}
		return body.get("data");
	}

	private HttpResponse<String> get(String path) throws IOException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	String log() {
		try {
			return Files.readString(this.directory.resolve("prometheus.log"));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		deleteRecursively(this.directory);
	}

	private static void deleteRecursively(Path directory) {
		try (var paths = Files.walk(directory)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A temporary folder left behind is harmless.
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}

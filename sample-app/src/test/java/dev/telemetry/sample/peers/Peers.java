package dev.telemetry.sample.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Where the peer programs and their configurations are, and what a test does when the
 * programs are missing: it is skipped, with a message that says how to build them, unless
 * {@code -Dtelemetry.peer-tests=required} (as in CI) makes that a failure.
 */
public final class Peers {

	/**
	 * The system property that turns the skip into a failure when set to
	 * {@code required}.
	 */
	public static final String REQUIRED_PROPERTY = "telemetry.peer-tests";

	private final Path root;

	private Peers(Path root) {
		this.root = root;
	}

	/**
	 * Returns the peers, or skips (or fails, when required) the calling test if they are
	 * not built.
	 * @return the peers of this checkout
	 */
	public static Peers assumeBuilt() {
		Path root = Path.of(System.getProperty("telemetry.project.root", "..")).toAbsolutePath().normalize();
		Peers peers = new Peers(root);
		if (Stream.of(peers.collector(), peers.jaeger()).allMatch(Files::isExecutable)) {
			return peers;
		}
		String message = "The OpenTelemetry Collector and Jaeger are not built in " + root.resolve("it/target/bin")
				+ (onPath("go") ? ": run it/build-peers.sh"
						: ": Go is not installed; install it, then run it/build-peers.sh");
		if ("required".equals(System.getProperty(REQUIRED_PROPERTY))) {
			throw new AssertionError(message + " (-D" + REQUIRED_PROPERTY + "=required)");
		}
		String skipped = message + ". Skipped; -D" + REQUIRED_PROPERTY + "=required makes this a failure.";
		// Printed too: the build's log does not show why a test was skipped.
		System.err.println(skipped);
		return Assumptions.abort(skipped);
	}

	/**
	 * Returns a file of this checkout.
	 * @param relative its path from the checkout's root, such as
	 * {@code docs/collector/agent.yaml}
	 * @return its absolute path
	 */
	public Path file(String relative) {
		return this.root.resolve(relative);
	}

	Path collector() {
		return file("it/target/bin/otelcol-e2e");
	}

	Path jaeger() {
		return file("it/target/bin/jaeger");
	}

	private static boolean onPath(String program) {
		String path = System.getenv("PATH");
		return path != null && Stream.of(path.split(java.io.File.pathSeparator))
			.anyMatch((directory) -> Files.isExecutable(Path.of(directory, program)));
	}

}

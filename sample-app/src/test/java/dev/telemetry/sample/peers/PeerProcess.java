package dev.telemetry.sample.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One program run by a test: started with its output in a log file, ready once its ports
 * accept connections, stopped with SIGTERM (and killed if it does not exit in time).
 */
public final class PeerProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

	private final String name;

	private final Process process;

	private final Path log;

	private PeerProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts a program and waits until it listens on every given port of 127.0.0.1.
	 * @param name what the program is, for messages and the log file's name
	 * @param command the program and its arguments
	 * @param environment variables added to this JVM's environment
	 * @param logDirectory where {@code <name>.log} gets the program's output (appended)
	 * @param ports the ports that must accept connections before the program counts as
	 * started
	 * @return the running program
	 */
	public static PeerProcess start(String name, List<String> command, Map<String, String> environment,
			Path logDirectory, int... ports) {
		try {
			Files.createDirectories(logDirectory);
			Path log = logDirectory.resolve(name + ".log");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(Redirect.appendTo(log.toFile()));
			builder.environment().putAll(environment);
			PeerProcess peer = new PeerProcess(name, builder.start(), log);
			peer.awaitListening(ports);
			return peer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name + ": " + command, ex);
		}
	}

	/**
	 * The process, for tests that signal it.
	 * @return the process
	 */
	public Process process() {
		return this.process;
	}

	/**
	 * Sends SIGTERM and waits for the program to exit.
	 * @return its exit code
	 */
	public int stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor();
				throw new IllegalStateException(
						this.name + " did not exit within " + STOP_TIMEOUT + " of SIGTERM" + logTail());
			}
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
			throw new IllegalStateException("Interrupted while stopping " + this.name, ex);
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			stop();
		}
	}

	private void awaitListening(int... ports) {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		for (int port : ports) {
			while (!accepts(port)) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
							+ " before listening on " + port + logTail());
				}
				if (System.nanoTime() > deadline) {
					this.process.destroyForcibly();
					throw new IllegalStateException(this.name + " did not listen on 127.0.0.1:" + port + " within "
							+ START_TIMEOUT + logTail());
				}
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while starting " + this.name, ex);
				}
			}
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return "; the end of " + this.log + ":\n"
					+ String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (IOException ex) {
			return "; " + this.log + " could not be read: " + ex;
		}
	}

}

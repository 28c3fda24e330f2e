package dev.telemetry.sample.peers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Requests to the application under test, on a few threads, each one timed.
 */
public final class Requests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final URI base;

	/**
	 * Creates a client of one application.
	 * @param base the application's base URL
	 */
	public Requests(URI base) {
		this.base = base;
	}

	/**
	 * Sends one GET request.
	 * @param path the path
	 * @param headers header names and values, alternating
	 * @return its outcome; a failure to connect or read is an outcome too
	 */
	public Outcome get(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path)).timeout(Duration.ofSeconds(30));
		if (headers.length > 0) {
			request.headers(headers);
		}
		long started = System.nanoTime();
		try {
			HttpResponse<Void> response = this.http.send(request.build(), HttpResponse.BodyHandlers.discarding());
			return new Outcome(path, response.statusCode(), started, System.nanoTime() - started);
		}
		catch (IOException ex) {
			return new Outcome(path, 0, started, System.nanoTime() - started);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Outcome(path, 0, started, System.nanoTime() - started);
		}
	}

	/**
	 * Sends GET requests for the paths, on {@code threads} threads, and waits for all.
	 * @param paths the paths, one request each
	 * @param threads how many requests are in flight at most
	 * @return the outcomes, in the order of the paths
	 */
	public List<Outcome> getAll(List<String> paths, int threads) {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Outcome>> futures = new ArrayList<>();
			for (String path : paths) {
				futures.add(executor.submit(() -> get(path)));
			}
			List<Outcome> outcomes = new ArrayList<>();
			for (Future<Outcome> future : futures) {
				outcomes.add(future.get());
			}
			return outcomes;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		finally {
			executor.shutdownNow();
		}
	}

	/**
	 * Sends GET requests one after the other, a pause between them, for a while.
	 * @param path the path
	 * @param duration how long to go on
	 * @param pause the pause after each request
	 * @return the outcomes, in order
	 */
	public List<Outcome> paced(String path, Duration duration, Duration pause) {
		List<Outcome> outcomes = new ArrayList<>();
		long end = System.nanoTime() + duration.toNanos();
		try {
			while (System.nanoTime() < end) {
				outcomes.add(get(path));
				Thread.sleep(pause.toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return outcomes;
	}

	/**
	 * What came of one request.
	 *
	 * @param path the path requested
	 * @param status the HTTP status, or {@code 0} when no response arrived
	 * @param startedNanos {@link System#nanoTime()} when it was sent
	 * @param latencyNanos how long until the response (or the failure)
	 */
	public record Outcome(String path, int status, long startedNanos, long latencyNanos) {

		/**
		 * Whether a response arrived, whatever its status.
		 * @return {@code true} when the request completed
		 */
		public boolean completed() {
			return this.status != 0;
		}

	}

}

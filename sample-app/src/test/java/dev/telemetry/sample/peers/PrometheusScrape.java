package dev.telemetry.sample.peers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * One scrape of a Prometheus text endpoint, such as a Collector's own metrics.
 *
 * @param lines the sample lines (comments left out)
 */
public record PrometheusScrape(List<String> lines) {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/**
	 * Scrapes an endpoint.
	 * @param url the endpoint
	 * @return what it exposed
	 */
	public static PrometheusScrape of(URI url) {
		try {
			HttpResponse<Stream<String>> response = http.send(
					HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofLines());
			return new PrometheusScrape(response.body().filter((line) -> !line.startsWith("#")).toList());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not scrape " + url, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while scraping " + url, ex);
		}
	}

	/**
	 * Adds up the samples of a metric whose labels contain all the given label pairs.
	 * @param name the sample name, such as {@code otelcol_exporter_queue_size}
	 * @param labels label pairs as written, such as {@code exporter="otlp_grpc/gateway"}
	 * @return the sum, {@code 0} when there is no such sample
	 */
	public double sum(String name, String... labels) {
		return this.lines.stream()
			.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.filter((line) -> Stream.of(labels).allMatch(line::contains))
			.mapToDouble(PrometheusScrape::value)
			.sum();
	}

	private static double value(String sample) {
		// name{labels} value [timestamp] [# exemplar]; label values may hold spaces
		String line = sample.contains(" # ") ? sample.substring(0, sample.indexOf(" # ")) : sample;
		String rest = line.substring(line.lastIndexOf('}') + 1).trim();
		if (line.indexOf('{') < 0) {
			rest = line.substring(line.indexOf(' ') + 1).trim();
		}
		return Double.parseDouble(rest.split(" ")[0]);
	}

}

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
 * One scrape of a Prometheus text endpoint, such as a Collector's own metrics, or of an
 * OpenMetrics one, which also shows exemplars.
 *
 * @param lines the sample lines (comments left out)
 */
public record PrometheusScrape(List<String> lines) {

	// What Prometheus asks for when it wants exemplars; otherwise the Collector's
	// exporter answers in the text format, which has none.
	private static final String OPEN_METRICS = "application/openmetrics-text;version=1.0.0";

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/**
	 * Scrapes an endpoint in the Prometheus text format.
	 * @param url the endpoint
	 * @return what it exposed
	 */
	public static PrometheusScrape of(URI url) {
		return scrape(url, "text/plain;version=0.0.4");
	}

	/**
	 * Scrapes an endpoint in the OpenMetrics format, as Prometheus does for exemplars.
	 * @param url the endpoint
	 * @return what it exposed
	 */
	public static PrometheusScrape openMetrics(URI url) {
		return scrape(url, OPEN_METRICS);
	}

	private static PrometheusScrape scrape(URI url, String accept) {
		try {
			HttpResponse<Stream<String>> response = http.send(
					HttpRequest.newBuilder(url).header("Accept", accept).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofLines());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(url + " answered " + response.statusCode());
			}
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
			.mapToDouble((line) -> PrometheusSample.parse(line).value())
			.sum();
	}

	/**
	 * The samples of one name.
	 * @param name the sample name, such as
	 * {@code http_server_request_duration_seconds_bucket}
	 * @return them, in the order exposed
	 */
	public List<PrometheusSample> samples(String name) {
		return this.lines.stream()
			.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.map(PrometheusSample::parse)
			.toList();
	}

}

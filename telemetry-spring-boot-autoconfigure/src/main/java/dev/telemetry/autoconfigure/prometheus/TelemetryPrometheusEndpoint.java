package dev.telemetry.autoconfigure.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;

import dev.telemetry.sdk.export.prometheus.PrometheusMetricWriter;
import dev.telemetry.sdk.metrics.export.PullMetricReader;
import dev.telemetry.sdk.resource.Resource;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.util.Assert;

/**
 * Answers a Prometheus scrape with the starter's metrics:
 * {@code GET /actuator/telemetryprometheus}. Its own id, so it never collides with Spring
 * Boot's {@code prometheus} endpoint when {@code micrometer-registry-prometheus} is
 * present too.
 * <p>
 * A scrape collects through a cumulative pull reader, so it never blocks recording
 * threads and costs time in proportion to the series. After the meter provider shut down
 * it answers with {@code target_info} alone.
 *
 * @since 0.1.0
 */
@WebEndpoint(id = "telemetryprometheus")
public class TelemetryPrometheusEndpoint {

	private final PullMetricReader reader;

	private final Resource resource;

	private final PrometheusMetricWriter writer = PrometheusMetricWriter.create();

	/**
	 * Creates an endpoint that scrapes through {@code reader}.
	 * @param reader a pull reader registered with the meter provider
	 * @param resource the resource rendered as {@code target_info}
	 */
	public TelemetryPrometheusEndpoint(PullMetricReader reader, Resource resource) {
		Assert.notNull(reader, "'reader' must not be null");
		Assert.notNull(resource, "'resource' must not be null");
		this.reader = reader;
		this.resource = resource;
	}

	/**
	 * Collects and renders the metrics.
	 * @param format the format actuator negotiated from the {@code Accept} header
	 * @return the exposition text with its content type
	 */
	@ReadOperation(producesFrom = PrometheusScrapeFormat.class)
	public WebEndpointResponse<String> scrape(PrometheusScrapeFormat format) {
		StringBuilder text = new StringBuilder(4096);
		try {
			this.writer.write(this.reader.collect(), this.resource, format.format(), text);
		}
		catch (IOException ex) {
			// A StringBuilder never throws; the signature is for streams.
			throw new UncheckedIOException(ex);
		}
		return new WebEndpointResponse<>(text.toString(), format);
	}

}

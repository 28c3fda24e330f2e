package dev.telemetry.sample.peers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads traces back from Jaeger's query service through its OTLP-shaped API ({@code GET
 * /api/v3/traces/{traceId}}), as a user's tooling would.
 */
public final class JaegerQuery {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final URI base;

	/**
	 * Creates a client of one Jaeger.
	 * @param base the query service's base URL
	 */
	public JaegerQuery(URI base) {
		this.base = base;
	}

	/**
	 * Returns the spans Jaeger has of a trace.
	 * @param traceId the trace id in hex
	 * @return its spans, or none when Jaeger does not have the trace
	 */
	public List<OtlpJsonSpan> trace(String traceId) {
		HttpRequest request = HttpRequest.newBuilder(this.base.resolve("/api/v3/traces/" + traceId))
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 404) {
				return List.of();
			}
			if (response.statusCode() != 200) {
				throw new IllegalStateException(
						"Jaeger answered " + response.statusCode() + " for trace " + traceId + ": " + response.body());
			}
			JsonNode body = json.readTree(response.body());
			return OtlpJsonSpan.read(body.path("result"));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not query Jaeger at " + this.base, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while querying Jaeger", ex);
		}
	}

}

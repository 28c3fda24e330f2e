package dev.telemetry.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the sample application with the starter switched off, as the end-to-end
 * benchmark's baseline and Spring Boot variants run it, and checks that it serves the
 * benchmarked endpoints, the one that records the sample's own metric included.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "telemetry.enabled=false" })
@Timeout(60)
class TelemetryDisabledIntegrationTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Test
	void servesTheBenchmarkedEndpointsWithoutTheStarter() throws Exception {
		assertThat(get("/hello").statusCode()).isEqualTo(200);
		HttpResponse<String> order = get("/orders/1");
		assertThat(order.statusCode()).isEqualTo(200);
		assertThat(order.body()).contains("\"id\":1");
		assertThat(get("/orders/999999").statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}

package dev.telemetry.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.telemetry.testing.OtlpTestReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metrics recorded before the application stops are exported by the shutdown flush, in
 * the lifecycle step that flushes the spans, even with an export interval of an hour.
 */
@Timeout(60)
class MetricsShutdownIntegrationTests {

	@Test
	void metricsRecordedBeforeShutdownReachTheReceiver() throws Exception {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start()) {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
				// An interval of an hour means only the shutdown flush can deliver them.
				.run("--server.port=0", "--server.address=127.0.0.1", "--server.shutdown=graceful",
						"--telemetry.exporter.otlp.endpoint=" + receiver.endpoint(),
						"--telemetry.exporter.otlp.protocol=grpc", "--telemetry.metrics.export.interval=1h");
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpClient http = HttpClient.newHttpClient();
			for (String id : new String[] { "1", "2", "404" }) {
				http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders/" + id))
					.timeout(Duration.ofSeconds(20))
					.build(), HttpResponse.BodyHandlers.ofString());
			}
			assertThat(receiver.metrics()).as("nothing exported before the shutdown").isEmpty();

			context.close();

			receiver.awaitMetrics((all) -> OtlpMetrics.lastTotal(all, "found").orElse(-1) == 2
					&& OtlpMetrics.lastTotal(all, "missing").orElse(-1) == 1, Duration.ofSeconds(10));
		}
	}

}

package dev.telemetry.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.telemetry.testing.OtlpTestReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request still running when the application is asked to stop is drained by graceful
 * shutdown, and its span is exported afterwards rather than lost.
 */
@Timeout(60)
class GracefulShutdownIntegrationTests {

	@Test
	void spanOfRequestInFlightAtShutdownReachesTheReceiver() throws Exception {
		try (OtlpTestReceiver receiver = OtlpTestReceiver.start()) {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class,
					SlowController.class)
				// Arguments, not default properties: they must override
				// the sample's application.yml.
				// A schedule delay of an hour means only the shutdown flush can
				// deliver the span.
				.run("--server.port=0", "--server.address=127.0.0.1", "--server.shutdown=graceful",
						"--telemetry.exporter.otlp.endpoint=" + receiver.endpoint(),
						"--telemetry.exporter.otlp.protocol=grpc", "--telemetry.tracing.batch.schedule-delay=1h");
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/in-flight"))
				.timeout(Duration.ofSeconds(30))
				.build();
			CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient()
				.sendAsync(request, HttpResponse.BodyHandlers.ofString());
			assertThat(SlowController.arrived.await(20, TimeUnit.SECONDS)).isTrue();

			context.close();

			assertThat(response.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			List<Span> spans = receiver.awaitSpans(
					(all) -> all.stream().anyMatch((s) -> s.getName().equals("GET /in-flight")), Duration.ofSeconds(5));
			assertThat(spans).extracting(Span::getName).contains("GET /in-flight");
		}
	}

	@RestController
	static class SlowController {

		static final CountDownLatch arrived = new CountDownLatch(1);

		@GetMapping("/in-flight")
		String inFlight() throws InterruptedException {
			arrived.countDown();
			// The work in flight while shutdown begins: a second, as in
			// the scenario.
			Thread.sleep(1000);
			return "done";
		}

	}

}

package dev.telemetry.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import dev.telemetry.autoconfigure.trace.SamplerControl;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.testing.OtlpTestReceiver;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Head sampling in the running sample application, checked on the spans a real OTLP
 * receiver gets: actuator endpoints are not traced, and a ratio changed at run time
 * applies to the very next requests.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "telemetry.tracing.batch.schedule-delay=100ms" })
@Timeout(90)
class SamplingIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final OtlpTestReceiver receiver = OtlpTestReceiver.start();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private SamplerControl samplerControl;

	@Autowired
	private TracerProvider tracerProvider;

	@DynamicPropertySource
	static void exportToReceiver(DynamicPropertyRegistry registry) {
		registry.add("telemetry.exporter.otlp.endpoint", receiver::endpoint);
		registry.add("telemetry.exporter.otlp.protocol", () -> "grpc");
	}

	@AfterEach
	void restoreConfiguredSampler() {
		this.samplerControl.reset();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void actuatorHealthProducesNoSpanWhileHelloDoes() throws Exception {
		String agent = "health-" + UUID.randomUUID();
		assertThat(get("/actuator/health", agent).statusCode()).isEqualTo(200);
		assertThat(get("/hello", agent).statusCode()).isEqualTo(200);
		receiver.awaitSpans((spans) -> agents(spans).contains(agent), WAIT);
		// had the health request been recorded, its span (ended first) would be
		// here by now
		assertThat(this.tracerProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		List<Span> spans = receiver.spans();
		assertThat(spans).filteredOn((span) -> agent.equals(attribute(span, "user_agent.original")))
			.extracting(Span::getName)
			.containsExactly("GET /hello");
		assertThat(spans)
			.noneSatisfy((span) -> assertThat(String.valueOf(attribute(span, "url.path"))).startsWith("/actuator"));
	}

	@Test
	void ratioRaisedFromZeroToOneWhileRequestsRunSamplesNewRootsRightAfter() throws Exception {
		this.samplerControl.setRatio(0.0);
		String run = "load-" + UUID.randomUUID() + "-";
		AtomicInteger sequence = new AtomicInteger();
		AtomicBoolean switching = new AtomicBoolean();
		AtomicBoolean switched = new AtomicBoolean();
		AtomicBoolean stop = new AtomicBoolean();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		List<String> completedBefore = Collections.synchronizedList(new ArrayList<>());
		List<String> sentAfter = Collections.synchronizedList(new ArrayList<>());
		CountDownLatch enoughBefore = new CountDownLatch(20);
		CountDownLatch enoughAfter = new CountDownLatch(20);
		ExecutorService load = Executors.newFixedThreadPool(2);
		for (int worker = 0; worker < 2; worker++) {
			load.execute(() -> {
				while (!stop.get()) {
					// read before the request is sent: true means the change had returned
					boolean after = switched.get();
					String agent = run + sequence.incrementAndGet();
					try {
						assertThat(get("/hello", agent).statusCode()).isEqualTo(200);
					}
					catch (Throwable ex) {
						failure.compareAndSet(null, ex);
						return;
					}
					if (after) {
						sentAfter.add(agent);
						enoughAfter.countDown();
					}
					else if (!switching.get()) {
						// answered, so its span started, before the change began
						completedBefore.add(agent);
						enoughBefore.countDown();
					}
				}
			});
		}
		try {
			assertThat(enoughBefore.await(30, TimeUnit.SECONDS)).as("requests before the change").isTrue();
			switching.set(true);
			this.samplerControl.setRatio(1.0);
			switched.set(true);
			assertThat(enoughAfter.await(30, TimeUnit.SECONDS)).as("requests after the change").isTrue();
		}
		finally {
			stop.set(true);
			load.shutdown();
			assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(failure.get()).isNull();
		List<String> after = List.copyOf(sentAfter);
		List<String> before = List.copyOf(completedBefore);
		// every root started after the change returned is sampled and exported
		receiver.awaitSpans((spans) -> agents(spans).containsAll(after), WAIT);
		assertThat(this.tracerProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		// and none of those decided before it
		assertThat(agents(receiver.spans())).doesNotContainAnyElementsOf(before);
		assertThat(before).hasSizeGreaterThanOrEqualTo(20);
		assertThat(after).hasSizeGreaterThanOrEqualTo(20);
	}

	private HttpResponse<Void> get(String path, String userAgent) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("User-Agent", userAgent)
			.timeout(Duration.ofSeconds(20))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.discarding());
	}

	private static Set<String> agents(List<Span> spans) {
		return spans.stream()
			.map((span) -> attribute(span, "user_agent.original"))
			.filter(Objects::nonNull)
			.collect(Collectors.toSet());
	}

	private static String attribute(Span span, String key) {
		for (KeyValue attribute : span.getAttributesList()) {
			if (attribute.getKey().equals(key) && attribute.getValue().hasStringValue()) {
				return attribute.getValue().getStringValue();
			}
		}
		return null;
	}

}

package dev.telemetry.autoconfigure.propagation;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.telemetry.autoconfigure.instrumentation.InstrumentationTestApplication;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.samplers.Sampler;
import dev.telemetry.sdk.trace.samplers.SamplingResult;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A Spring MVC application on Tomcat (127.0.0.1, random port) whose {@code /relay}
 * endpoint calls a downstream server with a {@code RestClient}: what a propagation test
 * sends to it arrives downstream as the W3C specification says a participant passes it
 * on. The sampler is parent-based always-on, and remembers the parent of every server
 * span it was asked about.
 */
@Configuration(proxyBeanMethods = false)
class PropagationTestApplication {

	/**
	 * Starts the downstream server, then the application.
	 * @param properties further application properties
	 * @return both, to close after the tests
	 * @throws IOException if the downstream server cannot bind
	 */
	static Running start(String... properties) throws IOException {
		DownstreamRecorder downstream = DownstreamRecorder.start();
		try {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(InstrumentationTestApplication.class,
					PropagationTestApplication.class)
				.properties(InstrumentationTestApplication.PROPERTIES)
				.properties("downstream.url=" + downstream.url())
				.properties(properties)
				.run();
			return new Running(context, downstream);
		}
		catch (RuntimeException ex) {
			downstream.close();
			throw ex;
		}
	}

	@Bean
	RecordingSampler recordingSampler() {
		return new RecordingSampler(Sampler.parentBased(Sampler.alwaysOn()));
	}

	@RestController
	static class RelayController {

		private final RestClient restClient;

		private final URI downstream;

		// Registered as a member class of the configuration.
		RelayController(RestClient.Builder builder, Environment environment) {
			this.restClient = builder.build();
			this.downstream = URI.create(environment.getRequiredProperty("downstream.url"));
		}

		@GetMapping("/relay")
		String relay() {
			this.restClient.get().uri(this.downstream).retrieve().toBodilessEntity();
			return "relayed";
		}

	}

	/**
	 * Delegates, and keeps the parent of each server span: what reached the sampler.
	 */
	static final class RecordingSampler implements Sampler {

		private final Sampler delegate;

		private final List<SpanContext> serverParents = new CopyOnWriteArrayList<>();

		RecordingSampler(Sampler delegate) {
			this.delegate = delegate;
		}

		@Override
		public SamplingResult shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name,
				SpanKind kind, Attributes attributes) {
			if (kind == SpanKind.SERVER) {
				this.serverParents.add(parent);
			}
			return this.delegate.shouldSample(parent, traceIdHigh, traceIdLow, name, kind, attributes);
		}

		@Override
		public String getDescription() {
			return "Recording{" + this.delegate.getDescription() + "}";
		}

		List<SpanContext> serverParents() {
			return this.serverParents;
		}

		void clear() {
			this.serverParents.clear();
		}

	}

	/**
	 * The running application and its downstream server.
	 *
	 * @param context the application
	 * @param downstream the server its relay calls
	 */
	record Running(ConfigurableApplicationContext context, DownstreamRecorder downstream) implements AutoCloseable {

		int port() {
			return ((WebServerApplicationContext) this.context).getWebServer().getPort();
		}

		<T> T bean(Class<T> type) {
			return this.context.getBean(type);
		}

		@Override
		public void close() {
			this.context.close();
			this.downstream.close();
		}

	}

}

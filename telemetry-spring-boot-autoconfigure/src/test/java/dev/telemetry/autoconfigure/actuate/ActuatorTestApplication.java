package dev.telemetry.autoconfigure.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.telemetry.autoconfigure.instrumentation.InstrumentationTestApplication;
import dev.telemetry.autoconfigure.trace.SamplerControl;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.metrics.LongCounter;
import dev.telemetry.sdk.metrics.MeterProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A real web application for the actuator tests: two endpoints, one of which fails,
 * served on a random port of 127.0.0.1, with a clock the tests move for the sampler
 * steering.
 */
final class ActuatorTestApplication {

	private ActuatorTestApplication() {
	}

	static ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(List.of(InstrumentationTestApplication.PROPERTIES));
		all.add("management.endpoints.web.exposure.include=telemetry,health,metrics");
		all.add("management.endpoint.health.show-details=always");
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(InstrumentationTestApplication.class, Web.class)
			.web(WebApplicationType.SERVLET)
			.properties(all.toArray(new String[0]))
			.run();
	}

	static RestClient client(ConfigurableApplicationContext context) {
		String port = context.getEnvironment().getProperty("local.server.port");
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	static class Web {

		@Bean
		MovableClock movableClock() {
			return new MovableClock();
		}

		@Bean
		SamplerSteering telemetrySamplerSteering(SamplerControl control, MovableClock clock) {
			return new SamplerSteering(control, clock, Duration.ofMillis(20));
		}

		@Bean
		Endpoints endpoints(ObjectProvider<MeterProvider> meterProvider) {
			return new Endpoints(meterProvider);
		}

	}

	@RestController
	static class Endpoints {

		private final ObjectProvider<MeterProvider> meterProvider;

		private volatile @Nullable LongCounter kinds;

		Endpoints(ObjectProvider<MeterProvider> meterProvider) {
			this.meterProvider = meterProvider;
		}

		/**
		 * Counts a request in {@code test.kinds} with its kind as an attribute, so each
		 * kind is one series.
		 */
		@GetMapping("/count")
		String count(@RequestParam String kind) {
			LongCounter kinds = this.kinds;
			if (kinds == null) {
				kinds = this.meterProvider.getObject().get("test").counterBuilder("test.kinds").build();
				this.kinds = kinds;
			}
			kinds.add(1, Attributes.of("kind", kind));
			return kind;
		}

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("boom");
		}

	}

	/**
	 * A clock that stands still until a test moves it.
	 */
	static final class MovableClock extends Clock {

		private volatile Instant now = Instant.parse("2026-12-02T10:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}

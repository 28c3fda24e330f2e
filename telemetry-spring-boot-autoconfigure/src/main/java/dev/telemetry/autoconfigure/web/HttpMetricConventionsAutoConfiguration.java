package dev.telemetry.autoconfigure.web;

import java.util.List;

import dev.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.telemetry.autoconfigure.instrumentation.InstrumentationProperties;
import dev.telemetry.autoconfigure.instrumentation.UnmeasuredMetricConvention;
import dev.telemetry.autoconfigure.observation.MetricsObservationAutoConfiguration;
import dev.telemetry.sdk.metrics.MeterProvider;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the HTTP metric conventions for whichever of Spring MVC,
 * {@code RestClient}/{@code RestTemplate} and {@code WebClient} is on the class path:
 * {@code http.server.request.duration}, {@code http.server.active_requests} and
 * {@code http.client.request.duration}.
 * <p>
 * {@code telemetry.instrumentation.http-server.metrics=false} and
 * {@code telemetry.instrumentation.http-client.metrics=false} switch them off, leaving
 * the spans as they are (and the other way round).
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = MetricsObservationAutoConfiguration.class,
		afterName = MetricsObservationAutoConfiguration.METRICS_AUTO_CONFIGURATION)
@ConditionalOnTelemetryEnabled
@ConditionalOnBean(MeterProvider.class)
@EnableConfigurationProperties(InstrumentationProperties.class)
@Import({ HttpMetricConventionsAutoConfiguration.Servlet.class,
		HttpMetricConventionsAutoConfiguration.UnmeasuredServlet.class,
		HttpMetricConventionsAutoConfiguration.Client.class, HttpMetricConventionsAutoConfiguration.Reactive.class,
		HttpMetricConventionsAutoConfiguration.UnmeasuredClient.class,
		HttpMetricConventionsAutoConfiguration.UnmeasuredReactive.class })
public final class HttpMetricConventionsAutoConfiguration {

	private static final String SERVER_CONTEXT = "org.springframework.http.server.observation.ServerRequestObservationContext";

	private static final String CLIENT_CONTEXT = "org.springframework.http.client.observation.ClientRequestObservationContext";

	private static final String WEBCLIENT_CONTEXT = "org.springframework.web.reactive.function.client.ClientRequestObservationContext";

	private static final String SERVER_METRICS = InstrumentationProperties.PREFIX + ".http-server.metrics";

	private static final String CLIENT_METRICS = InstrumentationProperties.PREFIX + ".http-client.metrics";

	HttpMetricConventionsAutoConfiguration() {
	}

	// One histogram for both clients, however many of them are on the class path.
	@Bean
	@ConditionalOnBooleanProperty(name = CLIENT_METRICS, matchIfMissing = true)
	HttpClientDurations telemetryHttpClientDurations(MeterProvider meterProvider) {
		return new HttpClientDurations(MetricsObservationAutoConfiguration.meter(meterProvider));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { SERVER_CONTEXT, "jakarta.servlet.http.HttpServletRequest" })
	@ConditionalOnBooleanProperty(name = SERVER_METRICS, matchIfMissing = true)
	static class Servlet {

		@Bean
		@ConditionalOnMissingBean
		HttpServerMetricConvention telemetryHttpServerMetricConvention(MeterProvider meterProvider) {
			return new HttpServerMetricConvention(MetricsObservationAutoConfiguration.meter(meterProvider));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = SERVER_CONTEXT)
	@ConditionalOnBooleanProperty(name = SERVER_METRICS, havingValue = false)
	static class UnmeasuredServlet {

		@Bean
		UnmeasuredMetricConvention telemetryUnmeasuredHttpServerMetricConvention() {
			return new UnmeasuredMetricConvention(
					List.of(org.springframework.http.server.observation.ServerRequestObservationContext.class));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = CLIENT_CONTEXT)
	@ConditionalOnBooleanProperty(name = CLIENT_METRICS, matchIfMissing = true)
	static class Client {

		@Bean
		@ConditionalOnMissingBean
		HttpClientMetricConvention telemetryHttpClientMetricConvention(HttpClientDurations durations) {
			return new HttpClientMetricConvention(durations);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = WEBCLIENT_CONTEXT)
	@ConditionalOnBooleanProperty(name = CLIENT_METRICS, matchIfMissing = true)
	static class Reactive {

		@Bean
		@ConditionalOnMissingBean
		WebClientMetricConvention telemetryWebClientMetricConvention(HttpClientDurations durations) {
			return new WebClientMetricConvention(durations);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = CLIENT_CONTEXT)
	@ConditionalOnBooleanProperty(name = CLIENT_METRICS, havingValue = false)
	static class UnmeasuredClient {

		@Bean
		UnmeasuredMetricConvention telemetryUnmeasuredHttpClientMetricConvention() {
			return new UnmeasuredMetricConvention(
					List.of(org.springframework.http.client.observation.ClientRequestObservationContext.class));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = WEBCLIENT_CONTEXT)
	@ConditionalOnBooleanProperty(name = CLIENT_METRICS, havingValue = false)
	static class UnmeasuredReactive {

		@Bean
		UnmeasuredMetricConvention telemetryUnmeasuredWebClientMetricConvention() {
			return new UnmeasuredMetricConvention(
					List.of(org.springframework.web.reactive.function.client.ClientRequestObservationContext.class));
		}

	}

}

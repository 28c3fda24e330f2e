package dev.telemetry.autoconfigure.web;

import dev.telemetry.autoconfigure.ConditionalOnTracingEnabled;
import dev.telemetry.autoconfigure.observation.TracingObservationAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the HTTP semantic conventions for whichever of Spring MVC,
 * {@code RestClient}/{@code RestTemplate} and {@code WebClient} is on the class path.
 * Spring already emits the observations; these conventions name and annotate their spans.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = TracingObservationAutoConfiguration.class)
@ConditionalOnTracingEnabled
@Import({ HttpSpanConventionsAutoConfiguration.Servlet.class, HttpSpanConventionsAutoConfiguration.Client.class,
		HttpSpanConventionsAutoConfiguration.Reactive.class })
public final class HttpSpanConventionsAutoConfiguration {

	HttpSpanConventionsAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.http.server.observation.ServerRequestObservationContext",
			"jakarta.servlet.http.HttpServletRequest" })
	static class Servlet {

		@Bean
		@ConditionalOnMissingBean
		ServletServerSpanConvention telemetryServletServerSpanConvention() {
			return new ServletServerSpanConvention();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.http.client.observation.ClientRequestObservationContext")
	static class Client {

		@Bean
		@ConditionalOnMissingBean
		HttpClientSpanConvention telemetryHttpClientSpanConvention() {
			return new HttpClientSpanConvention();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.web.reactive.function.client.ClientRequestObservationContext")
	static class Reactive {

		@Bean
		@ConditionalOnMissingBean
		WebClientSpanConvention telemetryWebClientSpanConvention() {
			return new WebClientSpanConvention();
		}

	}

}

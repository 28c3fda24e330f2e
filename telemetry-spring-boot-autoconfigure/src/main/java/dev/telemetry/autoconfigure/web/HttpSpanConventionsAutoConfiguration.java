package dev.telemetry.autoconfigure.web;

import java.util.List;
import java.util.function.Function;

import dev.telemetry.autoconfigure.ConditionalOnTracingEnabled;
import dev.telemetry.autoconfigure.instrumentation.InstrumentationProperties;
import dev.telemetry.autoconfigure.instrumentation.UntracedSpanConvention;
import dev.telemetry.autoconfigure.observation.TracingObservationAutoConfiguration;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Auto-configuration of the HTTP semantic conventions for whichever of Spring MVC,
 * {@code RestClient}/{@code RestTemplate} and {@code WebClient} is on the class path.
 * Spring already emits the observations; these conventions name and annotate their spans.
 * <p>
 * {@code telemetry.instrumentation.http-server.enabled=false} and
 * {@code telemetry.instrumentation.http-client.enabled=false} switch the spans (and, for
 * clients, the propagation headers) off, keeping Spring's observations and their metrics.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = TracingObservationAutoConfiguration.class)
@ConditionalOnTracingEnabled
@EnableConfigurationProperties(InstrumentationProperties.class)
@Import({ HttpSpanConventionsAutoConfiguration.Servlet.class,
		HttpSpanConventionsAutoConfiguration.UntracedServlet.class, HttpSpanConventionsAutoConfiguration.Client.class,
		HttpSpanConventionsAutoConfiguration.Reactive.class, HttpSpanConventionsAutoConfiguration.UntracedClient.class,
		HttpSpanConventionsAutoConfiguration.UntracedReactive.class })
public final class HttpSpanConventionsAutoConfiguration {

	private static final String SERVER_CONTEXT = "org.springframework.http.server.observation.ServerRequestObservationContext";

	private static final String CLIENT_CONTEXT = "org.springframework.http.client.observation.ClientRequestObservationContext";

	private static final String WEBCLIENT_CONTEXT = "org.springframework.web.reactive.function.client.ClientRequestObservationContext";

	private static final String ERROR_ATTRIBUTES = "org.springframework.boot.webmvc.error.ErrorAttributes";

	private static final String SERVER_ENABLED = InstrumentationProperties.PREFIX + ".http-server.enabled";

	private static final String CLIENT_ENABLED = InstrumentationProperties.PREFIX + ".http-client.enabled";

	HttpSpanConventionsAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { SERVER_CONTEXT, "jakarta.servlet.http.HttpServletRequest" })
	@ConditionalOnBooleanProperty(name = SERVER_ENABLED, matchIfMissing = true)
	static class Servlet {

		@Bean
		@ConditionalOnMissingBean
		ServletServerSpanConvention telemetryServletServerSpanConvention(BeanFactory beanFactory) {
			if (ClassUtils.isPresent(ERROR_ATTRIBUTES, Servlet.class.getClassLoader())) {
				return new ServletServerSpanConvention(ErrorAttributesLookup.of(beanFactory));
			}
			return new ServletServerSpanConvention();
		}

	}

	/**
	 * With Spring Boot's error handling, errors that MVC resolved into a 5xx response are
	 * found through its {@code ErrorAttributes}, which record them before the error page
	 * is rendered. A separate class, loaded only when {@code ErrorAttributes} is present.
	 */
	static final class ErrorAttributesLookup {

		private ErrorAttributesLookup() {
		}

		static Function<HttpServletRequest, @Nullable Throwable> of(BeanFactory beanFactory) {
			ObjectProvider<ErrorAttributes> errorAttributes = beanFactory.getBeanProvider(ErrorAttributes.class);
			return (request) -> {
				ErrorAttributes attributes = errorAttributes.getIfUnique();
				if (attributes != null) {
					return attributes.getError(new ServletWebRequest(request));
				}
				return (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable error) ? error
						: null;
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = SERVER_CONTEXT)
	@ConditionalOnBooleanProperty(name = SERVER_ENABLED, havingValue = false)
	static class UntracedServlet {

		@Bean
		UntracedSpanConvention telemetryUntracedHttpServerSpanConvention() {
			return new UntracedSpanConvention(
					List.of(org.springframework.http.server.observation.ServerRequestObservationContext.class));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = CLIENT_CONTEXT)
	@ConditionalOnBooleanProperty(name = CLIENT_ENABLED, matchIfMissing = true)
	static class Client {

		@Bean
		@ConditionalOnMissingBean
		HttpClientSpanConvention telemetryHttpClientSpanConvention() {
			return new HttpClientSpanConvention();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = WEBCLIENT_CONTEXT)
	@ConditionalOnBooleanProperty(name = CLIENT_ENABLED, matchIfMissing = true)
	static class Reactive {

		@Bean
		@ConditionalOnMissingBean
		WebClientSpanConvention telemetryWebClientSpanConvention() {
			return new WebClientSpanConvention();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = CLIENT_CONTEXT)
	@ConditionalOnBooleanProperty(name = CLIENT_ENABLED, havingValue = false)
	static class UntracedClient {

		@Bean
		UntracedSpanConvention telemetryUntracedHttpClientSpanConvention() {
			return new UntracedSpanConvention(
					List.of(org.springframework.http.client.observation.ClientRequestObservationContext.class));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = WEBCLIENT_CONTEXT)
	@ConditionalOnBooleanProperty(name = CLIENT_ENABLED, havingValue = false)
	static class UntracedReactive {

		@Bean
		UntracedSpanConvention telemetryUntracedWebClientSpanConvention() {
			return new UntracedSpanConvention(
					List.of(org.springframework.web.reactive.function.client.ClientRequestObservationContext.class));
		}

	}

}

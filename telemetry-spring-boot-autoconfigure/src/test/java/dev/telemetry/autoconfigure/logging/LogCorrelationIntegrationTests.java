package dev.telemetry.autoconfigure.logging;

import java.util.concurrent.TimeUnit;

import dev.telemetry.testing.SpanCollector;
import dev.telemetry.autoconfigure.instrumentation.InstrumentationTestApplication;
import dev.telemetry.sdk.trace.span.SpanContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log correlation in a real application: Boot's console pattern shows the ids that the
 * MDC handler puts in the MDC.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogCorrelationIntegrationTests {

	private static final Log logger = LogFactory.getLog(LogCorrelationIntegrationTests.class);

	@Test
	void logLineInsideASpanCarriesItsIds(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start()) {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			Observation.createNotStarted("handle-order", registry).observe(() -> logger.info("handling order 42"));
			logger.info("outside any span");
			SpanContext span = context.getBean(SpanCollector.class).awaitNamed("handle-order").getSpanContext();
			String ids = "[" + span.getTraceId() + "-" + span.getSpanId() + "-"
					+ String.format("%02x", span.getTraceFlags()) + "] ";
			assertThat(output).containsPattern(java.util.regex.Pattern.quote(ids) + ".*handling order 42");
			assertThat(output.getOut().lines().filter((line) -> line.contains("outside any span"))).singleElement()
				.satisfies((line) -> assertThat(line).doesNotContain(span.getTraceId()).contains("[" + " ".repeat(32)));
		}
	}

	@Test
	void mdcHoldsTheSpanBesideOtherHandlerBeansOrderedFirst() {
		try (ConfigurableApplicationContext context = start(EarlyHandler.class)) {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			String[] seen = new String[1];
			Observation.createNotStarted("work", registry).observe(() -> seen[0] = MDC.get("span_id"));
			SpanContext span = context.getBean(SpanCollector.class).awaitNamed("work").getSpanContext();
			assertThat(seen[0]).isEqualTo(span.getSpanId());
		}
	}

	@Test
	void applicationsOwnCorrelationPatternWins(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("logging.pattern.correlation=<%X{trace_id}> ")) {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			Observation.createNotStarted("custom", registry).observe(() -> logger.info("custom pattern line"));
			String traceId = context.getBean(SpanCollector.class).awaitNamed("custom").getSpanContext().getTraceId();
			assertThat(output).contains("<" + traceId + "> ");
		}
	}

	@Test
	void switchedOffLeavesTheMdcAlone(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("telemetry.instrumentation.logging.enabled=false")) {
			assertThat(context)
				.satisfies((ctx) -> assertThat(ctx.containsBean(LogCorrelationAutoConfiguration.CUSTOMIZER_BEAN_NAME))
					.isFalse());
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			String[] seen = new String[1];
			Observation.createNotStarted("quiet", registry).observe(() -> {
				seen[0] = MDC.get("trace_id");
				logger.info("uncorrelated line");
			});
			String traceId = context.getBean(SpanCollector.class).awaitNamed("quiet").getSpanContext().getTraceId();
			assertThat(seen[0]).isNull();
			assertThat(output).doesNotContain(traceId);
		}
	}

	private static ConfigurableApplicationContext start(Object... sourcesOrProperty) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(InstrumentationTestApplication.class)
			.web(WebApplicationType.NONE)
			.properties(InstrumentationTestApplication.PROPERTIES);
		for (Object item : sourcesOrProperty) {
			if (item instanceof Class<?> source) {
				builder.sources(source);
			}
			else {
				builder.properties((String) item);
			}
		}
		return builder.run();
	}

	/**
	 * A handler bean ordered before everything, including the tracing handler.
	 */
	@Configuration(proxyBeanMethods = false)
	static class EarlyHandler {

		@Bean
		@Order(Integer.MIN_VALUE)
		ObservationHandler<Observation.Context> earlyHandler() {
			return new ObservationHandler<>() {

				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

			};
		}

	}

}

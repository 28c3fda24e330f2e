package dev.telemetry.autoconfigure.instrumentation;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.telemetry.autoconfigure.env.OtelEnvironmentVariablesPostProcessor;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Gives two Spring Boot settings the defaults that make the instrumentation complete, in
 * a property source of the lowest precedence and only where the application has not set
 * them itself:
 * <ul>
 * <li>{@code logging.pattern.correlation} shows the trace id, span id and trace flags
 * that log correlation puts in the MDC, so Boot's console and file patterns carry
 * them.</li>
 * <li>{@code spring.reactor.context-propagation=auto} lets Reactor restore the current
 * observation on every operator, so a {@code WebClient} call made inside a reactive chain
 * (or blocked on from an MVC handler) keeps its parent span when the chain hops threads.
 * Only when Reactor is on the class path.</li>
 * </ul>
 * Neither is added when telemetry, tracing or the instrumentation concerned is switched
 * off ({@code telemetry.instrumentation.logging.enabled},
 * {@code telemetry.instrumentation.http-client.enabled}).
 * <p>
 * Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class InstrumentationEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * The name of the property source this post-processor adds.
	 */
	public static final String PROPERTY_SOURCE_NAME = "telemetryInstrumentationDefaults";

	/**
	 * Runs after the {@code OTEL_*} variables are mapped, so {@code OTEL_SDK_DISABLED} is
	 * honoured.
	 */
	public static final int ORDER = OtelEnvironmentVariablesPostProcessor.ORDER + 1;

	static final String CORRELATION_PATTERN_PROPERTY = "logging.pattern.correlation";

	/**
	 * Boot's correlation converter, given our MDC keys: a fixed-width
	 * {@code [trace_id-span_id-trace_flags] } block, blank outside a span.
	 */
	static final String CORRELATION_PATTERN = "%correlationId{trace_id(32),span_id(16),trace_flags(2)}";

	static final String REACTOR_PROPAGATION_PROPERTY = "spring.reactor.context-propagation";

	private static final String REACTOR_HOOKS = "reactor.core.publisher.Hooks";

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!isEnabled(environment, "telemetry.enabled") || !isEnabled(environment, "telemetry.tracing.enabled")) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		if (isEnabled(environment, InstrumentationProperties.PREFIX + ".logging.enabled")
				&& !environment.containsProperty(CORRELATION_PATTERN_PROPERTY)) {
			defaults.put(CORRELATION_PATTERN_PROPERTY, CORRELATION_PATTERN);
		}
		if (isEnabled(environment, InstrumentationProperties.PREFIX + ".http-client.enabled")
				&& !environment.containsProperty(REACTOR_PROPAGATION_PROPERTY)
				&& ClassUtils.isPresent(REACTOR_HOOKS, application.getClassLoader())) {
			defaults.put(REACTOR_PROPAGATION_PROPERTY, "auto");
		}
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
		}
	}

	private static boolean isEnabled(ConfigurableEnvironment environment, String property) {
		// A malformed value is left for the binder to report against the property.
		return !"false".equalsIgnoreCase(environment.getProperty(property, "true").trim());
	}

}

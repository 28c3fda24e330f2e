package dev.telemetry.autoconfigure.env;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * An {@link EnvironmentPostProcessor} that maps the standard OpenTelemetry SDK
 * environment variables onto {@code telemetry.*} properties, as the table in
 * {@code OtelVariable} (this package) says; {@code docs/configuration.md} lists them for
 * users.
 * <p>
 * The variables are read from the environment's
 * {@value StandardEnvironment#SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME} property source.
 * The properties derived from them are added as a single property source named
 * {@value #PROPERTY_SOURCE_NAME} at the end of the environment's property sources, so a
 * {@code telemetry.*} property set anywhere else (configuration files, system properties,
 * command-line arguments, ...) wins over the variable. Only
 * {@link SpringApplication#setDefaultProperties(Map) default properties}, which Spring
 * Boot always keeps last, rank below the variables. When none of the variables is set, no
 * property source is added. Each property's origin is its variable, so a value that fails
 * binding is reported with the {@code telemetry.*} property and the {@code OTEL_*}
 * variable it came from.
 * <p>
 * All values are trimmed and blank variables are ignored. Members of the {@code k=v}
 * lists that cannot be turned into an entry are skipped and reported with one warning per
 * variable that never contains a value.
 * <p>
 * Instances hold no state besides their logger and are safe for use by several threads.
 *
 * @since 0.1.0
 */
public final class OtelEnvironmentVariablesPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * The name of the property source this post-processor adds.
	 */
	public static final String PROPERTY_SOURCE_NAME = "otelEnvironmentVariables";

	/**
	 * The order of this post-processor: just after config data processing. Config data
	 * sources are also appended at the end of the property sources, so running earlier
	 * would rank the variables above {@code application.yml}.
	 */
	public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

	private final Log logger;

	/**
	 * Creates the post-processor; Spring Boot calls this constructor.
	 * @param logFactory the factory for the log, whose output Boot holds back until the
	 * logging system is initialized
	 */
	public OtelEnvironmentVariablesPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(OtelEnvironmentVariablesPostProcessor.class);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MutablePropertySources propertySources = environment.getPropertySources();
		// A second run (for example on a reused environment) must replace, not shadow,
		// what the first one derived.
		propertySources.remove(PROPERTY_SOURCE_NAME);
		PropertySource<?> systemEnvironment = propertySources
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		if (systemEnvironment == null) {
			return;
		}
		Map<String, Object> properties = toProperties((name) -> variable(systemEnvironment, name));
		if (!properties.isEmpty()) {
			propertySources.addLast(new OriginTrackedMapPropertySource(PROPERTY_SOURCE_NAME, properties, true));
		}
	}

	/**
	 * Derives the properties from the variables, warning about malformed list members.
	 * @param variables the trimmed, non-blank value of a variable, or {@code null}
	 * @return the properties, in table order, each value tracked to its variable; empty
	 * when no variable is set
	 */
	Map<String, Object> toProperties(Function<String, @Nullable String> variables) {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (OtelVariable variable : OtelVariable.values()) {
			String value = variables.apply(variable.name());
			if (value == null) {
				continue;
			}
			Map<String, String> converted = new LinkedHashMap<>();
			List<String> problems = new ArrayList<>();
			variable.conversion().apply(variable.property(), value, converted, problems);
			SystemEnvironmentOrigin origin = new SystemEnvironmentOrigin(variable.name());
			// The variables hold literal values, as they do for every other OpenTelemetry
			// SDK; escaping stops the binder from resolving "${...}" inside, say, a
			// header value.
			converted.forEach(
					(name, text) -> properties.put(name, OriginTrackedValue.of(text.replace("${", "\\${"), origin)));
			if (!problems.isEmpty()) {
				this.logger.warn(KeyValueList.malformedEntriesMessage(variable.name(), problems));
			}
		}
		return properties;
	}

	private static @Nullable String variable(PropertySource<?> systemEnvironment, String name) {
		Object value = systemEnvironment.getProperty(name);
		if (value == null) {
			return null;
		}
		String text = value.toString().trim();
		return text.isEmpty() ? null : text;
	}

}

package dev.telemetry.autoconfigure.env;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

import dev.telemetry.sdk.internal.HttpGrammar;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * An {@link EnvironmentPostProcessor} that maps the standard OpenTelemetry SDK
 * environment variables onto {@code telemetry.*} properties.
 * <p>
 * The variables are read from the environment's
 * {@value StandardEnvironment#SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME} property source.
 * The properties derived from them are added as a single property source named
 * {@value #PROPERTY_SOURCE_NAME} at the end of the environment's property sources, so a
 * {@code telemetry.*} property set anywhere else (configuration files, system properties,
 * command-line arguments, ...) wins over the variable. Only
 * {@link SpringApplication#setDefaultProperties(Map) default properties}, which Spring
 * Boot always keeps last, rank below the variables. When none of the variables is set, no
 * property source is added.
 * <table>
 * <caption>Variables and the properties they set</caption>
 * <tr>
 * <th>Variable</th>
 * <th>Property</th>
 * <th>Conversion</th>
 * </tr>
 * <tr>
 * <td>{@code OTEL_SDK_DISABLED}</td>
 * <td>{@code telemetry.enabled}</td>
 * <td>{@code true} (any case) sets {@code false}; other values are ignored</td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_SERVICE_NAME}</td>
 * <td>{@code telemetry.service.name}</td>
 * <td></td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_RESOURCE_ATTRIBUTES}</td>
 * <td>{@code telemetry.resource.attributes[key]}</td>
 * <td>{@code k=v,k2=v2}, values percent-decoded</td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_TRACES_SAMPLER}</td>
 * <td>{@code telemetry.tracing.sampler.type}</td>
 * <td>lower-cased</td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_TRACES_SAMPLER_ARG}</td>
 * <td>{@code telemetry.tracing.sampler.ratio}</td>
 * <td></td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_PROPAGATORS}</td>
 * <td>{@code telemetry.propagation.type}</td>
 * <td>list members trimmed</td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_BSP_SCHEDULE_DELAY}</td>
 * <td>{@code telemetry.tracing.batch.schedule-delay}</td>
 * <td>milliseconds</td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_BSP_EXPORT_TIMEOUT}</td>
 * <td>{@code telemetry.tracing.batch.export-timeout}</td>
 * <td>milliseconds</td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_BSP_MAX_QUEUE_SIZE}</td>
 * <td>{@code telemetry.tracing.batch.max-queue-size}</td>
 * <td></td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_BSP_MAX_EXPORT_BATCH_SIZE}</td>
 * <td>{@code telemetry.tracing.batch.max-export-batch-size}</td>
 * <td></td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT}</td>
 * <td>{@code telemetry.tracing.limits.max-attributes}</td>
 * <td></td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT}</td>
 * <td>{@code telemetry.tracing.limits.max-attribute-value-length}</td>
 * <td></td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT}</td>
 * <td>{@code telemetry.tracing.limits.max-attribute-value-length}</td>
 * <td>unless {@code OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT} is set</td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_SPAN_EVENT_COUNT_LIMIT}</td>
 * <td>{@code telemetry.tracing.limits.max-events}</td>
 * <td></td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_SPAN_LINK_COUNT_LIMIT}</td>
 * <td>{@code telemetry.tracing.limits.max-links}</td>
 * <td></td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT}</td>
 * <td>{@code telemetry.tracing.limits.max-attributes-per-event}</td>
 * <td></td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_LINK_ATTRIBUTE_COUNT_LIMIT}</td>
 * <td>{@code telemetry.tracing.limits.max-attributes-per-link}</td>
 * <td></td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_EXPORTER_OTLP_ENDPOINT}</td>
 * <td>{@code telemetry.exporter.otlp.endpoint}</td>
 * <td></td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_EXPORTER_OTLP_HEADERS}</td>
 * <td>{@code telemetry.exporter.otlp.headers[name]}</td>
 * <td>{@code k=v,k2=v2}, values percent-decoded</td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_EXPORTER_OTLP_TIMEOUT}</td>
 * <td>{@code telemetry.exporter.otlp.timeout}</td>
 * <td>milliseconds</td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_EXPORTER_OTLP_COMPRESSION}</td>
 * <td>{@code telemetry.exporter.otlp.compression}</td>
 * <td></td>
 * </tr>
 * <tr>
 * <td>{@code OTEL_EXPORTER_OTLP_PROTOCOL}</td>
 * <td>{@code telemetry.exporter.otlp.protocol}</td>
 * <td>{@code grpc} or {@code http/protobuf}</td>
 * </tr>
 * </table>
 * <p>
 * All values are trimmed and blank variables are ignored. Nothing is validated here: a
 * value is converted only where the variable's format differs from the property's (a
 * plain integer of milliseconds becomes {@code "<n>ms"}) and is otherwise passed through
 * as it is, so that a bad value fails binding with an error that names the
 * {@code telemetry.*} property. A non-integer duration is therefore passed through too;
 * the binder rejects it unless it happens to be in its own duration syntax, such as
 * {@code 5s}. Percent-decoding is strict: {@code +} stays a plus sign, as it does in W3C
 * baggage, because base64 credentials contain it.
 * <p>
 * Members of the {@code k=v} lists that cannot be turned into an entry (no {@code =}, an
 * empty key, an invalid percent escape, a header name that is not an HTTP token) are
 * skipped. They are reported with one warning per variable that names keys, or only the
 * member's position where even the key looks wrong, but never a value, because header
 * values are usually credentials.
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

	static final String SDK_DISABLED = "OTEL_SDK_DISABLED";

	static final String SERVICE_NAME = "OTEL_SERVICE_NAME";

	static final String RESOURCE_ATTRIBUTES = "OTEL_RESOURCE_ATTRIBUTES";

	static final String TRACES_SAMPLER = "OTEL_TRACES_SAMPLER";

	static final String TRACES_SAMPLER_ARG = "OTEL_TRACES_SAMPLER_ARG";

	static final String PROPAGATORS = "OTEL_PROPAGATORS";

	static final String BSP_SCHEDULE_DELAY = "OTEL_BSP_SCHEDULE_DELAY";

	static final String BSP_EXPORT_TIMEOUT = "OTEL_BSP_EXPORT_TIMEOUT";

	static final String BSP_MAX_QUEUE_SIZE = "OTEL_BSP_MAX_QUEUE_SIZE";

	static final String BSP_MAX_EXPORT_BATCH_SIZE = "OTEL_BSP_MAX_EXPORT_BATCH_SIZE";

	static final String SPAN_ATTRIBUTE_COUNT_LIMIT = "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT";

	static final String SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT = "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT";

	static final String ATTRIBUTE_VALUE_LENGTH_LIMIT = "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT";

	static final String SPAN_EVENT_COUNT_LIMIT = "OTEL_SPAN_EVENT_COUNT_LIMIT";

	static final String SPAN_LINK_COUNT_LIMIT = "OTEL_SPAN_LINK_COUNT_LIMIT";

	static final String EVENT_ATTRIBUTE_COUNT_LIMIT = "OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT";

	static final String LINK_ATTRIBUTE_COUNT_LIMIT = "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT";

	static final String EXPORTER_OTLP_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

	static final String EXPORTER_OTLP_HEADERS = "OTEL_EXPORTER_OTLP_HEADERS";

	static final String EXPORTER_OTLP_TIMEOUT = "OTEL_EXPORTER_OTLP_TIMEOUT";

	static final String EXPORTER_OTLP_COMPRESSION = "OTEL_EXPORTER_OTLP_COMPRESSION";

	static final String EXPORTER_OTLP_PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";

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
			propertySources.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		}
	}

	/**
	 * Derives the properties from the variables, warning about malformed list members.
	 * @param variables the trimmed, non-blank value of a variable, or {@code null}
	 * @return the properties, in a stable order; empty when no variable is set
	 */
	Map<String, Object> toProperties(Function<String, @Nullable String> variables) {
		Map<String, Object> properties = new LinkedHashMap<>();
		String sdkDisabled = variables.apply(SDK_DISABLED);
		// Only an explicit "true" disables: the specification reads anything else as
		// "not disabled", which needs no property because it is the default anyway.
		if ("true".equalsIgnoreCase(sdkDisabled)) {
			put(properties, "telemetry.enabled", "false");
		}
		putIfPresent(properties, "telemetry.service.name", variables.apply(SERVICE_NAME));
		putEntries(properties, "telemetry.resource.attributes", RESOURCE_ATTRIBUTES,
				variables.apply(RESOURCE_ATTRIBUTES), false);
		String sampler = variables.apply(TRACES_SAMPLER);
		putIfPresent(properties, "telemetry.tracing.sampler.type",
				(sampler != null) ? sampler.toLowerCase(Locale.ROOT) : null);
		putIfPresent(properties, "telemetry.tracing.sampler.ratio", variables.apply(TRACES_SAMPLER_ARG));
		putIfPresent(properties, "telemetry.propagation.type", trimMembers(variables.apply(PROPAGATORS)));
		putIfPresent(properties, "telemetry.tracing.batch.schedule-delay", millis(variables.apply(BSP_SCHEDULE_DELAY)));
		putIfPresent(properties, "telemetry.tracing.batch.export-timeout", millis(variables.apply(BSP_EXPORT_TIMEOUT)));
		putIfPresent(properties, "telemetry.tracing.batch.max-queue-size", variables.apply(BSP_MAX_QUEUE_SIZE));
		putIfPresent(properties, "telemetry.tracing.batch.max-export-batch-size",
				variables.apply(BSP_MAX_EXPORT_BATCH_SIZE));
		putIfPresent(properties, "telemetry.tracing.limits.max-attributes",
				variables.apply(SPAN_ATTRIBUTE_COUNT_LIMIT));
		// The span-specific variable wins over the one for every signal.
		String valueLength = variables.apply(SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT);
		putIfPresent(properties, "telemetry.tracing.limits.max-attribute-value-length",
				(valueLength != null) ? valueLength : variables.apply(ATTRIBUTE_VALUE_LENGTH_LIMIT));
		putIfPresent(properties, "telemetry.tracing.limits.max-events", variables.apply(SPAN_EVENT_COUNT_LIMIT));
		putIfPresent(properties, "telemetry.tracing.limits.max-links", variables.apply(SPAN_LINK_COUNT_LIMIT));
		putIfPresent(properties, "telemetry.tracing.limits.max-attributes-per-event",
				variables.apply(EVENT_ATTRIBUTE_COUNT_LIMIT));
		putIfPresent(properties, "telemetry.tracing.limits.max-attributes-per-link",
				variables.apply(LINK_ATTRIBUTE_COUNT_LIMIT));
		putIfPresent(properties, "telemetry.exporter.otlp.endpoint", variables.apply(EXPORTER_OTLP_ENDPOINT));
		putEntries(properties, "telemetry.exporter.otlp.headers", EXPORTER_OTLP_HEADERS,
				variables.apply(EXPORTER_OTLP_HEADERS), true);
		putIfPresent(properties, "telemetry.exporter.otlp.timeout", millis(variables.apply(EXPORTER_OTLP_TIMEOUT)));
		putIfPresent(properties, "telemetry.exporter.otlp.compression", variables.apply(EXPORTER_OTLP_COMPRESSION));
		putIfPresent(properties, "telemetry.exporter.otlp.protocol", variables.apply(EXPORTER_OTLP_PROTOCOL));
		return properties;
	}

	private void putEntries(Map<String, Object> properties, String prefix, String variable, @Nullable String value,
			boolean headerNames) {
		if (value == null) {
			return;
		}
		List<String> problems = new ArrayList<>();
		parseEntries(value, headerNames, problems)
			// Brackets keep a key such as "service.name" one map key instead of a path.
			.forEach((key, entryValue) -> put(properties, prefix + "[" + key + "]", entryValue));
		if (!problems.isEmpty()) {
			this.logger.warn(malformedEntriesMessage(variable, problems));
		}
	}

	/**
	 * Parses a comma-separated list of {@code key=value} members.
	 * @param value the list
	 * @param headerNames whether keys must be HTTP header names
	 * @param problems receives a description of each skipped member; descriptions never
	 * contain a value
	 * @return the entries, in the order of the list; a later duplicate key wins
	 */
	static Map<String, String> parseEntries(String value, boolean headerNames, List<String> problems) {
		Map<String, String> entries = new LinkedHashMap<>();
		String[] members = value.split(",", -1);
		for (int i = 0; i < members.length; i++) {
			String member = members[i].trim();
			if (member.isEmpty()) {
				// A stray or trailing comma loses nothing, so it is not worth a warning.
				continue;
			}
			int position = i + 1;
			int separator = member.indexOf('=');
			if (separator < 0) {
				// The whole member may be a credential pasted without its name.
				problems.add("entry " + position + " has no '='");
				continue;
			}
			String key = member.substring(0, separator).trim();
			if (key.isEmpty()) {
				problems.add("entry " + position + " has an empty key");
				continue;
			}
			if (headerNames && !HttpGrammar.isToken(key)) {
				// "Authorization: Bearer abc=" ends up here; its key holds the secret.
				problems.add("entry " + position + " has an invalid header name");
				continue;
			}
			if (key.indexOf('[') >= 0 || key.indexOf(']') >= 0) {
				// The [key] property notation has no way to escape brackets.
				problems.add("entry " + position + " has '[' or ']' in its key");
				continue;
			}
			String decoded = percentDecode(member.substring(separator + 1).trim());
			if (decoded == null) {
				problems.add(describeKey(key, position) + " has an invalid percent-encoded value");
				continue;
			}
			entries.put(key, decoded);
		}
		return entries;
	}

	/**
	 * Builds the warning for the skipped members of one variable.
	 * @param variable the name of the variable
	 * @param problems the descriptions of the skipped members, which name keys or
	 * positions only
	 * @return the message
	 */
	static String malformedEntriesMessage(String variable, List<String> problems) {
		StringJoiner details = new StringJoiner("; ");
		problems.forEach(details::add);
		return "Ignored " + problems.size() + " malformed " + ((problems.size() == 1) ? "entry" : "entries")
				+ " of environment variable " + variable + " (" + details + "); values are not logged";
	}

	/**
	 * Decodes {@code %XX} escapes of UTF-8 bytes, leaving every other character as it is.
	 * @param text the text to decode
	 * @return the decoded text, or {@code null} if an escape is incomplete, not
	 * hexadecimal or not valid UTF-8
	 */
	static @Nullable String percentDecode(String text) {
		if (text.indexOf('%') < 0) {
			return text;
		}
		StringBuilder decoded = new StringBuilder(text.length());
		int i = 0;
		while (i < text.length()) {
			char ch = text.charAt(i);
			if (ch != '%') {
				decoded.append(ch);
				i++;
				continue;
			}
			// A run of escapes is decoded as a whole: one character may
			// take several bytes.
			byte[] bytes = new byte[(text.length() - i) / 3];
			int count = 0;
			while (i < text.length() && text.charAt(i) == '%') {
				if (i + 2 >= text.length() || !HexFormat.isHexDigit(text.charAt(i + 1))
						|| !HexFormat.isHexDigit(text.charAt(i + 2))) {
					return null;
				}
				bytes[count++] = (byte) ((HexFormat.fromHexDigit(text.charAt(i + 1)) << 4)
						| HexFormat.fromHexDigit(text.charAt(i + 2)));
				i += 3;
			}
			try {
				decoded.append(StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(bytes, 0, count)));
			}
			catch (CharacterCodingException ex) {
				return null;
			}
		}
		return decoded.toString();
	}

	private static @Nullable String variable(PropertySource<?> systemEnvironment, String name) {
		Object value = systemEnvironment.getProperty(name);
		if (value == null) {
			return null;
		}
		String text = value.toString().trim();
		return text.isEmpty() ? null : text;
	}

	private static void putIfPresent(Map<String, Object> properties, String name, @Nullable String value) {
		if (value != null) {
			put(properties, name, value);
		}
	}

	private static void put(Map<String, Object> properties, String name, String value) {
		// The variables hold literal values, as they do for every other OpenTelemetry
		// SDK; escaping stops the binder from resolving "${...}" inside, say,
		// a header value.
		properties.put(name, value.replace("${", "\\${"));
	}

	private static @Nullable String trimMembers(@Nullable String list) {
		if (list == null) {
			return null;
		}
		StringJoiner joined = new StringJoiner(",");
		for (String member : list.split(",")) {
			if (!member.isBlank()) {
				joined.add(member.trim());
			}
		}
		return (joined.length() > 0) ? joined.toString() : null;
	}

	private static @Nullable String millis(@Nullable String value) {
		if (value == null || !value.chars().allMatch((ch) -> ch >= '0' && ch <= '9')) {
			// Left as it is so that the binder reports the property it cannot bind.
			return value;
		}
		return value + "ms";
	}

	private static String describeKey(String key, int position) {
		// A key that is not a token may be a mangled value, so it is not repeated.
		return HttpGrammar.isToken(key) ? "key '" + key + "'" : "entry " + position;
	}

}

package dev.telemetry.autoconfigure.trace;

import java.util.ArrayList;
import java.util.List;

import dev.telemetry.sdk.trace.samplers.SamplingRule;
import dev.telemetry.sdk.trace.span.SpanKind;

import org.springframework.core.env.PropertyResolver;

/**
 * Where actuator endpoints are served, and the rules that keep their SERVER spans out of
 * the traces when {@code telemetry.tracing.sampler.exclude-actuator} is set.
 */
final class ActuatorPaths {

	private ActuatorPaths() {
	}

	/**
	 * Returns one drop rule per path, for SERVER spans under it, whatever the parent.
	 * @param paths the actuator path prefixes, from {@link #of(PropertyResolver)}
	 * @return the rules
	 */
	static List<SamplingRule> exclusionRules(List<String> paths) {
		List<SamplingRule> rules = new ArrayList<>(paths.size());
		for (String path : paths) {
			rules.add(SamplingRule.builder()
				.setSpanKinds(List.of(SpanKind.SERVER))
				.setUrlPathGlob(escape(path) + "/**")
				.setApplyTo(SamplingRule.ApplyTo.ALL)
				.drop());
		}
		return rules;
	}

	private static String escape(String path) {
		StringBuilder escaped = new StringBuilder(path.length() + 4);
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == '*' || c == '?' || c == '{' || c == '}' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	/**
	 * Returns the URL path prefixes under which actuator endpoints are served: the
	 * servlet context path plus {@code management.endpoints.web.base-path}, and, when a
	 * management port is set, {@code management.server.base-path} plus the same. A prefix
	 * that would be the root ({@code /}) is left out, as excluding it would exclude
	 * everything.
	 * @param environment where the properties are read
	 * @return the prefixes, without a trailing slash
	 */
	static List<String> of(PropertyResolver environment) {
		String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		List<String> paths = new ArrayList<>();
		addPath(paths, environment.getProperty("server.servlet.context-path", ""), basePath);
		if (environment.containsProperty("management.server.port")) {
			addPath(paths, environment.getProperty("management.server.base-path", ""), basePath);
		}
		return paths;
	}

	private static void addPath(List<String> paths, String prefix, String basePath) {
		String path = normalize(prefix) + normalize(basePath);
		if (!path.isEmpty() && !paths.contains(path)) {
			paths.add(path);
		}
	}

	private static String normalize(String path) {
		String trimmed = path.trim();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return (trimmed.isEmpty() || trimmed.startsWith("/")) ? trimmed : "/" + trimmed;
	}

}

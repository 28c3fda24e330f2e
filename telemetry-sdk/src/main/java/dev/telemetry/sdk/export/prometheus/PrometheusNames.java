package dev.telemetry.sdk.export.prometheus;

import java.util.Map;

/**
 * OpenTelemetry names and UCUM units mapped to Prometheus names, as the specification's
 * Prometheus compatibility rules say: invalid characters become {@code _}, the unit
 * becomes a word appended to the name, monotonic sums end in {@code _total}.
 */
final class PrometheusNames {

	private static final Map<String, String> UNITS = Map.ofEntries(Map.entry("d", "days"), Map.entry("h", "hours"),
			Map.entry("min", "minutes"), Map.entry("s", "seconds"), Map.entry("ms", "milliseconds"),
			Map.entry("us", "microseconds"), Map.entry("ns", "nanoseconds"), Map.entry("By", "bytes"),
			Map.entry("KiBy", "kibibytes"), Map.entry("MiBy", "mebibytes"), Map.entry("GiBy", "gibibytes"),
			Map.entry("TiBy", "tebibytes"), Map.entry("KBy", "kilobytes"), Map.entry("MBy", "megabytes"),
			Map.entry("GBy", "gigabytes"), Map.entry("TBy", "terabytes"), Map.entry("m", "meters"),
			Map.entry("V", "volts"), Map.entry("A", "amperes"), Map.entry("J", "joules"), Map.entry("W", "watts"),
			Map.entry("g", "grams"), Map.entry("Cel", "celsius"), Map.entry("Hz", "hertz"), Map.entry("%", "percent"));

	private static final Map<String, String> PER_UNITS = Map.of("s", "second", "m", "minute", "h", "hour", "d", "day",
			"w", "week", "mo", "month", "y", "year");

	private PrometheusNames() {
	}

	/**
	 * The metric family name: the sanitized name with the unit's word appended unless the
	 * name has it already. Counters get their {@code _total} from the writer, which needs
	 * the family name without it for OpenMetrics.
	 */
	static String familyName(String name, String unit, boolean gauge) {
		String base = metricName(name);
		if (base.endsWith("_total")) {
			base = base.substring(0, base.length() - "_total".length());
		}
		String unitWord = unitWord(unit, gauge);
		if (unitWord.isEmpty() || hasToken(base, unitWord)) {
			return base;
		}
		return base + "_" + unitWord;
	}

	/**
	 * The unit as Prometheus spells it, or empty when the unit is an annotation
	 * ({@code {request}}), dimensionless on a sum or histogram, or absent.
	 */
	static String unitWord(String unit, boolean gauge) {
		String stripped = stripAnnotations(unit).trim();
		if (stripped.isEmpty()) {
			return "";
		}
		if (stripped.equals("1")) {
			return gauge ? "ratio" : "";
		}
		int slash = stripped.indexOf('/');
		if (slash > 0 && slash < stripped.length() - 1) {
			String over = stripped.substring(0, slash);
			String per = stripped.substring(slash + 1);
			String overWord = UNITS.getOrDefault(over, over);
			String perWord = PER_UNITS.getOrDefault(per, UNITS.getOrDefault(per, per));
			return sanitize(overWord + "_per_" + perWord, false);
		}
		return sanitize(UNITS.getOrDefault(stripped, stripped), false);
	}

	/**
	 * A metric name: {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, with runs of {@code _} folded into
	 * one.
	 */
	static String metricName(String name) {
		return sanitize(name, true);
	}

	/**
	 * A label name: {@code [a-zA-Z_][a-zA-Z0-9_]*}; a leading digit gets a {@code key_}
	 * prefix.
	 */
	static String labelName(String key) {
		String sanitized = sanitize(key, false);
		if (!sanitized.isEmpty() && Character.isDigit(sanitized.charAt(0))) {
			return "key_" + sanitized;
		}
		if (sanitized.startsWith("__")) {
			// Names starting with "__" are reserved for Prometheus itself.
			return sanitized.substring(1);
		}
		return sanitized.isEmpty() ? "_" : sanitized;
	}

	private static String sanitize(String value, boolean allowColon) {
		StringBuilder out = new StringBuilder(value.length() + 1);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
					|| (allowColon && c == ':');
			char next = valid ? c : '_';
			if (next == '_' && out.length() > 0 && out.charAt(out.length() - 1) == '_') {
				continue;
			}
			out.append(next);
		}
		if (allowColon && out.length() > 0 && Character.isDigit(out.charAt(0))) {
			out.insert(0, '_');
		}
		return out.toString();
	}

	private static String stripAnnotations(String unit) {
		if (unit.indexOf('{') < 0) {
			return unit;
		}
		StringBuilder out = new StringBuilder(unit.length());
		int depth = 0;
		for (int i = 0; i < unit.length(); i++) {
			char c = unit.charAt(i);
			if (c == '{') {
				depth++;
			}
			else if (c == '}' && depth > 0) {
				depth--;
			}
			else if (depth == 0) {
				out.append(c);
			}
		}
		return out.toString();
	}

	private static boolean hasToken(String name, String word) {
		return name.equals(word) || name.endsWith("_" + word) || name.startsWith(word + "_")
				|| name.contains("_" + word + "_");
	}

}

package dev.telemetry.sdk.export.prometheus;

/**
 * The two text exposition formats a Prometheus server negotiates.
 *
 * @since 0.1.0
 */
public enum PrometheusFormat {

	/**
	 * The Prometheus text format 0.0.4: no exemplars, no units, counters named with their
	 * {@code _total}.
	 */
	TEXT_0_0_4("text/plain; version=0.0.4; charset=utf-8"),

	/**
	 * OpenMetrics 1.0 text: {@code # UNIT} lines, exemplars on buckets and counters, ends
	 * with {@code # EOF}.
	 */
	OPENMETRICS_1_0("application/openmetrics-text; version=1.0.0; charset=utf-8");

	private final String contentType;

	PrometheusFormat(String contentType) {
		this.contentType = contentType;
	}

	/**
	 * Returns the value of the {@code Content-Type} header for a response in this format.
	 * @return the content type, with version and charset
	 */
	public String contentType() {
		return this.contentType;
	}

	/**
	 * Chooses the format for an {@code Accept} header as Prometheus sends it: OpenMetrics
	 * when the header accepts {@code application/openmetrics-text} with a non-zero
	 * quality, else the text format 0.0.4, which every scraper understands.
	 * @param accept the {@code Accept} header, or {@code null}
	 * @return the format to answer in, never {@code null}
	 */
	public static PrometheusFormat negotiate(@org.jspecify.annotations.Nullable String accept) {
		if (accept == null) {
			return TEXT_0_0_4;
		}
		int start = 0;
		while (start < accept.length()) {
			int end = accept.indexOf(',', start);
			if (end < 0) {
				end = accept.length();
			}
			String range = accept.substring(start, end).trim();
			if (range.regionMatches(true, 0, "application/openmetrics-text", 0, 28) && quality(range) > 0) {
				return OPENMETRICS_1_0;
			}
			start = end + 1;
		}
		return TEXT_0_0_4;
	}

	private static double quality(String range) {
		for (String parameter : range.split(";")) {
			String trimmed = parameter.trim();
			if (trimmed.startsWith("q=")) {
				try {
					return Double.parseDouble(trimmed.substring(2));
				}
				catch (NumberFormatException ex) {
					return 0;
				}
			}
		}
		return 1;
	}

}

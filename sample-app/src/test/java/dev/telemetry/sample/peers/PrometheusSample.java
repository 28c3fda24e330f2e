package dev.telemetry.sample.peers;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One sample line of the Prometheus text format or of OpenMetrics: a name, its labels, a
 * value and, in OpenMetrics, the exemplar written after it.
 *
 * @param name the sample's name, such as
 * {@code http_server_request_duration_seconds_bucket}
 * @param labels its labels, unescaped, in the order written
 * @param value its value
 * @param exemplar the exemplar after {@code " # "}, or {@code null}
 */
public record PrometheusSample(String name, Map<String, String> labels, double value, @Nullable Exemplar exemplar) {

	/**
	 * Parses one sample line.
	 * @param line {@code name{labels} value [timestamp] [# {labels} value [timestamp]]}
	 * @return the sample
	 * @throws IllegalArgumentException if the line is not a sample
	 */
	public static PrometheusSample parse(String line) {
		Cursor cursor = new Cursor(line);
		String name = cursor.name();
		Map<String, String> labels = cursor.labels();
		double value = cursor.number();
		cursor.number(); // an optional timestamp
		Exemplar exemplar = null;
		if (cursor.skip('#')) {
			Map<String, String> exemplarLabels = cursor.labels();
			exemplar = new Exemplar(exemplarLabels, cursor.number());
		}
		return new PrometheusSample(name, labels, value, exemplar);
	}

	/**
	 * The value of a label.
	 * @param label the label's name
	 * @return its value, or an empty string when the sample does not have it
	 */
	public String label(String label) {
		return this.labels.getOrDefault(label, "");
	}

	/**
	 * An exemplar: a measurement of the sample's series, with the trace it was made in.
	 *
	 * @param labels its labels ({@code trace_id}, {@code span_id}, ...)
	 * @param value the measurement
	 */
	public record Exemplar(Map<String, String> labels, double value) {

		/**
		 * The trace id of the span the measurement was made in.
		 * @return it in lower-case hex, or an empty string
		 */
		public String traceId() {
			return this.labels.getOrDefault("trace_id", "");
		}

		/**
		 * The span id of the span the measurement was made in.
		 * @return it in lower-case hex, or an empty string
		 */
		public String spanId() {
			return this.labels.getOrDefault("span_id", "");
		}

	}

	private static final class Cursor {

		private final String line;

		private int at;

		Cursor(String line) {
			this.line = line;
		}

		String name() {
			int start = this.at;
			while (this.at < this.line.length() && this.line.charAt(this.at) != '{'
					&& this.line.charAt(this.at) != ' ') {
				this.at++;
			}
			if (this.at == start) {
				throw new IllegalArgumentException("No metric name: " + this.line);
			}
			return this.line.substring(start, this.at);
		}

		// {a="x",b="y"}, values with \\, \" and \n escaped; none at all when no brace
		// follows.
		Map<String, String> labels() {
			Map<String, String> labels = new LinkedHashMap<>();
			spaces();
			if (!skip('{')) {
				return labels;
			}
			while (!skip('}')) {
				int equals = this.line.indexOf('=', this.at);
				if (equals < 0 || equals + 1 >= this.line.length() || this.line.charAt(equals + 1) != '"') {
					throw new IllegalArgumentException("Bad label at " + this.at + ": " + this.line);
				}
				String name = this.line.substring(this.at, equals).trim();
				this.at = equals + 2;
				StringBuilder value = new StringBuilder();
				while (this.line.charAt(this.at) != '"') {
					char c = this.line.charAt(this.at++);
					if (c == '\\') {
						char escaped = this.line.charAt(this.at++);
						value.append((escaped == 'n') ? '\n' : escaped);
					}
					else {
						value.append(c);
					}
				}
				this.at++;
				labels.put(name, value.toString());
				skip(',');
			}
			return labels;
		}

		// The next number; NaN when the line has no more, or an exemplar comes next.
		double number() {
			spaces();
			int start = this.at;
			while (this.at < this.line.length() && this.line.charAt(this.at) != ' ') {
				this.at++;
			}
			String text = this.line.substring(start, this.at);
			if (text.equals("#")) {
				// an exemplar, not a timestamp
				this.at = start;
				return Double.NaN;
			}
			return switch (text) {
				case "", "NaN" -> Double.NaN;
				case "+Inf" -> Double.POSITIVE_INFINITY;
				case "-Inf" -> Double.NEGATIVE_INFINITY;
				default -> Double.parseDouble(text);
			};
		}

		boolean skip(char c) {
			spaces();
			if (this.at < this.line.length() && this.line.charAt(this.at) == c) {
				this.at++;
				return true;
			}
			return false;
		}

		private void spaces() {
			while (this.at < this.line.length() && this.line.charAt(this.at) == ' ') {
				this.at++;
			}
		}

	}

}

package dev.telemetry.sdk.propagation;

import java.util.Iterator;
import java.util.logging.Logger;

import org.jspecify.annotations.Nullable;

/**
 * Reads a field that a carrier may repeat, as RFC 9110 section 5.3 says to: the lines of
 * a list field are one comma-joined value, and a singleton field sent twice is not one
 * value at all.
 */
final class CarrierFields {

	private static final Logger logger = Logger.getLogger(CarrierFields.class.getName());

	private CarrierFields() {
	}

	/**
	 * Returns the lines of a list field joined by {@code ,}, in the order received.
	 * @return the value, or {@code null} when the field is absent
	 */
	static <C> @Nullable String joined(TextMapGetter<C> getter, @Nullable C carrier, String key) {
		Iterator<String> lines = getter.getAll(carrier, key);
		String first = next(lines);
		if (first == null) {
			return null;
		}
		String second = next(lines);
		if (second == null) {
			// The usual case: one line, no copy.
			return first;
		}
		StringBuilder joined = new StringBuilder(first.length() + second.length() + 16);
		joined.append(first).append(',').append(second);
		for (String line = next(lines); line != null; line = next(lines)) {
			joined.append(',').append(line);
		}
		return joined.toString();
	}

	/**
	 * Returns the value of a field that must appear once.
	 * @return the value, or {@code null} when the field is absent or repeated
	 */
	static <C> @Nullable String single(TextMapGetter<C> getter, @Nullable C carrier, String key) {
		Iterator<String> lines = getter.getAll(carrier, key);
		String first = next(lines);
		if (first != null && next(lines) != null) {
			logger.fine(() -> "Ignoring the " + key + " field, which appears more than once");
			return null;
		}
		return first;
	}

	// A getter written for a loose carrier may hand out nulls: they are not lines.
	private static @Nullable String next(Iterator<String> lines) {
		while (lines.hasNext()) {
			String line = lines.next();
			if (line != null) {
				return line;
			}
		}
		return null;
	}

}

package dev.telemetry.sdk.propagation;

import java.util.logging.Logger;

import dev.telemetry.sdk.trace.span.TraceState;
import org.jspecify.annotations.Nullable;

/**
 * Parses a W3C {@code tracestate} header, all or nothing: the specification forbids
 * propagating a trace state that could not be fully parsed.
 */
final class TraceStateParser {

	private static final Logger logger = Logger.getLogger(TraceStateParser.class.getName());

	private TraceStateParser() {
	}

	/**
	 * Parses a header.
	 * @param header the header value, possibly several headers joined by {@code ,}
	 * @return the trace state, empty when the header is absent or malformed
	 */
	static TraceState parse(@Nullable String header) {
		if (header == null || header.isEmpty()) {
			return TraceState.empty();
		}
		String[] keysAndValues = new String[TraceState.MAX_ENTRIES * 2];
		int count = 0;
		int length = header.length();
		int start = 0;
		while (start <= length) {
			int comma = header.indexOf(',', start);
			int end = (comma < 0) ? length : comma;
			int from = skipWhitespace(header, start, end);
			int to = trimWhitespace(header, from, end);
			// Empty members are legal so that joined repeated headers stay valid.
			if (from < to) {
				if (count == keysAndValues.length) {
					return discard("more than " + TraceState.MAX_ENTRIES + " members");
				}
				int equals = header.indexOf('=', from);
				if (equals < 0 || equals >= to) {
					return discard("a member without '='");
				}
				String key = header.substring(from, equals);
				String value = header.substring(equals + 1, to);
				if (!TraceState.isValidKey(key) || !TraceState.isValidValue(value)) {
					return discard("an invalid member");
				}
				for (int i = 0; i < count; i += 2) {
					if (keysAndValues[i].equals(key)) {
						return discard("a duplicate key");
					}
				}
				keysAndValues[count++] = key;
				keysAndValues[count++] = value;
			}
			start = end + 1;
		}
		if (count == 0) {
			return TraceState.empty();
		}
		String[] exact = new String[count];
		System.arraycopy(keysAndValues, 0, exact, 0, count);
		return TraceState.ofValidated(exact);
	}

	private static TraceState discard(String reason) {
		logger.fine(() -> "Ignoring tracestate header with " + reason);
		return TraceState.empty();
	}

	private static int skipWhitespace(String s, int from, int to) {
		while (from < to && isWhitespace(s.charAt(from))) {
			from++;
		}
		return from;
	}

	private static int trimWhitespace(String s, int from, int to) {
		while (to > from && isWhitespace(s.charAt(to - 1))) {
			to--;
		}
		return to;
	}

	private static boolean isWhitespace(char c) {
		return c == ' ' || c == '\t';
	}

}

package dev.telemetry.sdk.propagation;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.logging.Logger;

import dev.telemetry.sdk.baggage.Baggage;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.internal.HttpGrammar;
import org.jspecify.annotations.Nullable;

/**
 * Propagates {@link Baggage} with the W3C {@code baggage} header:
 * {@code name=value;property, name2=value2}.
 * <p>
 * Values are percent-encoded UTF-8. Properties after the first {@code ;} are kept as
 * written (trimmed) in {@link Baggage.Entry#metadata()}. Extraction skips malformed
 * members one by one and keeps the valid ones, reads at most 180 members within the first
 * 8192 bytes (the W3C limits), and merges them into the baggage already in the context.
 * Injection applies the same limits, dropping whole members rather than truncating one.
 * <p>
 * Thread-safe and stateless; use {@link #getInstance()}.
 *
 * @since 0.1.0
 */
public final class W3CBaggagePropagator implements TextMapPropagator {

	/** The most list members W3C Baggage requires a platform to propagate. */
	static final int MAX_MEMBERS = 180;

	/** The most bytes W3C Baggage requires a platform to propagate. */
	static final int MAX_HEADER_LENGTH = 8192;

	static final String BAGGAGE = "baggage";

	private static final Logger logger = Logger.getLogger(W3CBaggagePropagator.class.getName());

	private static final W3CBaggagePropagator INSTANCE = new W3CBaggagePropagator();

	private static final List<String> FIELDS = List.of(BAGGAGE);

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	// W3C baggage-octet: printable ASCII except DQUOTE , ; \
	private static final boolean[] OCTET = new boolean[128];

	static {
		for (char c = 0x21; c < 0x7F; c++) {
			OCTET[c] = c != '"' && c != ',' && c != ';' && c != '\\';
		}
	}

	private W3CBaggagePropagator() {
	}

	/**
	 * Returns the shared instance.
	 * @return the propagator
	 */
	public static W3CBaggagePropagator getInstance() {
		return INSTANCE;
	}

	@Override
	public Collection<String> fields() {
		return FIELDS;
	}

	@Override
	public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
		Baggage baggage = Baggage.fromContext(context);
		if (baggage.isEmpty()) {
			return;
		}
		List<Baggage.Entry> entries = baggage.entries();
		int estimate = 0;
		for (int i = 0, n = entries.size(); i < n; i++) {
			Baggage.Entry entry = entries.get(i);
			estimate += entry.name().length() + entry.value().length() + entry.metadata().length() + 3;
		}
		// One builder, sized for the usual case of values that need no escaping.
		StringBuilder header = new StringBuilder(Math.min(estimate, MAX_HEADER_LENGTH));
		int members = 0;
		for (int i = 0, n = entries.size(); i < n && members < MAX_MEMBERS; i++) {
			Baggage.Entry entry = entries.get(i);
			// Baggage accepts any name, but a non-token would corrupt the whole header.
			if (!HttpGrammar.isToken(entry.name())) {
				continue;
			}
			int mark = header.length();
			if (mark > 0) {
				header.append(',');
			}
			header.append(entry.name()).append('=');
			appendEncoded(header, entry.value());
			String metadata = entry.metadata();
			if (!metadata.isEmpty()) {
				metadata = metadata.strip();
				if (!metadata.isEmpty() && isValidMetadata(metadata, 0, metadata.length())) {
					header.append(';').append(metadata);
				}
			}
			if (header.length() > MAX_HEADER_LENGTH) {
				// Whole members or nothing: take this one back out.
				header.setLength(mark);
				continue;
			}
			members++;
		}
		if (header.length() > 0) {
			setter.set(carrier, BAGGAGE, header.toString());
		}
	}

	@Override
	public <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter) {
		String header = CarrierFields.joined(getter, carrier, BAGGAGE);
		if (header == null || header.isEmpty()) {
			return context;
		}
		Baggage original = Baggage.fromContext(context);
		Baggage baggage = original;
		int length = header.length();
		int members = 0;
		int start = 0;
		while (start < length && members < MAX_MEMBERS) {
			int comma = header.indexOf(',', start);
			int end = (comma < 0) ? length : comma;
			if (end > MAX_HEADER_LENGTH) {
				// Beyond the limit a sender may already have truncated a member.
				logger.fine("Ignoring baggage beyond " + MAX_HEADER_LENGTH + " bytes");
				break;
			}
			int from = HttpGrammar.skipWhitespace(header, start, end);
			int to = HttpGrammar.trimWhitespace(header, from, end);
			if (from < to) {
				members++;
				baggage = parseMember(baggage, header, from, to);
			}
			start = end + 1;
		}
		return (baggage != original) ? baggage.storeInContext(context) : context;
	}

	private static Baggage parseMember(Baggage baggage, String header, int from, int to) {
		int semicolon = indexOf(header, ';', from, to);
		int valueEnd = (semicolon < 0) ? to : semicolon;
		int equals = indexOf(header, '=', from, valueEnd);
		if (equals < 0) {
			return skip(baggage, "a member without '='");
		}
		int nameEnd = HttpGrammar.trimWhitespace(header, from, equals);
		if (nameEnd == from || !HttpGrammar.isToken(header, from, nameEnd)) {
			return skip(baggage, "an invalid name");
		}
		int valueStart = HttpGrammar.skipWhitespace(header, equals + 1, valueEnd);
		valueEnd = HttpGrammar.trimWhitespace(header, valueStart, valueEnd);
		String value = decode(header, valueStart, valueEnd);
		if (value == null) {
			return skip(baggage, "an invalid value");
		}
		String metadata = "";
		if (semicolon >= 0) {
			int metadataStart = HttpGrammar.skipWhitespace(header, semicolon + 1, to);
			if (!isValidMetadata(header, metadataStart, to)) {
				return skip(baggage, "invalid properties");
			}
			metadata = header.substring(metadataStart, to);
		}
		return baggage.with(header.substring(from, nameEnd), value, metadata);
	}

	private static Baggage skip(Baggage baggage, String reason) {
		logger.fine(() -> "Ignoring baggage member with " + reason);
		return baggage;
	}

	/**
	 * Percent-decodes a value as UTF-8; malformed UTF-8 becomes U+FFFD as W3C Baggage
	 * requires.
	 * @return the value, or {@code null} if it has a character outside baggage-octet or a
	 * malformed escape
	 */
	static @Nullable String decode(String s, int from, int to) {
		boolean escaped = false;
		for (int i = from; i < to; i++) {
			char c = s.charAt(i);
			if (c >= 128 || !OCTET[c]) {
				return null;
			}
			if (c == '%') {
				if (i + 2 >= to || hexValue(s.charAt(i + 1)) < 0 || hexValue(s.charAt(i + 2)) < 0) {
					return null;
				}
				escaped = true;
				i += 2;
			}
		}
		if (!escaped) {
			return s.substring(from, to);
		}
		byte[] bytes = new byte[to - from];
		int length = 0;
		for (int i = from; i < to; i++) {
			char c = s.charAt(i);
			if (c == '%') {
				bytes[length++] = (byte) ((hexValue(s.charAt(i + 1)) << 4) | hexValue(s.charAt(i + 2)));
				i += 2;
			}
			else {
				bytes[length++] = (byte) c;
			}
		}
		return new String(bytes, 0, length, StandardCharsets.UTF_8);
	}

	static void appendEncoded(StringBuilder sb, String value) {
		if (isPlain(value)) {
			sb.append(value);
			return;
		}
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if (c < 128 && OCTET[c] && c != '%') {
				sb.append((char) c);
			}
			else {
				sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
			}
		}
	}

	private static boolean isPlain(String value) {
		for (int i = 0, n = value.length(); i < n; i++) {
			char c = value.charAt(i);
			if (c >= 128 || !OCTET[c] || c == '%') {
				return false;
			}
		}
		return true;
	}

	private static int hexValue(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		if (c >= 'A' && c <= 'F') {
			return c - 'A' + 10;
		}
		return -1;
	}

	// Properties are kept verbatim, so only check that they cannot break the header.
	private static boolean isValidMetadata(String s, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = s.charAt(i);
			if (c >= 0x7F || (c < 0x20 && c != '\t') || c == ',') {
				return false;
			}
		}
		return true;
	}

	private static int indexOf(String s, char c, int from, int to) {
		for (int i = from; i < to; i++) {
			if (s.charAt(i) == c) {
				return i;
			}
		}
		return -1;
	}

	@Override
	public String toString() {
		return "W3CBaggagePropagator";
	}

}

package dev.telemetry.autoconfigure.env;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import dev.telemetry.sdk.internal.HttpGrammar;
import org.jspecify.annotations.Nullable;

/**
 * The {@code k=v,k2=v2} lists of {@code OTEL_RESOURCE_ATTRIBUTES} and
 * {@code OTEL_EXPORTER_OTLP_HEADERS}: members that cannot be turned into an entry are
 * skipped and described without their values, which are often credentials.
 * Percent-decoding is strict: {@code +} stays a plus sign, as in W3C baggage, because
 * base64 credentials contain it. Stateless.
 */
final class KeyValueList {

	private KeyValueList() {
	}

	/**
	 * Parses a comma-separated list of {@code key=value} members.
	 * @param value the list
	 * @param headerNames whether keys must be HTTP header names
	 * @param problems receives a description of each skipped member; descriptions never
	 * contain a value
	 * @return the entries, in the order of the list; a later duplicate key wins
	 */
	static Map<String, String> parse(String value, boolean headerNames, List<String> problems) {
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

	private static String describeKey(String key, int position) {
		// A key that is not a token may be a mangled value, so it is not repeated.
		return HttpGrammar.isToken(key) ? "key '" + key + "'" : "entry " + position;
	}

}

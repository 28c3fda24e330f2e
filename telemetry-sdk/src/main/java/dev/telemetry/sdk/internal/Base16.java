package dev.telemetry.sdk.internal;

/**
 * Lower-case hexadecimal encoding of ids, without intermediate strings or exceptions.
 *
 * @since 0.1.0
 */
public final class Base16 {

	private static final char[] DIGITS = "0123456789abcdef".toCharArray();

	private static final byte[] ASCII_DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private static final byte[] VALUES = new byte[128];

	static {
		java.util.Arrays.fill(VALUES, (byte) -1);
		for (int i = 0; i < 16; i++) {
			VALUES[DIGITS[i]] = (byte) i;
		}
	}

	private Base16() {
	}

	/**
	 * Writes a long as 16 lower-case hex characters.
	 * @param value the value
	 * @param dest the destination
	 * @param offset where to start writing
	 */
	public static void encode(long value, char[] dest, int offset) {
		for (int i = 15; i >= 0; i--) {
			dest[offset + i] = DIGITS[(int) (value & 0xF)];
			value >>>= 4;
		}
	}

	/**
	 * Writes a byte as 2 lower-case hex characters.
	 * @param value the value
	 * @param dest the destination
	 * @param offset where to start writing
	 */
	public static void encode(byte value, char[] dest, int offset) {
		dest[offset] = DIGITS[(value >> 4) & 0xF];
		dest[offset + 1] = DIGITS[value & 0xF];
	}

	/**
	 * Writes a long as 16 lower-case hex characters in ASCII.
	 * @param value the value
	 * @param dest the destination
	 * @param offset where to start writing
	 * @since 0.1.0
	 */
	public static void encode(long value, byte[] dest, int offset) {
		for (int i = 15; i >= 0; i--) {
			dest[offset + i] = ASCII_DIGITS[(int) (value & 0xF)];
			value >>>= 4;
		}
	}

	/**
	 * Writes a byte as 2 lower-case hex characters in ASCII.
	 * @param value the value
	 * @param dest the destination
	 * @param offset where to start writing
	 * @since 0.1.0
	 */
	public static void encode(byte value, byte[] dest, int offset) {
		dest[offset] = ASCII_DIGITS[(value >> 4) & 0xF];
		dest[offset + 1] = ASCII_DIGITS[value & 0xF];
	}

	/**
	 * Returns a long as 16 lower-case hex characters.
	 * @param value the value
	 * @return the hex string
	 */
	public static String toString(long value) {
		char[] chars = new char[16];
		encode(value, chars, 0);
		return new String(chars);
	}

	/**
	 * Returns whether {@code length} characters from {@code offset} are all lower-case
	 * hex digits (as W3C Trace Context requires).
	 * @param chars the characters
	 * @param offset the first to check
	 * @param length how many to check
	 * @return whether all are valid and in range
	 */
	public static boolean isLowerHex(CharSequence chars, int offset, int length) {
		if (offset < 0 || length < 0 || offset > chars.length() - length) {
			return false;
		}
		for (int i = offset, end = offset + length; i < end; i++) {
			char c = chars.charAt(i);
			if (c >= 128 || VALUES[c] < 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Decodes 16 hex characters into a long; call {@link #isLowerHex} first.
	 * @param chars the characters
	 * @param offset the first character
	 * @return the value
	 */
	public static long decodeLong(CharSequence chars, int offset) {
		long result = 0;
		for (int i = offset, end = offset + 16; i < end; i++) {
			result = (result << 4) | VALUES[chars.charAt(i)];
		}
		return result;
	}

	/**
	 * Decodes 2 hex characters into a byte; call {@link #isLowerHex} first.
	 * @param chars the characters
	 * @param offset the first character
	 * @return the value
	 */
	public static byte decodeByte(CharSequence chars, int offset) {
		return (byte) ((VALUES[chars.charAt(offset)] << 4) | VALUES[chars.charAt(offset + 1)]);
	}

}

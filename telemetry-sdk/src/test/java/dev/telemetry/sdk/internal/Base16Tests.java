package dev.telemetry.sdk.internal;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Base16}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Base16Tests {

	@Test
	void encodesLongsAsSixteenLowerCaseDigits() {
		assertThat(Base16.toString(0L)).isEqualTo("0000000000000000");
		assertThat(Base16.toString(1L)).isEqualTo("0000000000000001");
		assertThat(Base16.toString(-1L)).isEqualTo("ffffffffffffffff");
		assertThat(Base16.toString(Long.MIN_VALUE)).isEqualTo("8000000000000000");
		assertThat(Base16.toString(Long.MAX_VALUE)).isEqualTo("7fffffffffffffff");
		assertThat(Base16.toString(0x0af7651916cd43ddL)).isEqualTo("0af7651916cd43dd");
	}

	@Test
	void encodesRandomLongsLikeHexFormat() {
		SplittableRandom random = new SplittableRandom(16);
		HexFormat hex = HexFormat.of();
		for (int i = 0; i < 10_000; i++) {
			long value = random.nextLong();
			assertThat(Base16.toString(value)).isEqualTo(hex.toHexDigits(value));
		}
	}

	@Test
	void encodesIntoTheGivenOffsetOnly() {
		char[] dest = new char[20];
		Arrays.fill(dest, '.');
		Base16.encode(0x0123456789abcdefL, dest, 2);
		assertThat(new String(dest)).isEqualTo("..0123456789abcdef..");
	}

	@Test
	void encodesEveryByte() {
		HexFormat hex = HexFormat.of();
		char[] dest = new char[4];
		for (int i = Byte.MIN_VALUE; i <= Byte.MAX_VALUE; i++) {
			Arrays.fill(dest, '.');
			Base16.encode((byte) i, dest, 1);
			assertThat(new String(dest)).isEqualTo("." + hex.toHexDigits((byte) i) + ".");
		}
	}

	@Test
	void decodesWhatItEncodes() {
		SplittableRandom random = new SplittableRandom(61);
		for (int i = 0; i < 10_000; i++) {
			long value = random.nextLong();
			String text = "xx" + Base16.toString(value) + "yy";
			assertThat(Base16.isLowerHex(text, 2, 16)).isTrue();
			assertThat(Base16.decodeLong(text, 2)).isEqualTo(value);
		}
		assertThat(Base16.decodeLong("ffffffffffffffff", 0)).isEqualTo(-1L);
		assertThat(Base16.decodeLong("8000000000000000", 0)).isEqualTo(Long.MIN_VALUE);
	}

	@Test
	void decodesEveryByte() {
		char[] chars = new char[2];
		for (int i = Byte.MIN_VALUE; i <= Byte.MAX_VALUE; i++) {
			Base16.encode((byte) i, chars, 0);
			assertThat(Base16.decodeByte(new String(chars), 0)).isEqualTo((byte) i);
		}
	}

	@Test
	void decodesFromAnyCharSequence() {
		StringBuilder builder = new StringBuilder("00-0af7651916cd43dd-01");
		assertThat(Base16.isLowerHex(builder, 3, 16)).isTrue();
		assertThat(Base16.decodeLong(builder, 3)).isEqualTo(0x0af7651916cd43ddL);
		assertThat(Base16.decodeByte(builder, 20)).isEqualTo((byte) 1);
	}

	@Test
	void acceptsOnlyLowerCaseHexDigits() {
		assertThat(Base16.isLowerHex("0123456789abcdef", 0, 16)).isTrue();
		for (char c = 0; c < 0x3000; c++) {
			boolean expected = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
			assertThat(Base16.isLowerHex(String.valueOf(c), 0, 1)).as("char U+%04X", (int) c).isEqualTo(expected);
		}
		assertThat(Base16.isLowerHex("ABCDEF", 0, 6)).isFalse();
		assertThat(Base16.isLowerHex("0a\u0660", 0, 3)).as("Arabic-Indic digit").isFalse();
		assertThat(Base16.isLowerHex("0a\uff41", 0, 3)).as("full-width a").isFalse();
	}

	@Test
	void checksOnlyTheRequestedRange() {
		assertThat(Base16.isLowerHex("zz00ffzz", 2, 4)).isTrue();
		assertThat(Base16.isLowerHex("zz00ffzz", 1, 4)).isFalse();
		assertThat(Base16.isLowerHex("abc", 0, 0)).isTrue();
		assertThat(Base16.isLowerHex("", 0, 0)).isTrue();
	}

	@Test
	void rejectsRangesOutsideTheInput() {
		assertThat(Base16.isLowerHex("abcd", 0, 5)).isFalse();
		assertThat(Base16.isLowerHex("abcd", 3, 2)).isFalse();
		assertThat(Base16.isLowerHex("abcd", -1, 2)).isFalse();
		assertThat(Base16.isLowerHex("abcd", 1, -1)).isFalse();
		assertThat(Base16.isLowerHex("abcd", 5, 0)).isFalse();
	}

	@Test
	void rejectsRangesWhoseEndOverflows() {
		assertThat(Base16.isLowerHex("abcd", 1, Integer.MAX_VALUE)).isFalse();
		assertThat(Base16.isLowerHex("abcd", Integer.MAX_VALUE, 1)).isFalse();
	}

}

package dev.telemetry.sdk.export.otlp;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StringScanCache}: the scans it answers and its bound.
 */
@Timeout(10)
class StringScanCacheTests {

	// ASCII, two bytes, three bytes, a surrogate pair, and unpaired surrogates (one
	// replacement byte each, like an ASCII char), all long enough to be kept.
	private static final String[] TEXTS = { "SELECT id FROM orders WHERE id = ?",
			"caf\u00e9 cr\u00e8me br\u00fbl\u00e9e", "\u20ac 5 \u20ac 10 \u20ac 20 \u20ac 50",
			"\ud83d\ude80 launch \ud83d\ude80 again", "broken \ud83d and more text", "\ude80 broken at the start",
			"\u00ff\u00e9 ".repeat(8) };

	@Test
	void answersTheScanOfEveryUtf8WidthTheFirstTimeAndAgain() {
		StringScanCache cache = new StringScanCache();
		for (String text : TEXTS) {
			assertThat(text.length()).isBetween(StringScanCache.MIN_LENGTH, StringScanCache.MAX_LENGTH);
			int expected = expectedScan(text);
			assertThat(cache.scan(text)).as(text).isEqualTo(expected);
			// The same instance, from the table; and an equal copy, scanned again.
			assertThat(cache.scan(text)).as(text).isEqualTo(expected);
			assertThat(cache.scan(new String(text.toCharArray()))).as(text).isEqualTo(expected);
		}
		assertThat(cache.size()).isPositive();
	}

	@Test
	void holdsAtMostItsCapacityHoweverManyStringsItSees() {
		StringScanCache cache = new StringScanCache();
		for (int i = 0; i < 20 * StringScanCache.CAPACITY; i++) {
			String text = "a unique string " + i + ((i % 3 == 0) ? " \u20ac" : "");
			assertThat(cache.scan(text)).isEqualTo(expectedScan(text));
		}
		assertThat(cache.size()).isPositive().isLessThanOrEqualTo(StringScanCache.CAPACITY);
	}

	@Test
	void keepsNoStringTooShortOrTooLong() {
		StringScanCache cache = new StringScanCache();
		String shortText = "x".repeat(StringScanCache.MIN_LENGTH - 1);
		String longText = "\u00e9".repeat(StringScanCache.MAX_LENGTH + 1);

		assertThat(cache.scan(shortText)).isEqualTo(expectedScan(shortText));
		assertThat(cache.scan(longText)).isEqualTo(expectedScan(longText));
		assertThat(cache.size()).isZero();
	}

	@Test
	void keepsShortRecurringStringsButNotLongOnes() {
		// One string per table: two could take the same slot, one identity hash in 256.
		for (String shortText : new String[] { "url.path", "caf\u00e9" }) {
			StringScanCache cache = new StringScanCache();
			assertThat(cache.scanRecurring(shortText)).as(shortText).isEqualTo(expectedScan(shortText));
			assertThat(cache.size()).as(shortText).isOne();
			// From the table the second time, with the same answer.
			assertThat(cache.scanRecurring(shortText)).as(shortText).isEqualTo(expectedScan(shortText));
		}
		StringScanCache cache = new StringScanCache();
		String longText = "\u00e9".repeat(StringScanCache.MAX_LENGTH + 1);
		assertThat(cache.scanRecurring(longText)).isEqualTo(expectedScan(longText));
		assertThat(cache.size()).isZero();
	}

	private static int expectedScan(String text) {
		int bytes = text.getBytes(StandardCharsets.UTF_8).length;
		boolean ascii = text.chars().allMatch((c) -> c < 0x80);
		return ascii ? bytes : ~bytes;
	}

}

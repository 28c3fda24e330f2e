package dev.telemetry.sdk.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HttpGrammar}: RFC 9110 tokens and optional whitespace.
 */
class HttpGrammarTests {

	@Test
	void tokenCharsAreLettersDigitsAndTheSymbolsOfRfc9110() {
		StringBuilder tchars = new StringBuilder();
		for (char c = 0; c < 0x200; c++) {
			if (HttpGrammar.isTokenChar(c)) {
				tchars.append(c);
			}
		}
		assertThat(tchars).hasToString("!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~");
	}

	@Test
	void aTokenIsNonEmpty() {
		assertThat(HttpGrammar.isToken("x-api-key")).isTrue();
		assertThat(HttpGrammar.isToken("")).isFalse();
		assertThat(HttpGrammar.isToken("a b")).isFalse();
		assertThat(HttpGrammar.isToken("a:b")).isFalse();
		assertThat(HttpGrammar.isToken("\u00e9")).isFalse();
	}

	@Test
	void digitsAreOneOrMoreAsciiDigits() {
		assertThat(HttpGrammar.isDigits("0")).isTrue();
		assertThat(HttpGrammar.isDigits("120")).isTrue();
		assertThat(HttpGrammar.isDigits("")).isFalse();
		assertThat(HttpGrammar.isDigits("-5")).isFalse();
		assertThat(HttpGrammar.isDigits("1 2")).isFalse();
		assertThat(HttpGrammar.isDigits("\u0663")).isFalse();
	}

	@Test
	void whitespaceIsSpaceAndTabOnly() {
		assertThat(HttpGrammar.skipWhitespace(" \t a \t ", 0, 7)).isEqualTo(3);
		assertThat(HttpGrammar.trimWhitespace(" \t a \t ", 3, 7)).isEqualTo(4);
		assertThat(HttpGrammar.skipWhitespace("\u00a0a", 0, 2)).isZero();
		assertThat(HttpGrammar.trimWhitespace("a\r\n", 0, 3)).isEqualTo(3);
		assertThat(HttpGrammar.trimWhitespace("   ", 0, 3)).isZero();
	}

}

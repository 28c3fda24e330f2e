package dev.telemetry.sdk.trace.samplers;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Glob}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GlobTests {

	@ParameterizedTest(name = "\"{0}\" ~ \"{1}\" = {2}")
	@CsvSource(delimiter = '|', value = { "/actuator/**|/actuator|true", "/actuator/**|/actuator/|true",
			"/actuator/**|/actuator/health|true", "/actuator/**|/actuator/health/liveness|true",
			"/actuator/**|/actuators|false", "/actuator/**|/api/actuator/health|false", "/orders/*|/orders/42|true",
			"/orders/*|/orders/42/items|false", "/orders/*|/orders/|true", "/orders/{id}|/orders/42|true",
			"/orders/{id}|/orders/{id}|true", "/orders/{id}/items|/orders/7/items|true",
			"/files/{*path}|/files/a/b/c|true", "/a/?|/a/b|true", "/a/?|/a/bc|false", "/a/?|/a//|false",
			"/a/**/b|/a/b|true", "/a/**/b|/a/x/b|true", "/a/**/b|/a/x/y/b|true", "/a/**/b|/a/xb|false",
			"**/health|/actuator/health|true", "**|anything/at/all|true", "*|no-slash|true", "*|has/slash|false",
			"GET /actuator/**|GET /actuator/health|true", "GET /actuator/**|POST /actuator/health|false",
			"GET /actuator/**|GET|false", "get /x|GET /x|false", "\\*|*|true", "\\*|x|false", "a\\?b|a?b|true",
			"a\\{b}|a{b}|true", "/checkout/**|/checkout|true", "*.js|app.js|true", "/**/*.js|/a/b/app.js|true",
			"/**/*.js|/app.js|true", "|''|true", "/x|/x/|false" })
	void matchesLikeAPathPattern(String glob, String text, boolean expected) {
		String pattern = (glob != null) ? glob : "";
		String input = "''".equals(text) ? "" : text;
		assertThat(Glob.compile(pattern).matches(input)).isEqualTo(expected);
	}

	@Test
	void matchesTwoPartsAsIfJoinedBySeparator() {
		Glob glob = Glob.compile("GET /actuator/**");
		assertThat(glob.matches("GET", ' ', "/actuator/health")).isTrue();
		assertThat(glob.matches("GET", ' ', "/actuator")).isTrue();
		assertThat(glob.matches("POST", ' ', "/actuator/health")).isFalse();
		assertThat(glob.matches("GET", ' ', "/hello")).isFalse();
		assertThat(glob.matches("GET", '/', "/actuator/health")).isFalse();
		assertThat(Glob.compile("*").matches("GET", '/', "x")).isFalse();
		assertThat(Glob.compile("**").matches("GET", '/', "x")).isTrue();
		assertThat(Glob.compile("GET").matches("GET", ' ', null)).isTrue();
	}

	@Test
	void agreesWithAnEquivalentRegularExpressionOnRandomInput() {
		// An independent definition of the same language, as a regular expression,
		// checked on many small random globs and texts over an alphabet that
		// exercises every operator.
		SplittableRandom random = new SplittableRandom(0x61_0b);
		String[] pieces = { "a", "b", "/", "*", "**", "?", "{x}", "{*x}", "\\*", "/**/", "." };
		char[] alphabet = { 'a', 'b', '/', '*', '.' };
		int compared = 0;
		for (int g = 0; g < 4_000; g++) {
			StringBuilder glob = new StringBuilder();
			int parts = random.nextInt(7);
			for (int p = 0; p < parts; p++) {
				glob.append(pieces[random.nextInt(pieces.length)]);
			}
			if (random.nextInt(4) == 0) {
				glob.append("/**");
			}
			Glob compiled = Glob.compile(glob.toString());
			Pattern reference = Pattern.compile(toRegex(glob.toString()), Pattern.DOTALL);
			for (int t = 0; t < 40; t++) {
				StringBuilder text = new StringBuilder();
				int length = random.nextInt(9);
				for (int i = 0; i < length; i++) {
					text.append(alphabet[random.nextInt(alphabet.length)]);
				}
				assertThat(compiled.matches(text)).as("glob %s (regex %s) on %s", glob, reference.pattern(), text)
					.isEqualTo(reference.matcher(text).matches());
				compared++;
			}
		}
		assertThat(compared).isEqualTo(160_000);
	}

	@Test
	void longTextIsMatchedInLinearTime() {
		// a pattern that makes a backtracking matcher quadratic or worse on this input
		Glob glob = Glob.compile("**a*b*c*d/x");
		String text = "a".repeat(8_000);
		long start = System.nanoTime();
		for (int i = 0; i < 50; i++) {
			assertThat(glob.matches(text)).isFalse();
		}
		// generous: 400k characters; a quadratic matcher needs seconds
		assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
	}

	@Test
	void acceptsLongGlobsUpToTheLimit() {
		String longest = "/" + "a".repeat(Glob.MAX_TOKENS - 3) + "/**";
		Glob glob = Glob.compile(longest);
		assertThat(glob.matches("/" + "a".repeat(Glob.MAX_TOKENS - 3))).isTrue();
		assertThat(glob.matches("/" + "a".repeat(Glob.MAX_TOKENS - 3) + "/deep/er")).isTrue();
		assertThat(glob.matches("/" + "a".repeat(Glob.MAX_TOKENS - 4) + "/x")).isFalse();
		String withWideChars = "/ü" + "*".repeat(3) + "/é/" + "x".repeat(100);
		assertThat(Glob.compile(withWideChars).matches("/üöä/é/" + "x".repeat(100))).isTrue();
		assertThat(Glob.compile(withWideChars).matches("/üöä/è/" + "x".repeat(100))).isFalse();
	}

	@Test
	void rejectsMalformedOrOverlongGlobs() {
		assertThatIllegalArgumentException().isThrownBy(() -> Glob.compile("/orders/{id"))
			.withMessageContaining("not closed");
		assertThatIllegalArgumentException().isThrownBy(() -> Glob.compile("trailing\\"))
			.withMessageContaining("escapes nothing");
		assertThatIllegalArgumentException().isThrownBy(() -> Glob.compile("a".repeat(Glob.MAX_TOKENS + 1)))
			.withMessageContaining("longer than");
	}

	@Test
	void escapeMakesEveryCharacterLiteral() {
		String path = "/we*ird?{path}\\";
		assertThat(Glob.compile(Glob.escape(path)).matches(path)).isTrue();
		assertThat(Glob.compile(Glob.escape(path)).matches("/weXird?{path}\\")).isFalse();
	}

	private static String toRegex(String glob) {
		// tokens: a literal character, or '?' (ANY), '*' (STAR), '**' (DOUBLE)
		List<String> tokens = new ArrayList<>();
		int i = 0;
		while (i < glob.length()) {
			char c = glob.charAt(i);
			String token;
			if (c == '\\') {
				token = "L" + glob.charAt(i + 1);
				i += 2;
			}
			else if (glob.startsWith("**", i)) {
				token = "DOUBLE";
				i += 2;
			}
			else if (c == '*') {
				token = "STAR";
				i++;
			}
			else if (c == '?') {
				token = "ANY";
				i++;
			}
			else if (c == '{') {
				int close = glob.indexOf('}', i);
				token = (glob.charAt(i + 1) == '*') ? "DOUBLE" : "STAR";
				i = close + 1;
			}
			else {
				token = "L" + c;
				i++;
			}
			int last = tokens.size() - 1;
			boolean star = token.equals("STAR") || token.equals("DOUBLE");
			if (star && last >= 0 && (tokens.get(last).equals("STAR") || tokens.get(last).equals("DOUBLE"))) {
				if (token.equals("DOUBLE")) {
					tokens.set(last, "DOUBLE");
				}
				continue;
			}
			tokens.add(token);
		}
		int count = tokens.size();
		boolean optionalTail = count >= 2 && tokens.get(count - 1).equals("DOUBLE")
				&& tokens.get(count - 2).equals("L/");
		int end = optionalTail ? count - 2 : count;
		StringBuilder regex = new StringBuilder();
		for (int t = 0; t < end; t++) {
			String token = tokens.get(t);
			if (token.equals("L/") && t + 2 < count && tokens.get(t + 1).equals("DOUBLE")
					&& tokens.get(t + 2).equals("L/")) {
				// "/**/": one slash, or a slash, anything, and a slash
				regex.append((t + 2 < end) ? "/(?:.*/)?" : "/(?:.*)?");
				t += (t + 2 < end) ? 2 : 1;
				continue;
			}
			switch (token) {
				case "ANY" -> regex.append("[^/]");
				case "STAR" -> regex.append("[^/]*");
				case "DOUBLE" -> regex.append(".*");
				default -> regex.append(Pattern.quote(token.substring(1)));
			}
		}
		if (optionalTail) {
			regex.append("(?:/.*)?");
		}
		return regex.toString();
	}

}

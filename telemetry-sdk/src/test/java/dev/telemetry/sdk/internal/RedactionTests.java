package dev.telemetry.sdk.internal;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Redaction}.
 */
class RedactionTests {

	@Test
	void masksHeaderValuesAndTheirCredentialPartLongestFirst() {
		Redaction redaction = Redaction.ofHeaderValues(List.of("Bearer abcd1234", "on", " key-42 "));

		assertThat(redaction.mask("sent Bearer abcd1234, then abcd1234 and key-42 (on)"))
			.isEqualTo("sent ****, then **** and **** (on)");
	}

	@Test
	void leavesTextAloneWithoutSecrets() {
		assertThat(Redaction.ofHeaderValues(List.of()).mask("nothing secret")).isEqualTo("nothing secret");
	}

	@Test
	void masksUserInfoAndQueryInUrls() {
		assertThat(Redaction.url("https://user:pw@collector:4317/otlp?token=t"))
			.isEqualTo("https://****@collector:4317/otlp?****");
		assertThat(Redaction.url("http://collector:4317/v1")).isEqualTo("http://collector:4317/v1");
		assertThat(Redaction.url("not a url @ all?x")).isEqualTo("****@ all?****");
	}

	@Test
	void masksUserInfoOfEveryUrlInAText() {
		assertThat(Redaction.userInfoInText("see https://u:p@a.example/x and http://v@b.example?q=1"))
			.isEqualTo("see https://****@a.example/x and http://****@b.example?q=1");
		assertThat(Redaction.userInfoInText("mail me@example.com, no URL")).isEqualTo("mail me@example.com, no URL");
		assertThat(Redaction.userInfoInText("http://host/path@notuser")).isEqualTo("http://host/path@notuser");
	}

}

package dev.telemetry.sdk.metrics.internal.view;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.telemetry.sdk.common.Attributes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GlobPatternTests {

	@ParameterizedTest
	@CsvSource({ "http.*, http.server.duration, true", "http.*, https.x, false", "*, '', true", "?, a, true",
			"?, '', false", "a*b*c, axxbyyc, true", "a*b*c, axxbyy, false", "*.duration, x.duration, true",
			"/api/*, /api/orders/7, true", "/api/?, /api/7, true", "/api/?, /api/77, false", "a**, a, true",
			"exact, exact, true", "exact, exactly, false" })
	void matchesWholeTexts(String glob, String text, boolean matches) {
		assertThat(GlobPattern.compile(glob).matches(text)).isEqualTo(matches);
	}

	@Test
	void instrumentNameGlobsIgnoreCase() {
		assertThat(GlobPattern.compileIgnoringCase("HTTP.*").matches("http.Server")).isTrue();
		assertThat(GlobPattern.compileIgnoringCase("Http.Server").matches("HTTP.SERVER")).isTrue();
		assertThat(GlobPattern.compile("HTTP.*").matches("http.server")).isFalse();
	}

	@Test
	void processorFiltersKeysThenBoundsValues() {
		AttributesProcessor processor = AttributesProcessor.create(Set.of("uri", "method", "user"), Set.of("user"),
				Map.of("uri", List.of("/health")), "_OTHER");
		Attributes processed = processor.process(Attributes.builder()
			.put("uri", "/users/1")
			.put("method", "GET")
			.put("user", "ada")
			.put("host", "h")
			.build());
		assertThat(processed.asMap()).isEqualTo(Map.of("uri", "_OTHER", "method", "GET"));
		assertThat(AttributesProcessor.create(null, Set.of(), Map.of(), "_OTHER").isIdentity()).isTrue();
	}

}

package dev.telemetry.autoconfigure.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/configuration.md} true: every property in the configuration metadata
 * the processor generated, and every {@code OTEL_*} variable of {@link OtelVariable}, is
 * documented there, with the property the variable sets on the same line.
 */
class ConfigurationDocumentationTests {

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	private static final Path DOCUMENTATION = Path.of("../docs/configuration.md");

	private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");

	@Test
	void everyPropertyInTheMetadataIsDocumented() throws IOException {
		String documentation = Files.readString(DOCUMENTATION, StandardCharsets.UTF_8);
		List<String> properties = properties();

		assertThat(properties).isNotEmpty()
			.allSatisfy((property) -> assertThat(documentation).as(property).contains("`" + property));
	}

	@Test
	void everyMappedVariableIsDocumentedWithItsProperty() throws IOException {
		List<String> lines = Files.readAllLines(DOCUMENTATION, StandardCharsets.UTF_8);

		for (OtelVariable variable : OtelVariable.values()) {
			assertThat(lines).as(variable.name())
				.anySatisfy(
						(line) -> assertThat(line).contains("`" + variable.name()).contains("`" + variable.property()));
		}
	}

	private static List<String> properties() throws IOException {
		String metadata = Files.readString(METADATA, StandardCharsets.UTF_8);
		int start = metadata.indexOf("\"properties\"");
		int end = metadata.indexOf("\"hints\"", start);
		Matcher names = NAME.matcher(metadata.substring(start, (end > 0) ? end : metadata.length()));
		List<String> properties = new ArrayList<>();
		while (names.find()) {
			properties.add(names.group(1));
		}
		return properties;
	}

}

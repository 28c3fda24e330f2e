package dev.telemetry.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Collector configurations the docs show are the files the end-to-end tests run
 * ({@code docs/collector/*.yaml}), character for character: every one of those files is
 * shown, and no other Collector configuration is.
 */
class CollectorConfigDocsTests {

	private static final Path root = Path.of(System.getProperty("telemetry.project.root", "..")).normalize();

	private static final Pattern yamlBlock = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

	@Test
	void everyTestedCollectorConfigurationIsShownAsItIs() throws IOException {
		List<String> shown = collectorConfigurationsShown();
		for (Path file : testedFiles()) {
			assertThat(shown).as("%s, shown in docs/*.md", file).contains(Files.readString(file));
		}
	}

	@Test
	void noOtherCollectorConfigurationIsShown() throws IOException {
		List<String> tested = new ArrayList<>();
		for (Path file : testedFiles()) {
			tested.add(Files.readString(file));
		}
		assertThat(tested).as("docs/collector/*.yaml").isNotEmpty();
		assertThat(collectorConfigurationsShown()).allSatisfy((shown) -> assertThat(tested).contains(shown));
	}

	private static List<Path> testedFiles() throws IOException {
		try (Stream<Path> files = Files.list(root.resolve("docs/collector"))) {
			return files.filter((file) -> file.toString().endsWith(".yaml")).sorted().toList();
		}
	}

	// A YAML block with pipelines and at least one receiver or exporter is a whole
	// Collector configuration; fragments of application.yml are not.
	private static List<String> collectorConfigurationsShown() throws IOException {
		List<String> configurations = new ArrayList<>();
		try (Stream<Path> pages = Files.list(root.resolve("docs"))) {
			for (Path page : pages.filter((file) -> file.toString().endsWith(".md")).sorted().toList()) {
				Matcher block = yamlBlock.matcher(Files.readString(page, StandardCharsets.UTF_8));
				while (block.find()) {
					String yaml = block.group(1);
					if (yaml.contains("\n  pipelines:") && (yaml.startsWith("receivers:")
							|| yaml.contains("\nexporters:") || yaml.contains("\nreceivers:"))) {
						configurations.add(yaml);
					}
				}
			}
		}
		return configurations;
	}

}

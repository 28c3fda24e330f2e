package dev.telemetry.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.telemetry.sample.peers.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Collector configuration in {@code docs/collector} is one the Collector accepts
 * ({@code otelcol validate}), with the defaults it has when no variable is set.
 */
@Timeout(120)
class CollectorConfigValidateIT {

	@Test
	void collectorAcceptsEveryDocumentedConfiguration() throws Exception {
		Peers peers = Peers.assumeBuilt();
		List<Path> files;
		try (Stream<Path> list = Files.list(peers.file("docs/collector"))) {
			files = list.filter((file) -> file.toString().endsWith(".yaml")).sorted().toList();
		}
		assertThat(files).isNotEmpty();
		for (Path file : files) {
			Process validate = new ProcessBuilder(peers.file("it/target/bin/otelcol-e2e").toString(), "validate",
					"--config", file.toString())
				.redirectErrorStream(true)
				.start();
			String output = read(validate);
			assertThat(validate.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(validate.exitValue()).as("otelcol validate %s: %s", file, output).isZero();
		}
	}

	private static String read(Process process) throws IOException {
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

}

package dev.telemetry.sample;

import java.nio.file.Path;

/**
 * Where the tests through the Collector keep the programs' logs and files: under the
 * build's output folder, so that they are there to read after a failure.
 */
final class PeerLogs {

	private PeerLogs() {
	}

	static Path directory(String test) {
		return Path.of(System.getProperty("telemetry.peers.work", "target/peers")).resolve(test).toAbsolutePath();
	}

}

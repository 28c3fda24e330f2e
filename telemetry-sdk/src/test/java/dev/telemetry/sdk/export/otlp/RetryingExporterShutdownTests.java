package dev.telemetry.sdk.export.otlp;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.CompletableResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shutdown against a transport that reports its calls' ends late or never: the order the
 * real transports may show under load, made deterministic.
 */
@Timeout(30)
class RetryingExporterShutdownTests {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final ScriptedTransport transport = new ScriptedTransport();

	@AfterEach
	void stopScheduler() {
		this.scheduler.shutdownNow();
	}

	@Test
	void anExportTheTransportNeverEndsIsDroppedAndLoggedOnceAtShutdown() {
		RetryingExporter exporter = exporter();
		try (CapturedLog log = new CapturedLog()) {
			CompletableResult export = exporter.export(1, () -> EncodedRequest.of(new byte[0]));

			assertThat(exporter.shutdown().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
			assertThat(export.join(10, TimeUnit.SECONDS).isDone()).isTrue();
			assertThat(export.isSuccess()).isFalse();
			// The cancelled call's report arrives after the export has ended.
			this.transport.unanswered.get()
				.accept(AttemptOutcome.failed("CANCELLED", "CANCELLED", false, -1, "the call was cancelled", null));

			assertThat(log.atLevel(Level.WARNING)).singleElement()
				.extracting(LogRecord::getMessage)
				.asString()
				.contains("Failed to export 1 span to http://collector:4317: " + ExportFailures.SHUTDOWN_HINT)
				.endsWith("The spans are dropped");
		}
	}

	private RetryingExporter exporter() {
		ExporterSettings settings = new ExporterSettings("http://collector:4317", (name) -> name);
		return new RetryingExporter(Logger.getLogger(RetryingExporter.class.getName()), OtlpSignal.TRACES,
				this.transport, settings, this.scheduler);
	}

}

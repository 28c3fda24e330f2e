package dev.telemetry.sdk.export.otlp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what the OTLP exporters log through {@code java.util.logging} while open: the
 * handler sits on the package's logger, which both exporters' loggers pass records to.
 */
final class CapturedLog extends Handler implements AutoCloseable {

	private final Logger logger = Logger.getLogger(OtlpGrpcSpanExporter.class.getPackageName());

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	CapturedLog() {
		setLevel(Level.ALL);
		this.logger.addHandler(this);
	}

	List<LogRecord> records() {
		return List.copyOf(this.records);
	}

	List<String> messages() {
		return this.records.stream().map(LogRecord::getMessage).toList();
	}

	List<LogRecord> atLevel(Level level) {
		return this.records.stream().filter((record) -> record.getLevel().equals(level)).toList();
	}

	@Override
	public void publish(LogRecord record) {
		this.records.add(record);
	}

	@Override
	public void flush() {
	}

	@Override
	public void close() {
		this.logger.removeHandler(this);
	}

}

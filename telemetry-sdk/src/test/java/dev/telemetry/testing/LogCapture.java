package dev.telemetry.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what one SDK class logs through {@code java.util.logging} while open.
 */
public final class LogCapture extends Handler implements AutoCloseable {

	private final Logger logger;

	private final Level previousLevel;

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	/**
	 * Starts collecting, at every level, what the class's logger logs.
	 * @param source the class whose logger to watch (loggers are named after classes)
	 */
	public LogCapture(Class<?> source) {
		this.logger = Logger.getLogger(source.getName());
		this.previousLevel = this.logger.getLevel();
		setLevel(Level.ALL);
		this.logger.setLevel(Level.ALL);
		this.logger.addHandler(this);
	}

	/**
	 * Returns the messages logged at a level.
	 * @param level the level
	 * @return the messages, oldest first
	 */
	public List<String> messages(Level level) {
		return this.records.stream()
			.filter((record) -> record.getLevel().equals(level))
			.map(LogRecord::getMessage)
			.toList();
	}

	/**
	 * Returns everything collected.
	 * @return the records, oldest first
	 */
	public List<LogRecord> records() {
		return List.copyOf(this.records);
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
		this.logger.setLevel(this.previousLevel);
	}

}

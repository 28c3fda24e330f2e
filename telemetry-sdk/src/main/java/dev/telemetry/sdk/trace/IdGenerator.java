package dev.telemetry.sdk.trace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates trace and span ids. Ids must never be zero, and the low 56 bits of a trace id
 * must be random, because new root spans carry the W3C {@code random} flag.
 * <p>
 * Called on the application thread for every span: must be thread-safe and lock-free.
 *
 * @since 0.1.0
 */
public interface IdGenerator {

	/**
	 * Returns a new non-zero span id.
	 * @return the span id
	 */
	long generateSpanId();

	/**
	 * Returns the high 64 bits of a new trace id.
	 * @return the high bits
	 */
	long generateTraceIdHigh();

	/**
	 * Returns the low 64 bits of a new trace id; non-zero.
	 * @return the low bits
	 */
	long generateTraceIdLow();

	/**
	 * Returns the default generator, backed by {@link ThreadLocalRandom}: fast,
	 * uncontended and not cryptographically strong, which ids do not need.
	 * @return the generator
	 */
	static IdGenerator random() {
		return RandomIdGenerator.INSTANCE;
	}

}

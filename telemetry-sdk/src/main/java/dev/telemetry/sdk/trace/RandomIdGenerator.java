package dev.telemetry.sdk.trace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids from {@link ThreadLocalRandom}.
 */
enum RandomIdGenerator implements IdGenerator {

	INSTANCE;

	@Override
	public long generateSpanId() {
		long id;
		do {
			id = ThreadLocalRandom.current().nextLong();
		}
		while (id == 0);
		return id;
	}

	@Override
	public long generateTraceIdHigh() {
		return ThreadLocalRandom.current().nextLong();
	}

	@Override
	public long generateTraceIdLow() {
		return generateSpanId();
	}

}

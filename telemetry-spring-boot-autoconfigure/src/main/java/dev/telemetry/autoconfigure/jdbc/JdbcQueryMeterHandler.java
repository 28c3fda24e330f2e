package dev.telemetry.autoconfigure.jdbc;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

import org.springframework.core.Ordered;

/**
 * Keeps Spring Boot's meter observation handler off the statements this starter measures
 * itself: Spring Boot groups every {@link MeterObservationHandler} bean into one handler
 * that lets the first one supporting a context handle it, so this handler, first in order
 * and doing nothing, takes the {@link JdbcQueryContext}s and every other context still
 * reaches Spring Boot's handler. The statements are measured as
 * {@code db.client.operation.duration}; the Micrometer timer that would measure them
 * again, which the Micrometer bridge leaves out and Spring Boot alone never makes, is not
 * made.
 * <p>
 * Stateless and thread-safe.
 */
final class JdbcQueryMeterHandler implements MeterObservationHandler<JdbcQueryContext>, Ordered {

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof JdbcQueryContext;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}

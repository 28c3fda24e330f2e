package dev.telemetry.autoconfigure.micrometer;

import dev.telemetry.autoconfigure.observation.MetricsObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

import org.springframework.core.Ordered;

/**
 * Keeps Spring Boot's meter observation handler off the observations this starter
 * measures by a semantic convention (HTTP server and client requests, database
 * operations), when nothing could read the timers it would make for them. Spring Boot
 * groups every {@link MeterObservationHandler} bean into one handler that lets the first
 * one supporting a context handle it; this one, first in order and doing nothing, takes
 * those contexts.
 * <p>
 * The timers ({@code http.server.requests} and its {@code .active} long task timer, ...)
 * are not exported by the bridge, which leaves them out as measured twice; when the
 * bridge is the only meter registry and Spring Boot's {@code metrics} endpoint is not
 * available, nothing else reads them either, yet making them cost each request a few
 * microseconds of tag building and registry lookups. An application with another
 * registry, or with the endpoint, keeps them, as does
 * {@code telemetry.metrics.micrometer.observation-meters=true}.
 * <p>
 * Micrometer asks a grouped handler again at each event of an observation, and Spring
 * Boot's handler fails on a stop it did not see start, so the answer for a context is
 * decided once, when first asked, and kept in the context.
 * <p>
 * Thread-safe.
 */
final class MeasuredObservationMeterHandler implements MeterObservationHandler<Observation.Context>, Ordered {

	private final MetricsObservationHandler metrics;

	private final boolean unread;

	/**
	 * Creates a handler.
	 * @param metrics the starter's metrics handler, which knows what it measures
	 * @param unread whether nothing but the bridge would read Spring Boot's timers; if
	 * not, this handler takes no observation
	 */
	MeasuredObservationMeterHandler(MetricsObservationHandler metrics, boolean unread) {
		this.metrics = metrics;
		this.unread = unread;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		if (!this.unread || context == null) {
			return false;
		}
		Boolean decided = context.get(MeasuredObservationMeterHandler.class);
		if (decided == null) {
			decided = this.metrics.isMeasuredByConvention(context);
			context.put(MeasuredObservationMeterHandler.class, decided);
		}
		return decided;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}

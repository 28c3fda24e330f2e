package dev.telemetry.autoconfigure.micrometer;

import dev.telemetry.autoconfigure.observation.MetricsObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

import org.springframework.core.Ordered;

/**
 * Keeps Spring Boot's meter observation handler off the observations this starter
 * measures by a semantic convention (HTTP server and client requests, database
 * operations), when no registry or endpoint could read the timers it would make for them.
 * Spring Boot groups every {@link MeterObservationHandler} bean into one handler that
 * lets the first one supporting a context handle it; this one, ordered right after the
 * JDBC statements' handler and doing nothing, takes those contexts.
 * <p>
 * The timers ({@code http.server.requests} and its {@code .active} long task timer, ...)
 * are not exported by the bridge, because the starter already measures those requests.
 * When the bridge is the only meter registry and Spring Boot's {@code metrics} endpoint
 * is not available, no registry or endpoint reads them either, yet making them costs each
 * request a few microseconds of tag building and registry lookups. An application with
 * another registry, or with the endpoint, keeps them, as does
 * {@code telemetry.metrics.micrometer.observation-meters=true}.
 * <p>
 * Micrometer asks a grouped handler again at each event of an observation, and Spring
 * Boot's handler fails on a stop it did not see start, so the answer for a context is
 * decided once, when first asked (as the observation is made), and kept in the context.
 * <p>
 * Thread-safe.
 */
final class MeasuredObservationMeterHandler implements MeterObservationHandler<Observation.Context>, Ordered {

	// Private, so that no other handler can read or overwrite the decision.
	private static final Object DECISION = new Object();

	private final MetricsObservationHandler metrics;

	private final boolean timersUnread;

	/**
	 * Creates a handler.
	 * @param metrics the starter's metrics handler, which knows what it measures
	 * @param timersUnread whether no registry but the bridge, and no endpoint, would read
	 * Spring Boot's timers; if not, this handler takes no observation
	 */
	MeasuredObservationMeterHandler(MetricsObservationHandler metrics, boolean timersUnread) {
		this.metrics = metrics;
		this.timersUnread = timersUnread;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		if (!this.timersUnread || context == null) {
			return false;
		}
		Boolean decided = context.get(DECISION);
		if (decided == null) {
			// The first question comes as the observation is made, on the thread making
			// it, before any other can see the context: a plain put is enough, and
			// allocates no capturing function per request.
			decided = this.metrics.isMeasuredByConvention(context);
			context.put(DECISION, decided);
		}
		return decided;
	}

	@Override
	public int getOrder() {
		// After the JDBC statements' handler, which takes those for good: statements
		// then never pay for a decision kept in their context.
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}

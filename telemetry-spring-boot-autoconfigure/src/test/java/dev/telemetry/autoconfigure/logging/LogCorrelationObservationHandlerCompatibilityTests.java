package dev.telemetry.autoconfigure.logging;

import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.AnyContextObservationHandlerCompatibilityKit;
import org.junit.jupiter.api.Timeout;

/**
 * Runs Micrometer's compatibility kit for handlers that support every context against
 * {@link LogCorrelationObservationHandler}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LogCorrelationObservationHandlerCompatibilityTests extends AnyContextObservationHandlerCompatibilityKit {

	@Override
	public ObservationHandler<Observation.Context> handler() {
		return new LogCorrelationObservationHandler();
	}

}

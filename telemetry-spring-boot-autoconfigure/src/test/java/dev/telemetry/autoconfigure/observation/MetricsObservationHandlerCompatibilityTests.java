package dev.telemetry.autoconfigure.observation;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.AnyContextObservationHandlerCompatibilityKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Runs Micrometer's compatibility kit for handlers that support every context against
 * {@link MetricsObservationHandler}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetricsObservationHandlerCompatibilityTests extends AnyContextObservationHandlerCompatibilityKit {

	private final TestMeters meters = new TestMeters();

	@Override
	public ObservationHandler<Observation.Context> handler() {
		return newHandler();
	}

	@AfterEach
	void shutDown() {
		this.meters.close();
	}

	@Test
	void everyCallbackToleratesANullContext() {
		MetricsObservationHandler handler = newHandler();
		assertThatCode(() -> handler.onStart(null)).doesNotThrowAnyException();
		assertThatCode(() -> handler.onStop(null)).doesNotThrowAnyException();
		assertThatCode(() -> handler.onError(null)).doesNotThrowAnyException();
		assertThatCode(() -> handler.onEvent(null, null)).doesNotThrowAnyException();
		assertThatCode(() -> handler.onScopeOpened(null)).doesNotThrowAnyException();
		assertThatCode(() -> handler.onScopeClosed(null)).doesNotThrowAnyException();
		assertThatCode(() -> handler.onScopeReset(null)).doesNotThrowAnyException();
	}

	private MetricsObservationHandler newHandler() {
		return new MetricsObservationHandler(List.of(), new GenericMetricConvention(this.meters.meter()));
	}

}

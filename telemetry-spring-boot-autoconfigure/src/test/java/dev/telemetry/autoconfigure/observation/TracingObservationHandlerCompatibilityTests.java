package dev.telemetry.autoconfigure.observation;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.propagation.TextMapPropagator;
import dev.telemetry.sdk.propagation.W3CBaggagePropagator;
import dev.telemetry.sdk.propagation.W3CTraceContextPropagator;
import dev.telemetry.sdk.trace.TracerProvider;
import dev.telemetry.sdk.trace.samplers.Sampler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.AnyContextObservationHandlerCompatibilityKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Runs Micrometer's compatibility kit for handlers that support every context against
 * {@link TracingObservationHandler}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TracingObservationHandlerCompatibilityTests extends AnyContextObservationHandlerCompatibilityKit {

	private final TracerProvider tracerProvider = TracerProvider.builder().setSampler(Sampler.alwaysOn()).build();

	@Override
	public ObservationHandler<Observation.Context> handler() {
		return newHandler();
	}

	@AfterEach
	void shutDown() {
		this.tracerProvider.shutdown().join(5, TimeUnit.SECONDS);
	}

	@Test
	void everyCallbackToleratesANullContext() {
		TracingObservationHandler handler = newHandler();
		assertThatCode(() -> handler.onStart(null)).doesNotThrowAnyException();
		assertThatCode(() -> handler.onStop(null)).doesNotThrowAnyException();
		assertThatCode(() -> handler.onError(null)).doesNotThrowAnyException();
		assertThatCode(() -> handler.onEvent(null, null)).doesNotThrowAnyException();
		assertThatCode(() -> handler.onScopeOpened(null)).doesNotThrowAnyException();
		assertThatCode(() -> handler.onScopeClosed(null)).doesNotThrowAnyException();
		assertThatCode(() -> handler.onScopeReset(null)).doesNotThrowAnyException();
	}

	private TracingObservationHandler newHandler() {
		return new TracingObservationHandler(this.tracerProvider.get("compatibility", null),
				TextMapPropagator
					.composite(List.of(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())),
				List.of());
	}

}

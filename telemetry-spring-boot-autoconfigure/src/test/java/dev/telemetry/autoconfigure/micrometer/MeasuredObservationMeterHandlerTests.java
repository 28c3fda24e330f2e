package dev.telemetry.autoconfigure.micrometer;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.telemetry.autoconfigure.observation.MetricsObservationHandler;
import dev.telemetry.autoconfigure.observation.ObservationMetricConvention;
import dev.telemetry.autoconfigure.observation.TestMeters;
import dev.telemetry.sdk.context.Context;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MeasuredObservationMeterHandler} grouped ahead of Micrometer's meter
 * handler, as Spring Boot groups meter handlers.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MeasuredObservationMeterHandlerTests {

	private final TestMeters meters = new TestMeters();

	private final SimpleMeterRegistry micrometer = new SimpleMeterRegistry();

	private final FlippingConvention convention = new FlippingConvention();

	private final MetricsObservationHandler metrics = new MetricsObservationHandler(List.of(this.convention),
			this.meters.meter());

	@AfterEach
	void close() {
		this.meters.close();
	}

	@Test
	void takesObservationsMeasuredByAConventionWhenNothingReadsTheTimers() {
		ObservationRegistry registry = registry(true);
		Observation.createNotStarted("custom", CustomContext::new, registry).start().stop();
		Observation.createNotStarted("other", registry).start().stop();
		assertThat(this.micrometer.find("custom").meters()).isEmpty();
		assertThat(this.micrometer.find("custom.active").meters()).isEmpty();
		assertThat(this.micrometer.find("other").timer()).isNotNull();
	}

	@Test
	void takesNothingWhenTheTimersAreRead() {
		ObservationRegistry registry = registry(false);
		Observation.createNotStarted("custom", CustomContext::new, registry).start().stop();
		assertThat(this.micrometer.find("custom").timer()).isNotNull();
	}

	@Test
	void keepsItsAnswerForAnObservationFromStartToStop() {
		ObservationRegistry registry = registry(true);
		Observation taken = Observation.createNotStarted("custom", CustomContext::new, registry).start();
		this.convention.measured = false;
		// Micrometer's handler would fail on a stop whose start it did not see.
		taken.stop();
		Observation left = Observation.createNotStarted("custom", CustomContext::new, registry).start();
		this.convention.measured = true;
		left.stop();
		assertThat(this.micrometer.find("custom").timer()).isNotNull()
			.satisfies((timer) -> assertThat(timer.count()).isEqualTo(1));
		assertThat(this.micrometer.find("custom.active").longTaskTimer()).isNotNull()
			.satisfies((timer) -> assertThat(timer.activeTasks()).isZero());
	}

	private ObservationRegistry registry(boolean unread) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(this.metrics)
			.observationHandler(new FirstMatchingCompositeObservationHandler(
					new MeasuredObservationMeterHandler(this.metrics, unread),
					new DefaultMeterObservationHandler(this.micrometer)));
		return registry;
	}

	static class CustomContext extends Observation.Context {

	}

	/**
	 * Decides by type whether it applies, and per observation whether to measure, which
	 * the test changes in the middle of observations.
	 */
	static class FlippingConvention implements ObservationMetricConvention {

		volatile boolean measured = true;

		@Override
		public boolean supports(Observation.Context context) {
			return context instanceof CustomContext;
		}

		@Override
		public boolean supportsByType() {
			return true;
		}

		@Override
		public boolean isMeasured(Observation.Context context) {
			return this.measured;
		}

		@Override
		public void onStop(Observation.Context context, @Nullable Object started, double seconds,
				Context traceContext) {
		}

	}

}

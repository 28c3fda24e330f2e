package dev.telemetry.benchmarks;

import java.util.HashMap;
import java.util.Map;

import dev.telemetry.benchmarks.ObservationStack.Contender;
import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that the contenders of the observation benchmarks record the same thing, so that
 * comparing their cost is fair: one SERVER span with every key value per sampled server
 * observation, nothing exported when unsampled, and a child that continues the caller's
 * trace and injects it.
 */
@Timeout(60)
class ObservationStackTests {

	private static final int OBSERVATIONS = 10;

	@ParameterizedTest
	@EnumSource(value = Contender.class, names = { "BOOT", "OURS" })
	void recordsOneServerSpanWithEveryKeyValuePerSampledObservation(Contender contender) {
		SpanCounter counter = observeServerRequests(contender, true, true);
		assertThat(counter.spans).hasValue(OBSERVATIONS);
		assertThat(counter.serverSpans).hasValue(OBSERVATIONS);
		assertThat(counter.attributes.get()).isGreaterThanOrEqualTo(8L * OBSERVATIONS);
	}

	@ParameterizedTest
	@EnumSource(value = Contender.class, names = { "BOOT", "OURS" })
	void exportsNothingWhenUnsampled(Contender contender) {
		SpanCounter counter = observeServerRequests(contender, false, false);
		assertThat(counter.spans).hasValue(0);
	}

	@ParameterizedTest
	@EnumSource(value = Contender.class, names = { "BOOT", "OURS" })
	void childOfAContinuedTraceInjectsTheSameTrace(Contender contender) {
		SpanCounter counter;
		Map<String, String> outgoing = new HashMap<>();
		try (ObservationStack stack = ObservationStack.create(contender, true, false)) {
			counter = stack.counter;
			ReceiverContext<Map<String, String>> server = ServerObservations.serverContext(Map.of("traceparent",
					"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "baggage", "tenant=acme"));
			Observation parent = Observation
				.createNotStarted(null, ServerObservations.serverConvention(8), () -> server, stack.registry)
				.start();
			SenderContext<Map<String, String>> client = ServerObservations.clientContext(outgoing);
			try (Observation.Scope scope = parent.openScope()) {
				Observation.createNotStarted(null, ServerObservations.clientConvention(8), () -> client, stack.registry)
					.start()
					.stop();
			}
			parent.stop();
		}
		assertThat(counter.spans).hasValue(2);
		assertThat(outgoing.get("traceparent")).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01");
	}

	@ParameterizedTest
	@EnumSource(value = Contender.class, names = { "BOOT", "OURS" })
	void measuresEveryObservationWithMetrics(Contender contender) {
		try (ObservationStack stack = ObservationStack.create(contender, true, true)) {
			for (int i = 0; i < OBSERVATIONS; i++) {
				ReceiverContext<Map<String, String>> context = ServerObservations.serverContext(Map.of());
				Observation
					.createNotStarted(null, ServerObservations.serverConvention(8), () -> context, stack.registry)
					.start()
					.stop();
			}
			assertThat(stack.measured.getAsLong()).isEqualTo(OBSERVATIONS);
		}
	}

	@Test
	void floorRecordsNothing() {
		try (ObservationStack stack = ObservationStack.create(Contender.FLOOR, true, false)) {
			ReceiverContext<Map<String, String>> context = ServerObservations.serverContext(Map.of());
			Observation observation = Observation
				.createNotStarted(null, ServerObservations.serverConvention(8), () -> context, stack.registry)
				.start();
			observation.stop();
			assertThat(observation.isNoop()).isFalse();
			assertThat(stack.counter.spans).hasValue(0);
		}
	}

	// Starts and stops OBSERVATIONS server observations without trace context.
	private static SpanCounter observeServerRequests(Contender contender, boolean sampled, boolean metrics) {
		try (ObservationStack stack = ObservationStack.create(contender, sampled, metrics)) {
			for (int i = 0; i < OBSERVATIONS; i++) {
				ReceiverContext<Map<String, String>> context = ServerObservations.serverContext(Map.of());
				Observation
					.createNotStarted(null, ServerObservations.serverConvention(8), () -> context, stack.registry)
					.start()
					.stop();
			}
			return stack.counter;
		}
	}

}

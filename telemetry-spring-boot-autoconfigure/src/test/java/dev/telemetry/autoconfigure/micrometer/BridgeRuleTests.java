package dev.telemetry.autoconfigure.micrometer;

import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BridgeRule}.
 */
class BridgeRuleTests {

	private static final Set<String> MEASURED = Set.of("http.server.requests", "tasks.scheduled.execution");

	@Test
	void timerOfAMeasuredObservationIsNotBridged() {
		BridgeRule rule = new BridgeRule(true, MEASURED::contains);
		assertThat(rule.test(id("http.server.requests", Meter.Type.TIMER))).isFalse();
		assertThat(rule.test(id("http.server.requests.active", Meter.Type.LONG_TASK_TIMER))).isFalse();
		assertThat(rule.test(id("tasks.scheduled.execution", Meter.Type.TIMER))).isFalse();
	}

	@Test
	void timerOfAnObservationNobodyMeasuresIsBridged() {
		BridgeRule rule = new BridgeRule(true, MEASURED::contains);
		assertThat(rule.test(id("http.client.requests", Meter.Type.TIMER))).isTrue();
		assertThat(rule.test(id("http.client.requests.active", Meter.Type.LONG_TASK_TIMER))).isTrue();
	}

	@Test
	void otherMetersOfAMeasuredObservationsNameAreBridged() {
		BridgeRule rule = new BridgeRule(true, MEASURED::contains);
		assertThat(rule.test(id("http.server.requests.active", Meter.Type.GAUGE))).isTrue();
		assertThat(rule.test(id("orders.placed", Meter.Type.COUNTER))).isTrue();
	}

	@Test
	void observationMetersAreAllBridgedWhenNothingCountsAsMeasured() {
		BridgeRule rule = new BridgeRule(true, (name) -> false);
		assertThat(rule.test(id("http.server.requests", Meter.Type.TIMER))).isTrue();
		assertThat(rule.test(id("http.server.requests.active", Meter.Type.LONG_TASK_TIMER))).isTrue();
	}

	@Test
	void micrometerJvmMetersAreLeftOutWhileRuntimeMetricsAreOn() {
		BridgeRule on = new BridgeRule(true, (name) -> false);
		assertThat(on.test(id("jvm.memory.used", Meter.Type.GAUGE))).isFalse();
		assertThat(on.test(id("process.cpu.usage", Meter.Type.GAUGE))).isFalse();
		assertThat(on.test(id("system.cpu.count", Meter.Type.GAUGE))).isFalse();
		assertThat(on.test(id("process.uptime", Meter.Type.GAUGE))).isTrue();
		BridgeRule off = new BridgeRule(false, (name) -> false);
		assertThat(off.test(id("jvm.memory.used", Meter.Type.GAUGE))).isTrue();
	}

	@Test
	void sdkSelfMetricsAreLeftOutBecauseTheMeterProviderRecordsThem() {
		BridgeRule rule = new BridgeRule(false, (name) -> false);
		assertThat(rule.test(id("otel.sdk.span.started", Meter.Type.COUNTER))).isFalse();
		assertThat(rule.test(id("otel.sdk.exporter.metric_data_point.exported", Meter.Type.COUNTER))).isFalse();
		assertThat(rule.test(id("otel.sdk.exporter.operation.duration", Meter.Type.TIMER))).isFalse();
		assertThat(rule.test(id("otel.sdkish", Meter.Type.COUNTER))).isTrue();
	}

	private static Meter.Id id(String name, Meter.Type type) {
		return new Meter.Id(name, Tags.empty(), null, null, type);
	}

}

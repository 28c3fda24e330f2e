package dev.telemetry.sdk.trace.samplers;

import java.util.concurrent.TimeUnit;

import dev.telemetry.sdk.trace.span.TraceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OtTraceState}: the {@code th} and {@code rv} sub-keys of the
 * {@code ot} tracestate entry, encoded and tolerated as the OpenTelemetry specification
 * describes.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OtTraceStateTests {

	@ParameterizedTest(name = "th:{0} = {1}")
	@CsvSource({ "0, 0", "c, 0xc0000000000000", "8, 0x80000000000000", "fd70a4, 0xfd70a400000000",
			"4, 0x40000000000000", "08, 0x08000000000000", "ffffffffffffff, 0xffffffffffffff", "00000000000001, 0x1" })
	void decodesThresholdsPaddedWithTrailingZeros(String value, String expected) {
		assertThat(OtTraceState.parseThreshold(value)).isEqualTo(Long.decode(expected));
	}

	@ParameterizedTest(name = "th:{0}")
	@ValueSource(strings = { "", "C", "g", "0x1", "fffffffffffffff", "1 ", "-1" })
	void rejectsInvalidThresholds(String value) {
		assertThat(OtTraceState.parseThreshold(value)).isEqualTo(-1);
	}

	@ParameterizedTest(name = "{0} encodes as th:{1}")
	@CsvSource({ "0, 0", "0xc0000000000000, c", "0x80000000000000, 8", "0xfd70a400000000, fd70a4",
			"0x08000000000000, 08", "0xffffffffffffff, ffffffffffffff", "0x1, 00000000000001",
			"0xe6666000000000, e6666" })
	void encodesThresholdsWithoutTrailingZeros(String threshold, String expected) {
		assertThat(OtTraceState.encodeThreshold(Long.decode(threshold))).isEqualTo(expected);
		assertThat(OtTraceState.parseThreshold(expected)).isEqualTo(Long.decode(threshold));
	}

	@Test
	void readsExplicitRandomness() {
		// the specification's example: ot=rv:6e6d1a75832a2f
		assertThat(OtTraceState.explicitRandomness(state("ot", "rv:6e6d1a75832a2f"))).isEqualTo(0x6e6d1a75832a2fL);
		assertThat(OtTraceState.explicitRandomness(state("ot", "th:c;rv:6e6d1a75832a2f;x:1")))
			.isEqualTo(0x6e6d1a75832a2fL);
		assertThat(OtTraceState.explicitRandomness(state("vendor", "v", "ot", "rv:00000000000000"))).isZero();
	}

	@ParameterizedTest(name = "ot={0}")
	@ValueSource(strings = { "rv:6e6d1a75832a2", "rv:6e6d1a75832a2f0", "rv:6E6D1A75832A2F", "rv:6e6d1a75832a2g", "rv:",
			"th:c", "rv:6e6d1a75832a2f;", "rv;6e6d1a75832a2f", "RV:6e6d1a75832a2f", ";rv:6e6d1a75832a2f",
			"rv:6e6d1a7583 2a2f", "rv:6e6d1a75832a2f;th:c;:x" })
	void ignoresMissingOrInvalidRandomness(String ot) {
		assertThat(OtTraceState.explicitRandomness(state("ot", ot))).isEqualTo(-1);
	}

	@Test
	void noOtEntryMeansNoRandomness() {
		assertThat(OtTraceState.explicitRandomness(TraceState.empty())).isEqualTo(-1);
		assertThat(OtTraceState.explicitRandomness(state("vendor", "rv:6e6d1a75832a2f"))).isEqualTo(-1);
	}

	@Test
	void writesTheThresholdFirstAndKeepsOtherSubKeysAndEntries() {
		TraceState parent = state("vendor", "a", "ot", "rv:6e6d1a75832a2f;x:y;th:8", "other", "b");
		TraceState updated = OtTraceState.withThreshold(parent, "c");
		assertThat(updated.toHeader()).isEqualTo("ot=th:c;rv:6e6d1a75832a2f;x:y,vendor=a,other=b");
		assertThat(OtTraceState.withThreshold(TraceState.empty(), "fd70a4").toHeader()).isEqualTo("ot=th:fd70a4");
		assertThat(OtTraceState.withThreshold(state("ot", "x:1"), "0").toHeader()).isEqualTo("ot=th:0;x:1");
	}

	@Test
	void replacesAnInvalidThreshold() {
		assertThat(OtTraceState.withThreshold(state("ot", "th:XYZ;rv:6e6d1a75832a2f"), "c").toHeader())
			.isEqualTo("ot=th:c;rv:6e6d1a75832a2f");
		assertThat(OtTraceState.withThreshold(state("ot", "th:fffffffffffffff"), "c").toHeader()).isEqualTo("ot=th:c");
	}

	@Test
	void replacesAMalformedOtEntryWhenWritingAndRemovesItWhenErasing() {
		TraceState malformed = state("ot", "this is not a list", "vendor", "v");
		assertThat(OtTraceState.withThreshold(malformed, "c").toHeader()).isEqualTo("ot=th:c,vendor=v");
		assertThat(OtTraceState.withoutThreshold(malformed).toHeader()).isEqualTo("vendor=v");
	}

	@Test
	void erasesOnlyTheThreshold() {
		assertThat(OtTraceState.withoutThreshold(state("vendor", "a", "ot", "th:c;rv:6e6d1a75832a2f")).toHeader())
			.isEqualTo("ot=rv:6e6d1a75832a2f,vendor=a");
		assertThat(OtTraceState.withoutThreshold(state("vendor", "a", "ot", "th:c")).toHeader()).isEqualTo("vendor=a");
	}

	@Test
	void erasingWithNothingToEraseReturnsTheSameInstance() {
		TraceState noOt = state("vendor", "a");
		TraceState noTh = state("ot", "rv:6e6d1a75832a2f");
		assertThat(OtTraceState.withoutThreshold(TraceState.empty())).isSameAs(TraceState.empty());
		assertThat(OtTraceState.withoutThreshold(noOt)).isSameAs(noOt);
		assertThat(OtTraceState.withoutThreshold(noTh)).isSameAs(noTh);
	}

	@Test
	void keepsAnInvalidRandomnessValueAsItIs() {
		assertThat(OtTraceState.withThreshold(state("ot", "rv:NOT-HEX"), "c").toHeader())
			.isEqualTo("ot=th:c;rv:NOT-HEX");
	}

	@Test
	void erasesInsteadOfExceedingTheValueLimit() {
		String filler = "x:" + "a".repeat(248);
		TraceState parent = state("ot", "th:8;" + filler);
		assertThat(parent.get("ot")).hasSize(255);
		TraceState updated = OtTraceState.withThreshold(parent, "fd70a4");
		assertThat(updated.get("ot")).isEqualTo(filler);
	}

	private static TraceState state(String... keysAndValues) {
		TraceState state = TraceState.empty();
		for (int i = keysAndValues.length - 2; i >= 0; i -= 2) {
			state = state.with(keysAndValues[i], keysAndValues[i + 1]);
		}
		assertThat(state.size()).isEqualTo(keysAndValues.length / 2);
		return state;
	}

}

package dev.telemetry.sdk.trace.span;

import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TraceState}: W3C Trace Context {@code tracestate} entries and their
 * key and value rules.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TraceStateTests {

	@Test
	void emptyHasNoEntries() {
		TraceState empty = TraceState.empty();
		assertThat(empty.isEmpty()).isTrue();
		assertThat(empty.size()).isZero();
		assertThat(empty.get("any")).isNull();
		assertThat(empty.toHeader()).isEmpty();
		assertThat(empty).hasToString("TraceState{}");
	}

	@Test
	void withAddsNewEntriesAtTheFront() {
		TraceState state = TraceState.empty().with("a", "1").with("b", "2").with("c", "3");
		assertThat(state.size()).isEqualTo(3);
		assertThat(state.toHeader()).isEqualTo("c=3,b=2,a=1");
		assertThat(state.key(0)).isEqualTo("c");
		assertThat(state.value(0)).isEqualTo("3");
		assertThat(state.key(2)).isEqualTo("a");
		assertThat(state.value(2)).isEqualTo("1");
		assertThat(state.get("b")).isEqualTo("2");
	}

	@Test
	void withMovesAnUpdatedEntryToTheFront() {
		TraceState state = TraceState.empty().with("a", "1").with("b", "2").with("c", "3");
		TraceState updated = state.with("a", "updated");
		assertThat(updated.toHeader()).isEqualTo("a=updated,c=3,b=2");
		assertThat(updated.size()).isEqualTo(3);
		assertThat(state.toHeader()).as("the original is unchanged").isEqualTo("c=3,b=2,a=1");
		assertThat(state.with("c", "3").toHeader()).isEqualTo("c=3,b=2,a=1");
	}

	@Test
	void withInvalidKeyOrValueReturnsTheSameInstance() {
		TraceState state = TraceState.empty().with("a", "1");
		assertThat(state.with("Upper", "1")).isSameAs(state);
		assertThat(state.with("b", "bad,value")).isSameAs(state);
		assertThat(state.with(null, "1")).isSameAs(state);
		assertThat(state.with("b", null)).isSameAs(state);
		assertThat(state.with("a", "")).isSameAs(state);
	}

	@Test
	void withoutRemovesTheEntry() {
		TraceState state = TraceState.empty().with("a", "1").with("b", "2").with("c", "3");
		assertThat(state.without("b").toHeader()).isEqualTo("c=3,a=1");
		assertThat(state.without("c").toHeader()).isEqualTo("b=2,a=1");
		assertThat(state.without("a").toHeader()).isEqualTo("c=3,b=2");
		assertThat(state.toHeader()).isEqualTo("c=3,b=2,a=1");
	}

	@Test
	void withoutAnAbsentKeyReturnsTheSameInstance() {
		TraceState state = TraceState.empty().with("a", "1");
		assertThat(state.without("b")).isSameAs(state);
		assertThat(TraceState.empty().without("a")).isSameAs(TraceState.empty());
	}

	@Test
	void withoutTheLastEntryReturnsEmpty() {
		assertThat(TraceState.empty().with("a", "1").without("a")).isSameAs(TraceState.empty());
	}

	@Test
	void holdsAtMostThirtyTwoEntriesDroppingTheLast() {
		TraceState state = full();
		assertThat(state.size()).isEqualTo(TraceState.MAX_ENTRIES).isEqualTo(32);
		assertThat(state.key(0)).isEqualTo("k31");
		assertThat(state.key(31)).isEqualTo("k0");
		TraceState overflowing = state.with("new", "v");
		assertThat(overflowing.size()).isEqualTo(32);
		assertThat(overflowing.key(0)).isEqualTo("new");
		assertThat(overflowing.key(1)).isEqualTo("k31");
		assertThat(overflowing.key(31)).isEqualTo("k1");
		assertThat(overflowing.get("k0")).as("the oldest entry, at the end, is dropped").isNull();
	}

	@Test
	void updatingAnEntryOfAFullStateDropsNothing() {
		TraceState state = full();
		for (String key : new String[] { "k0", "k15", "k31" }) {
			TraceState updated = state.with(key, "updated");
			assertThat(updated.size()).isEqualTo(32);
			assertThat(updated.key(0)).isEqualTo(key);
			assertThat(updated.value(0)).isEqualTo("updated");
			for (int i = 0; i < 32; i++) {
				assertThat(updated.get("k" + i)).as("k%d after updating %s", i, key).isNotNull();
			}
		}
	}

	@Test
	void toHeaderJoinsEntriesFrontFirst() {
		assertThat(TraceState.empty().with("rojo", "00f067aa0ba902b7").with("congo", "t61rcWkgMzE").toHeader())
			.isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
	}

	@Test
	void ofValidatedKeepsTheGivenOrder() {
		TraceState state = TraceState.ofValidated("a", "1", "b", "2");
		assertThat(state.toHeader()).isEqualTo("a=1,b=2");
		assertThat(TraceState.ofValidated()).isSameAs(TraceState.empty());
	}

	@Test
	void ofValidatedCopiesItsInput() {
		String[] input = { "a", "1" };
		TraceState state = TraceState.ofValidated(input);
		input[1] = "changed";
		assertThat(state.get("a")).isEqualTo("1");
	}

	@Test
	void ofValidatedRejectsOddOrOversizedInput() {
		assertThatIllegalArgumentException().isThrownBy(() -> TraceState.ofValidated("a"));
		String[] tooMany = new String[66];
		for (int i = 0; i < 33; i++) {
			tooMany[2 * i] = "k" + i;
			tooMany[2 * i + 1] = "v";
		}
		assertThatIllegalArgumentException().isThrownBy(() -> TraceState.ofValidated(tooMany));
	}

	@Test
	void equalityFollowsTheEntriesInOrder() {
		TraceState ab = TraceState.empty().with("b", "2").with("a", "1");
		TraceState sameAb = TraceState.ofValidated("a", "1", "b", "2");
		TraceState ba = TraceState.ofValidated("b", "2", "a", "1");
		assertThat(ab).isEqualTo(sameAb).hasSameHashCodeAs(sameAb);
		assertThat(ab).isNotEqualTo(ba);
		assertThat(ab).isNotEqualTo("a=1,b=2");
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "a", "z", "abc", "a0", "a_b", "a-b", "a*b", "a/b", "a0_-*/z", "0tenant@system",
			"tenant@system", "t@s", "a@a0_-*/", "tenant_-*/0@s", "9@z" })
	void acceptsLevel1Keys(String key) {
		assertThat(TraceState.isValidKey(key)).isTrue();
		assertThat(TraceState.empty().with(key, "v").get(key)).isEqualTo("v");
	}

	// Level 2: key = ( lcalpha / DIGIT ) 0*255 ( keychar ), '@' among the keychars.
	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "0", "0abc", "9", "foo@", "foo@@bar", "ten@ant@system", "tenant@0sys", "tenant@_sys", "a@",
			"a@@", "1@/*-_" })
	void acceptsLevel2Keys(String key) {
		assertThat(TraceState.isValidKey(key)).isTrue();
		assertThat(TraceState.empty().with(key, "v").get(key)).isEqualTo("v");
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "", "A", "aBc", "_abc", "-a", "*a", "/a", "a b", "a=b", "a,b", "a.b", "a:b", "é",
			"a\u0000", " a", "a ", "@", "@system", "@0", "tenant@Sys", "Tenant@sys", "_tenant@sys", "tenant@sy.s",
			"tenant@sys tem", "a\u0130" })
	void rejectsInvalidKeys(String key) {
		assertThat(TraceState.isValidKey(key)).isFalse();
		assertThat(TraceState.empty().with(key, "v").isEmpty()).isTrue();
	}

	@Test
	void rejectsNullKeysAndValues() {
		assertThat(TraceState.isValidKey(null)).isFalse();
		assertThat(TraceState.isValidValue(null)).isFalse();
	}

	@Test
	void simpleKeysMayHaveUpTo256Characters() {
		assertThat(TraceState.isValidKey("a".repeat(256))).isTrue();
		assertThat(TraceState.isValidKey("a".repeat(257))).isFalse();
	}

	@Test
	void keysWithAnAtSignMayHaveUpTo256CharactersAnywhereItStands() {
		assertThat(TraceState.isValidKey("t".repeat(241) + "@" + "v".repeat(14))).as("Level 1's longest").isTrue();
		assertThat(TraceState.isValidKey("t".repeat(242) + "@s")).as("a tenant longer than Level 1's").isTrue();
		assertThat(TraceState.isValidKey("t@" + "s".repeat(15))).as("a system longer than Level 1's").isTrue();
		assertThat(TraceState.isValidKey("t".repeat(255) + "@")).as("256 characters").isTrue();
		assertThat(TraceState.isValidKey("t".repeat(241) + "@" + "v".repeat(15))).as("257 characters").isFalse();
		assertThat(TraceState.isValidKey("1".repeat(256))).isTrue();
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "v", "00f067aa0ba902b7", "t61rcWkgMzE", " leading space", "in side", "!\"#$%&'()*+-./",
			"0123456789:;<>?@", "ABCXYZ[\\]^_`abcxyz{|}~", "th:8;rv:0123456789abcd" })
	void acceptsValidValues(String value) {
		assertThat(TraceState.isValidValue(value)).isTrue();
		assertThat(TraceState.empty().with("k", value).get("k")).isEqualTo(value);
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "", "a,b", "a=b", "trailing ", " ", "tab\t", "new\nline", "del\u007f", "é", "\u0000" })
	void rejectsInvalidValues(String value) {
		assertThat(TraceState.isValidValue(value)).isFalse();
		assertThat(TraceState.empty().with("k", value).isEmpty()).isTrue();
	}

	@Test
	void valuesMayHaveUpTo256Characters() {
		assertThat(TraceState.isValidValue("v".repeat(256))).isTrue();
		assertThat(TraceState.isValidValue("v".repeat(257))).isFalse();
	}

	@Test
	void everyPrintableAsciiCharacterExceptCommaAndEqualsIsAValueCharacter() {
		for (char c = 0; c < 0x100; c++) {
			boolean expected = c >= 0x20 && c <= 0x7e && c != ',' && c != '=';
			assertThat(TraceState.isValidValue("a" + c + "b")).as("char 0x%02x", (int) c).isEqualTo(expected);
		}
	}

	private static TraceState full() {
		TraceState state = TraceState.empty();
		for (int i = 0; i < 32; i++) {
			state = state.with("k" + i, "v" + i);
		}
		return state;
	}

	@Test
	void parseKeepsACanonicalHeaderAsItIsAndSplitsItOnDemand() {
		String header = "vendor=opaque,t@sys=x1,other=1";
		TraceState state = TraceState.parse(header);
		assertThat(state.toHeader()).isSameAs(header);
		assertThat(state.isEmpty()).isFalse();
		assertThat(state.size()).isEqualTo(3);
		assertThat(state.key(1)).isEqualTo("t@sys");
		assertThat(state.get("other")).isEqualTo("1");
		assertThat(state).isEqualTo(TraceState.ofValidated("vendor", "opaque", "t@sys", "x1", "other", "1"))
			.hasSameHashCodeAs(TraceState.ofValidated("vendor", "opaque", "t@sys", "x1", "other", "1"));
		assertThat(state.with("new", "v").toHeader()).isEqualTo("new=v,vendor=opaque,t@sys=x1,other=1");
	}

	@Test
	void parseAcceptsWhitespaceAndEmptyMembersAndWritesTheCanonicalForm() {
		TraceState state = TraceState.parse(" vendor=opaque ,, other=1\t,");
		assertThat(state.toHeader()).isEqualTo("vendor=opaque,other=1");
		assertThat(state.size()).isEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "vendor=a,vendor=b", "Vendor=a", "vendor", "=a", "vendor=", "vendor=a=b",
			"vendor=a,,vendor=b", "@system=a", "vendor=a,@system=b", "foo@=1,@bar=2" })
	void parseDiscardsAnInvalidHeaderWhole(String header) {
		assertThat(TraceState.parse(header).isEmpty()).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "foo@=1,bar=2", "foo@@bar=1,bar=2", "foo@bar@baz=1,bar=2", "1vendor=a,tenant@=b" })
	void parseKeepsLevel2Keys(String header) {
		TraceState state = TraceState.parse(header);
		assertThat(state.size()).isEqualTo(2);
		assertThat(state.toHeader()).isEqualTo(header);
		assertThat(TraceState.parse(header.replace(",", " ,\t")).toHeader()).as("the slow path").isEqualTo(header);
	}

	@Test
	void entriesAreSafelyPublishedWithoutALock() throws Exception {
		// Whether another thread can see null slots cannot be shown on x86, whose stores
		// are never reordered; what the Java memory model guarantees everywhere is
		// checked instead: eager entries in a final field, lazy ones behind a VarHandle.
		Field entries = TraceState.class.getDeclaredField("entries");
		assertThat(Modifier.isFinal(entries.getModifiers())).isTrue();
		Field split = TraceState.class.getDeclaredField("split");
		assertThat(Modifier.isVolatile(split.getModifiers()) || hasVarHandle()).isTrue();
	}

	private static boolean hasVarHandle() {
		for (Field field : TraceState.class.getDeclaredFields()) {
			if (field.getType() == VarHandle.class && Modifier.isStatic(field.getModifiers())) {
				return true;
			}
		}
		return false;
	}

	@Test
	void aCanonicalStateSplitByManyThreadsAtOnceIsSeenWholeByEach() throws Exception {
		String header = "a=1,b=2,c=3,d=4";
		int threads = 4;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < 2_000; round++) {
				TraceState state = TraceState.parse(header);
				CyclicBarrier start = new CyclicBarrier(threads);
				List<Future<String>> seen = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					seen.add(executor.submit(() -> {
						start.await(10, TimeUnit.SECONDS);
						return state.key(3) + state.value(3) + state.get("a");
					}));
				}
				for (Future<String> result : seen) {
					assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("d41");
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void parseDiscardsMoreThanThirtyTwoMembers() {
		StringBuilder header = new StringBuilder("k0=v");
		for (int i = 1; i <= 32; i++) {
			header.append(",k").append(i).append("=v");
		}
		assertThat(TraceState.parse(header.toString()).isEmpty()).isTrue();
		assertThat(TraceState.parse(header.substring(0, header.lastIndexOf(","))).size()).isEqualTo(32);
	}

	@Test
	void parseOfNothingIsEmpty() {
		assertThat(TraceState.parse(null)).isSameAs(TraceState.empty());
		assertThat(TraceState.parse("")).isSameAs(TraceState.empty());
		assertThat(TraceState.parse(" , ")).isSameAs(TraceState.empty());
	}

}

package dev.telemetry.sdk.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link AttributesBuilder} and the {@link Attributes} it builds.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AttributesBuilderTests {

	@Test
	void keepsEachValueTypeAndTheInsertionOrder() {
		Attributes attributes = Attributes.builder()
			.put("string", "text")
			.put("long", 7L)
			.put("double", 0.25)
			.put("boolean", false)
			.build();
		assertThat(attributes.size()).isEqualTo(4);
		assertThat(attributes.asMap())
			.containsExactlyEntriesOf(ordered("string", "text", "long", 7L, "double", 0.25, "boolean", false));
		assertThat(attributes.value(0)).isInstanceOf(String.class);
		assertThat(attributes.value(1)).isInstanceOf(Long.class);
		assertThat(attributes.value(2)).isInstanceOf(Double.class);
		assertThat(attributes.value(3)).isInstanceOf(Boolean.class);
	}

	@Test
	void writingAKeyAgainReplacesItsValueInPlace() {
		AttributesBuilder builder = Attributes.builder().put("a", "1").put("b", "2").put("a", 3L);
		assertThat(builder.asMap()).containsExactlyEntriesOf(ordered("a", 3L, "b", "2"));
		assertThat(builder.size()).isEqualTo(2);
		assertThat(builder.droppedCount()).isZero();
	}

	@Test
	void nullOrEmptyKeysAndNullValuesAreIgnored() {
		AttributesBuilder builder = Attributes.builder()
			.put(null, "v")
			.put("", "v")
			.put("k", (String) null)
			.putObject("o", null)
			.put(null, 1L)
			.put(null, 1.0)
			.put(null, true);
		assertThat(builder.isEmpty()).isTrue();
		assertThat(builder.droppedCount()).isZero();
	}

	@Test
	void putObjectWidensIntegersAndStringifiesOtherValues() {
		AttributesBuilder builder = new AttributesBuilder(10).putObject("int", 1)
			.putObject("short", (short) 2)
			.putObject("byte", (byte) 3)
			.putObject("long", 4L)
			.putObject("double", 5.5)
			.putObject("boolean", Boolean.TRUE)
			.putObject("string", "s")
			.putObject("float", 1.5f)
			.putObject("list", List.of(1, 2));
		assertThat(builder.asMap()).containsExactlyEntriesOf(ordered("int", 1L, "short", 2L, "byte", 3L, "long", 4L,
				"double", 5.5, "boolean", true, "string", "s", "float", "1.5", "list", "[1, 2]"));
	}

	@Test
	void dropsAndCountsKeysBeyondTheLimit() {
		AttributesBuilder builder = new AttributesBuilder(2);
		builder.put("a", 1L).put("b", 2L).put("c", 3L).put("d", 4L).put("c", 5L);
		assertThat(builder.asMap()).containsExactlyEntriesOf(ordered("a", 1L, "b", 2L));
		assertThat(builder.droppedCount()).isEqualTo(3);
	}

	@Test
	void overwritingAnExistingKeyAtTheLimitIsNotADrop() {
		AttributesBuilder builder = new AttributesBuilder(2).put("a", 1L).put("b", 2L).put("a", 10L);
		assertThat(builder.asMap()).containsExactlyEntriesOf(ordered("a", 10L, "b", 2L));
		assertThat(builder.droppedCount()).isZero();
	}

	@Test
	void zeroLimitDropsEverything() {
		AttributesBuilder builder = new AttributesBuilder(0).put("a", 1L).put("b", "x");
		assertThat(builder.isEmpty()).isTrue();
		assertThat(builder.droppedCount()).isEqualTo(2);
		assertThat(builder.build()).isSameAs(Attributes.empty());
	}

	@Test
	void rejectsANegativeLimit() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AttributesBuilder(-1));
	}

	@Test
	void growsBeyondItsInitialCapacity() {
		AttributesBuilder builder = Attributes.builder();
		for (int i = 0; i < 1_000; i++) {
			builder.put("key" + i, i);
		}
		Attributes attributes = builder.build();
		assertThat(attributes.size()).isEqualTo(1_000);
		for (int i = 0; i < 1_000; i++) {
			assertThat(attributes.key(i)).isEqualTo("key" + i);
			assertThat(attributes.value(i)).isEqualTo((long) i);
		}
	}

	@Test
	void buildReturnsASnapshotThatLaterWritesDoNotChange() {
		AttributesBuilder builder = Attributes.builder().put("a", 1L);
		Attributes built = builder.build();
		builder.put("a", 2L).put("b", 3L);
		assertThat(built.asMap()).containsExactlyEntriesOf(ordered("a", 1L));
		assertThat(builder.asMap()).containsExactlyEntriesOf(ordered("a", 2L, "b", 3L));
	}

	@Test
	void builderIsALiveView() {
		AttributesBuilder builder = Attributes.builder();
		Attributes view = builder;
		assertThat(view.isEmpty()).isTrue();
		builder.put("a", "1");
		assertThat(view.get("a")).isEqualTo("1");
		assertThat(view.size()).isEqualTo(1);
	}

	@Test
	void emptyBuilderBuildsTheSharedEmptyInstance() {
		assertThat(Attributes.builder().build()).isSameAs(Attributes.empty());
		assertThat(Attributes.empty().isEmpty()).isTrue();
		assertThat(Attributes.empty().asMap()).isEmpty();
	}

	@Test
	void putAllCopiesInOrderAndOverwritesExistingKeys() {
		Attributes source = Attributes.builder().put("b", 2L).put("c", "three").build();
		AttributesBuilder builder = Attributes.builder().put("a", 1L).put("b", "old").putAll(source);
		assertThat(builder.asMap()).containsExactlyEntriesOf(ordered("a", 1L, "b", 2L, "c", "three"));
		AttributesBuilder limited = new AttributesBuilder(1).putAll(source);
		assertThat(limited.asMap()).containsExactlyEntriesOf(ordered("b", 2L));
		assertThat(limited.droppedCount()).isEqualTo(1);
	}

	@Test
	void getReturnsNullForAbsentKeys() {
		Attributes attributes = Attributes.of("present", "yes");
		assertThat(attributes.get("present")).isEqualTo("yes");
		assertThat(attributes.get("absent")).isNull();
		assertThat(Attributes.empty().get("absent")).isNull();
	}

	@Test
	void forEachVisitsInOrder() {
		Attributes attributes = Attributes.builder().put("z", 1L).put("a", 2L).put("m", 3L).build();
		List<String> keys = new ArrayList<>();
		attributes.forEach((key, value) -> keys.add(key + "=" + value));
		assertThat(keys).containsExactly("z=1", "a=2", "m=3");
	}

	@Test
	void asMapIsACopy() {
		AttributesBuilder builder = Attributes.builder().put("a", 1L);
		Map<String, Object> map = builder.asMap();
		map.put("b", 2L);
		assertThat(builder.size()).isEqualTo(1);
	}

	@Test
	void toStringShowsTheEntries() {
		assertThat(Attributes.builder().put("a", 1L).put("b", "x").build()).hasToString("{a=1, b=x}");
		assertThat(Attributes.builder().put("a", 1L)).hasToString("{a=1}");
	}

	@Test
	void indexOutOfRangeThrows() {
		Attributes attributes = Attributes.of("a", "b");
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> attributes.key(1));
	}

	@Test
	void attributesWithTheSameEntriesAreEqual() {
		Attributes first = Attributes.builder().put("k", "v").put("n", 1L).build();
		Attributes second = Attributes.builder().put("k", "v").put("n", 1L).build();
		assertThat(first).isEqualTo(second);
		assertThat(first).hasSameHashCodeAs(second);
		assertThat(Attributes.of("k", "v")).isEqualTo(Attributes.of("k", "v"));
	}

	private static Map<String, Object> ordered(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	@Test
	void putAllIntoAnEmptyBuilderCopiesAnotherBuilderWithinTheLimit() {
		AttributesBuilder source = Attributes.builder().put("a", "1").put("b", 2L).put("c", true);
		AttributesBuilder copy = new AttributesBuilder(10, 1).putAll(source);
		assertThat(copy.asMap()).containsExactlyEntriesOf(source.asMap());
		source.put("d", "4");
		assertThat(copy.size()).isEqualTo(3);
		AttributesBuilder limited = new AttributesBuilder(2).putAll(source);
		assertThat(limited.asMap()).containsOnlyKeys("a", "b");
		assertThat(limited.droppedCount()).isEqualTo(2);
	}

	@Test
	void clearEmptiesTheBuilderForReuse() {
		AttributesBuilder builder = new AttributesBuilder(1).put("a", "1").put("b", "2");
		assertThat(builder.droppedCount()).isOne();
		builder.clear();
		assertThat(builder.isEmpty()).isTrue();
		assertThat(builder.droppedCount()).isZero();
		assertThat(builder.put("c", "3").asMap()).containsExactlyEntriesOf(Map.of("c", "3"));
	}

	@Test
	void expectedSizeMustNotBeNegative() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AttributesBuilder(1, -1));
	}

	@Test
	void keysWithEqualHashesAreStillToldApart() {
		// "Aa" and "BB" have the same String hash.
		AttributesBuilder builder = Attributes.builder().put("Aa", "1").put("BB", "2").put("Aa", "3");
		assertThat(builder.size()).isEqualTo(2);
		assertThat(builder.key(0)).isEqualTo("Aa");
		assertThat(builder.value(0)).isEqualTo("3");
		assertThat(builder.get("BB")).isEqualTo("2");
	}

}

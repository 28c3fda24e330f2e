package dev.telemetry.sdk.propagation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.telemetry.sdk.baggage.Baggage;
import dev.telemetry.sdk.context.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link W3CBaggagePropagator}.
 */
class W3CBaggagePropagatorTests {

	private final W3CBaggagePropagator propagator = W3CBaggagePropagator.getInstance();

	@Test
	void fieldsAreBaggage() {
		assertThat(this.propagator.fields()).containsExactly("baggage");
	}

	@Test
	void extractDecodesValuesAndKeepsMetadata() {
		Baggage baggage = extract("userId=alice;ttl=60;private, serverNode = DF%2028 ,isProduction=false");

		assertThat(baggage.entries()).containsExactly(new Baggage.Entry("userId", "alice", "ttl=60;private"),
				new Baggage.Entry("serverNode", "DF 28", ""), new Baggage.Entry("isProduction", "false", ""));
	}

	@Test
	void extractTrimsWhitespaceAroundMetadata() {
		assertThat(extract("k=v ;\t p1 ; p2=x \t").entries()).containsExactly(new Baggage.Entry("k", "v", "p1 ; p2=x"));
	}

	@Test
	void extractDecodesUtf8AndEitherCaseOfHex() {
		assertThat(extract("a=%C3%A9t%c3%a9,b=%E2%98%83,c=%F0%9D%84%9E,d=%25%2C%3B%22%5C%20").entries())
			.extracting(Baggage.Entry::value)
			.containsExactly("\u00e9t\u00e9", "\u2603", "\ud834\udd1e", "%,;\"\\ ");
	}

	@Test
	void extractKeepsPlusAndOtherBaggageOctetsLiterally() {
		assertThat(extract("k=a+b/c?d=e:f@g!h*i'j~").get("k")).isEqualTo("a+b/c?d=e:f@g!h*i'j~");
	}

	@Test
	void extractReplacesMalformedUtf8WithTheReplacementCharacter() {
		assertThat(extract("k=a%FFb,j=%C3").entries()).extracting(Baggage.Entry::value)
			.containsExactly("a\ufffdb", "\ufffd");
	}

	@Test
	void extractAcceptsAnEmptyValue() {
		// W3C Baggage: value = *baggage-octet. OpenTelemetry Java drops such members.
		assertThat(extract("k=,j=  ;p").entries()).containsExactly(new Baggage.Entry("k", "", ""),
				new Baggage.Entry("j", "", "p"));
	}

	@Test
	void extractSkipsMalformedMembersAndKeepsValidOnes() {
		Baggage baggage = extract("first=1,novalue,=nameless,na me=x,n\u00e9=x,pct=%G1,short=%2,end=%,"
				+ "space=a b,quote=\"q\",backslash=a\\b,utf=\u00e9,ctl=a\u0001,meta=v;a\u0000b," + "(paren)=x,last=2");

		assertThat(baggage.entries()).extracting(Baggage.Entry::name).containsExactly("first", "last");
	}

	@Test
	void extractKeepsValidMembersAfterAMalformedEscape() {
		// OpenTelemetry Java drops the whole header here; W3C Baggage only
		// invalidates the member.
		assertThat(extract("k=%G1,j=1").entries()).containsExactly(new Baggage.Entry("j", "1", ""));
	}

	@Test
	void extractSkipsEmptyMembers() {
		assertThat(extract(" , a=1,, \t,b=2,").entries()).extracting(Baggage.Entry::name).containsExactly("a", "b");
	}

	@Test
	void extractKeepsTheLastOfDuplicateNames() {
		assertThat(extract("k=1,j=2,k=3").entries()).containsExactly(new Baggage.Entry("j", "2", ""),
				new Baggage.Entry("k", "3", ""));
	}

	@Test
	void extractReadsAtMost180Members() {
		String header = IntStream.range(0, 200).mapToObj((i) -> "k" + i + "=" + i).collect(Collectors.joining(","));

		Baggage baggage = extract(header);

		assertThat(baggage.size()).isEqualTo(180);
		assertThat(baggage.get("k179")).isEqualTo("179");
		assertThat(baggage.get("k180")).isNull();
	}

	@Test
	void invalidMembersCountTowardsTheMemberLimit() {
		String header = "bad,".repeat(179) + "a=1,b=2";

		assertThat(extract(header).entries()).extracting(Baggage.Entry::name).containsExactly("a");
	}

	@Test
	void extractIgnoresMembersBeyond8192Bytes() {
		// 64 members of exactly 128 bytes including the comma: the 64th ends at byte 8191
		String value = "v".repeat(128 - "k00=".length() - 1);
		String header = IntStream.range(0, 70)
			.mapToObj((i) -> ((i < 10) ? "k0" : "k") + i + "=" + value)
			.collect(Collectors.joining(","));

		Baggage baggage = extract(header);

		assertThat(baggage.size()).isEqualTo(64);
		assertThat(baggage.get("k63")).isEqualTo(value);
		assertThat(baggage.get("k64")).isNull();
	}

	@Test
	void extractReadsAMemberEndingExactlyAt8192Bytes() {
		String header = "k=" + "v".repeat(8190) + ",j=1";

		assertThat(extract(header).entries()).extracting(Baggage.Entry::name).containsExactly("k");
	}

	@Test
	void extractMergesIntoExistingBaggage() {
		Context context = Baggage.empty().with("a", "1", "").with("b", "2", "p").storeInContext(Context.root());

		Baggage baggage = Baggage.fromContext(extract(context, "b=3,c=4"));

		assertThat(baggage.entries()).containsExactly(new Baggage.Entry("a", "1", ""), new Baggage.Entry("b", "3", ""),
				new Baggage.Entry("c", "4", ""));
	}

	@ParameterizedTest(name = "[{0}]")
	@ValueSource(strings = { "", " ", ",", "novalue", "=x", "k=a b", "k=%zz", "\u00e9=\u00e9", "\ud800=\udc00" })
	void headerWithoutValidMembersLeavesTheContextUnchanged(String header) {
		Context context = Baggage.empty().with("a", "1", "").storeInContext(Context.root());

		assertThat(extract(context, header)).isSameAs(context);
	}

	@Test
	void missingHeaderOrCarrierLeavesTheContextUnchanged() {
		Context context = Context.root();

		assertThat(this.propagator.extract(context, Map.of(), MapCarrier.GETTER)).isSameAs(context);
		assertThat(this.propagator.extract(context, null, MapCarrier.GETTER)).isSameAs(context);
	}

	@Test
	void extractNeverThrowsOnHostileInput() {
		List<String> headers = List.of("%", "k=%", "k=%%%", "k=v;" + ";".repeat(10_000), "=".repeat(100_000),
				",".repeat(100_000), "k=" + "%41".repeat(10_000), "\ud83d\ude00=\ud83d\ude00", "k=\uffff;\uffff");

		for (String header : headers) {
			assertThatNoException().isThrownBy(() -> extract(header));
		}
	}

	@Test
	void injectEncodesValuesAndKeepsMetadata() {
		Baggage baggage = Baggage.empty()
			.with("userId", "alice", "ttl=60;private")
			.with("city", "M\u00fcnchen am See", "")
			.with("reserved", "%,;\"\\ =/", "");

		assertThat(inject(baggage)).containsExactly(Map.entry("baggage",
				"userId=alice;ttl=60;private,city=M%C3%BCnchen%20am%20See,reserved=%25%2C%3B%22%5C%20=/"));
	}

	@Test
	void valuesSurviveARoundTrip() {
		String[] values = { "", "plain", "caf\u00e9 \u2603 \ud834\udd1e", "%,;\"\\ \t\r\n", "%41", "a+b=c",
				"\u0000\u007f\u0080\u00ff", "\u65e5\u672c\u8a9e" };
		Baggage baggage = Baggage.empty();
		for (int i = 0; i < values.length; i++) {
			baggage = baggage.with("k" + i, values[i], (i % 2 == 0) ? "" : "p" + i + ";q=" + i);
		}

		Map<String, String> carrier = inject(baggage);

		assertThat(carrier.get("baggage")).matches("[\\x21-\\x7e]+");
		assertThat(extract(carrier.get("baggage"))).isEqualTo(baggage);
	}

	@Test
	void injectSkipsNamesThatAreNotTokensAndMetadataThatWouldBreakTheHeader() {
		Baggage baggage = Baggage.empty()
			.with("bad name", "1", "")
			.with("", "2", "")
			.with("n\u00e9", "3", "")
			.with("ok", "4", "a,b")
			.with("ok2", "5", "line\nbreak");

		assertThat(inject(baggage)).containsExactly(Map.entry("baggage", "ok=4,ok2=5"));
	}

	@Test
	void injectWritesAtMost180Members() {
		Baggage baggage = Baggage.empty();
		for (int i = 0; i < 200; i++) {
			baggage = baggage.with("k" + i, "v", "");
		}

		String header = inject(baggage).get("baggage");

		assertThat(header.split(",")).hasSize(180);
		assertThat(header).endsWith(",k179=v");
	}

	@Test
	void injectDropsWholeMembersBeyond8192Bytes() {
		Baggage baggage = Baggage.empty()
			.with("a", "v".repeat(8000), "")
			.with("big", "v".repeat(500), "")
			.with("small", "1", "");

		String header = inject(baggage).get("baggage");

		assertThat(header).hasSizeLessThanOrEqualTo(8192).startsWith("a=").endsWith(",small=1").doesNotContain("big");
	}

	@Test
	void injectWritesNothingForEmptyBaggage() {
		assertThat(inject(Baggage.empty())).isEmpty();
		assertThat(inject(Baggage.empty().with("bad name", "1", ""))).isEmpty();
	}

	private Baggage extract(String header) {
		return Baggage.fromContext(extract(Context.root(), header));
	}

	private Context extract(Context context, String header) {
		return this.propagator.extract(context, Map.of("baggage", header), MapCarrier.GETTER);
	}

	private Map<String, String> inject(Baggage baggage) {
		Map<String, String> carrier = new HashMap<>();
		this.propagator.inject(baggage.storeInContext(Context.root()), carrier, MapCarrier.SETTER);
		return carrier;
	}

}

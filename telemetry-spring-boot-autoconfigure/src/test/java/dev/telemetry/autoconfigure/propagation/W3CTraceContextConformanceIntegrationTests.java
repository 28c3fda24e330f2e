package dev.telemetry.autoconfigure.propagation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.telemetry.autoconfigure.propagation.PropagationTestApplication.RecordingSampler;
import dev.telemetry.autoconfigure.propagation.RawHttpClient.Header;
import dev.telemetry.sdk.trace.span.SpanContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processing rules of W3C Trace Context (Level 2 draft, with RFC 9110 for repeated
 * fields), checked end to end: each case is a real request to a Spring MVC application on
 * Tomcat, whose handler calls a second local server with a {@code RestClient}, and the
 * assertions are on what arrives there and on what reached the sampler.
 * <p>
 * A participant that <em>continues</em> the trace sends one {@code traceparent} of
 * version {@code 00} with the caller's trace id, its own new parent id and the sampled
 * flag its parent-based sampler derived from the caller's (with the caller's random
 * flag), and passes {@code tracestate} on in canonical form (or not at all when it was
 * empty or invalid). One that <em>restarts</em> sends a new trace id and no
 * {@code tracestate}: the specification forbids parsing {@code tracestate} without a
 * valid {@code traceparent}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class W3CTraceContextConformanceIntegrationTests {

	static final String TRACE_ID = "12345678901234567890123456789012";

	static final String PARENT_ID = "1234567890123456";

	static final String VALID = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static PropagationTestApplication.Running application;

	private static DownstreamRecorder downstream;

	private static RecordingSampler sampler;

	private static int port;

	@BeforeAll
	static void start() throws Exception {
		application = PropagationTestApplication.start();
		downstream = application.downstream();
		sampler = application.bean(RecordingSampler.class);
		port = application.port();
	}

	@AfterAll
	static void stop() {
		if (application != null) {
			application.close();
		}
	}

	@BeforeEach
	void clear() {
		downstream.clear();
		sampler.clear();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("traceparentContinues")
	void validTraceparentIsContinued(String description, List<Header> lines, String expectedFlags) throws Exception {
		Map<String, List<String>> sent = relay(lines);

		Traceparent downstreamParent = Traceparent.single(sent);
		assertThat(downstreamParent.traceId()).isEqualTo(TRACE_ID);
		assertThat(downstreamParent.parentId()).isNotEqualTo(PARENT_ID);
		assertThat(downstreamParent.flags()).isEqualTo(expectedFlags);
		SpanContext parent = serverParent();
		assertThat(parent.isValid()).isTrue();
		assertThat(parent.isRemote()).isTrue();
		assertThat(parent.getTraceId()).isEqualTo(TRACE_ID);
		assertThat(parent.getSpanId()).isEqualTo(PARENT_ID);
	}

	static Stream<Arguments> traceparentContinues() {
		String ids = TRACE_ID + "-" + PARENT_ID;
		return Stream.of(continues("lower-case name", List.of(h("traceparent", VALID)), "01"),
				continues("mixed-case name", List.of(h("TraceParent", VALID)), "01"),
				continues("upper-case name", List.of(h("TRACEPARENT", VALID)), "01"),
				continues("leading space", List.of(h("traceparent", " " + VALID)), "01"),
				continues("leading tab", List.of(h("traceparent", "\t" + VALID)), "01"),
				continues("trailing space", List.of(h("traceparent", VALID + " ")), "01"),
				continues("trailing tab", List.of(h("traceparent", VALID + "\t")), "01"),
				continues("whitespace both sides", List.of(h("traceparent", "\t " + VALID + " \t")), "01"),
				continues("not sampled", List.of(h("traceparent", "00-" + ids + "-00")), "00"),
				continues("unknown flags of version 00", List.of(h("traceparent", "00-" + ids + "-09")), "01"),
				continues("random flag, not sampled", List.of(h("traceparent", "00-" + ids + "-02")), "02"),
				continues("random flag, sampled", List.of(h("traceparent", "00-" + ids + "-03")), "03"),
				continues("version cc", List.of(h("traceparent", "cc-" + ids + "-01")), "01"),
				continues("version cc with a further field",
						List.of(h("traceparent", "cc-" + ids + "-01-what-the-future-will-be-like")), "01"),
				continues("version cc, only its sampled flag trusted",
						List.of(h("traceparent", "cc-" + ids + "-fe-what-the-future-will-be-like")), "00"),
				continues("version fe", List.of(h("traceparent", "fe-" + ids + "-01")), "01"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("traceparentRestarts")
	void invalidTraceparentStartsANewTraceAndNeverReachesTheSampler(String description, List<Header> lines)
			throws Exception {
		Map<String, List<String>> sent = relay(lines);

		Traceparent downstreamParent = Traceparent.single(sent);
		assertThat(downstreamParent.traceId()).isNotEqualTo(TRACE_ID).isNotEqualTo("0".repeat(32));
		assertThat(downstreamParent.flags()).as("a new root: sampled by always-on, random trace id").isEqualTo("03");
		assertThat(sent).as("tracestate is not parsed without a valid traceparent").doesNotContainKey("tracestate");
		assertThat(serverParent().isValid()).as("what the sampler saw").isFalse();
	}

	static Stream<Arguments> traceparentRestarts() {
		String ids = TRACE_ID + "-" + PARENT_ID;
		String tail = "-" + PARENT_ID + "-01";
		List<Arguments> cases = new ArrayList<>();
		cases.add(restarts("absent, with a tracestate", h("tracestate", "foo=1")));
		cases.add(restarts("two lines", h("traceparent", VALID),
				h("traceparent", "00-" + "1".repeat(32) + "-" + "1".repeat(16) + "-01")));
		cases.add(restarts("two equal lines", h("traceparent", VALID), h("traceparent", VALID)));
		cases.add(restarts("an empty line next to a valid one", h("traceparent", ""), h("traceparent", VALID)));
		cases.add(restarts("two lines of a future version", h("traceparent", "cc-" + ids + "-01-extra"),
				h("traceparent", "cc-" + ids + "-01-extra")));
		cases.add(restarts("empty", h("traceparent", "")));
		cases.add(restarts("version 00 with a further field", h("traceparent", VALID + "-what-the-future")));
		cases.add(restarts("version 00 followed by a dot", h("traceparent", VALID + ".what-the-future")));
		cases.add(restarts("version cc followed by a dot", h("traceparent", "cc-" + ids + "-01.what-the-future")));
		cases.add(restarts("version ff", h("traceparent", "ff-" + ids + "-01")));
		cases.add(restarts("version ff with a further field", h("traceparent", "ff-" + ids + "-01-what")));
		cases.add(restarts("version .0", h("traceparent", ".0-" + ids + "-01")));
		cases.add(restarts("version 0.", h("traceparent", "0.-" + ids + "-01")));
		cases.add(restarts("version upper-case hex", h("traceparent", "CC-" + ids + "-01")));
		cases.add(restarts("version of three digits", h("traceparent", "000-" + ids + "-01")));
		cases.add(restarts("version of four digits", h("traceparent", "0000-" + ids + "-01")));
		cases.add(restarts("version of one digit", h("traceparent", "0-" + ids + "-01")));
		cases.add(restarts("all-zero trace id", h("traceparent", "00-" + "0".repeat(32) + tail)));
		cases.add(restarts("upper-case trace id", h("traceparent", "00-" + "ABCDEF".repeat(5) + "AB" + tail)));
		cases.add(restarts("dot in trace id", h("traceparent", "00-" + TRACE_ID.substring(0, 31) + "." + tail)));
		cases.add(restarts("trace id of 33 digits", h("traceparent", "00-" + TRACE_ID + "3" + tail)));
		cases.add(restarts("trace id of 31 digits", h("traceparent", "00-" + TRACE_ID.substring(1) + tail)));
		cases.add(restarts("all-zero parent id", h("traceparent", "00-" + TRACE_ID + "-" + "0".repeat(16) + "-01")));
		cases.add(restarts("upper-case parent id", h("traceparent", "00-" + TRACE_ID + "-ABCDEF1234567890-01")));
		cases.add(restarts("dot in parent id", h("traceparent", "00-" + TRACE_ID + "-123456789012345.-01")));
		cases.add(restarts("parent id of 17 digits", h("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "7-01")));
		cases.add(restarts("parent id of 15 digits",
				h("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID.substring(1) + "-01")));
		cases.add(restarts("flags .0", h("traceparent", "00-" + ids + "-.0")));
		cases.add(restarts("flags 0.", h("traceparent", "00-" + ids + "-0.")));
		cases.add(restarts("flags of three digits", h("traceparent", "00-" + ids + "-001")));
		cases.add(restarts("flags of one digit", h("traceparent", "00-" + ids + "-0")));
		cases.add(restarts("upper-case flags", h("traceparent", "00-" + ids + "-0A")));
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("tracestates")
	void tracestateIsPassedOnAsTheSpecificationSays(String description, List<Header> tracestateLines,
			@Nullable String expected) throws Exception {
		List<Header> lines = new ArrayList<>();
		lines.add(h("traceparent", VALID));
		lines.addAll(tracestateLines);

		Map<String, List<String>> sent = relay(lines);

		assertThat(Traceparent.single(sent).traceId()).isEqualTo(TRACE_ID);
		if (expected == null) {
			assertThat(sent).doesNotContainKey("tracestate");
		}
		else {
			assertThat(sent.get("tracestate")).containsExactly(expected);
		}
		String seen = serverParent().getTraceState().toHeader();
		assertThat(seen).as("the trace state the sampler saw").isEqualTo((expected != null) ? expected : "");
	}

	static Stream<Arguments> tracestates() {
		String t256 = "t".repeat(256);
		String tenant241 = "t".repeat(241) + "@" + "v".repeat(14);
		String allKeyChars = "abcdefghijklmnopqrstuvwxyz0123456789_-*/@";
		StringBuilder allValueChars = new StringBuilder();
		for (char c = 0x20; c <= 0x7E; c++) {
			if (c != ',' && c != '=') {
				allValueChars.append(c);
			}
		}
		String values = allValueChars.toString();
		return Stream.of(tracestate("lower-case name", List.of(h("tracestate", "foo=1")), "foo=1"),
				tracestate("mixed-case name", List.of(h("TraceState", "foo=1")), "foo=1"),
				tracestate("upper-case name", List.of(h("TRACESTATE", "foo=1")), "foo=1"),
				tracestate("empty", List.of(h("tracestate", "")), null),
				tracestate("lines with different keys",
						List.of(h("tracestate", "foo=1,bar=2"), h("tracestate", "rojo=1,congo=2"),
								h("tracestate", "baz=3")),
						"foo=1,bar=2,rojo=1,congo=2,baz=3"),
				tracestate("an empty line before a valid one", List.of(h("tracestate", ""), h("tracestate", "foo=1")),
						"foo=1"),
				tracestate("an empty line after a valid one", List.of(h("tracestate", "foo=1"), h("tracestate", "")),
						"foo=1"),
				tracestate("a key twice on one line", List.of(h("tracestate", "foo=1,foo=1")), null),
				tracestate("a key twice with different values", List.of(h("tracestate", "foo=1,foo=2")), null),
				tracestate("a key on two lines", List.of(h("tracestate", "foo=1"), h("tracestate", "foo=1")), null),
				tracestate("every allowed key character", List.of(h("tracestate", allKeyChars + "=1")),
						allKeyChars + "=1"),
				tracestate("every allowed value character", List.of(h("tracestate", "foo=" + values)), "foo=" + values),
				tracestate("whitespace around members", List.of(h("tracestate", "foo=1 \t , \t bar=2, \t baz=3")),
						"foo=1,bar=2,baz=3"),
				tracestate("tabs and spaces around members",
						List.of(h("tracestate", "foo=1\t \t,\t \tbar=2,\t \tbaz=3")), "foo=1,bar=2,baz=3"),
				tracestate("space before '='", List.of(h("tracestate", "foo =1")), null),
				tracestate("upper-case key", List.of(h("tracestate", "FOO=1")), null),
				tracestate("dot in key", List.of(h("tracestate", "foo.bar=1")), null),
				tracestate("key ending with '@'", List.of(h("tracestate", "foo@=1,bar=2")), "foo@=1,bar=2"),
				tracestate("key starting with '@'", List.of(h("tracestate", "@foo=1,bar=2")), null),
				tracestate("key with '@@'", List.of(h("tracestate", "foo@@bar=1,bar=2")), "foo@@bar=1,bar=2"),
				tracestate("key with two '@'", List.of(h("tracestate", "foo@bar@baz=1,bar=2")), "foo@bar@baz=1,bar=2"),
				tracestate("key starting with a digit", List.of(h("tracestate", "1foo=1")), "1foo=1"),
				tracestate("32 members on 4 lines", spread(32), members(32)),
				tracestate("33 members on 4 lines", spread(33), null),
				tracestate("key of 256 characters", List.of(h("tracestate", t256 + "=1")), t256 + "=1"),
				tracestate("key of 257 characters", List.of(h("tracestate", t256 + "t=1")), null),
				tracestate("Level 1's longest multi-tenant key", List.of(h("tracestate", tenant241 + "=1")),
						tenant241 + "=1"),
				tracestate("key of 257 characters with '@'", List.of(h("tracestate", tenant241 + "v=1")), null),
				tracestate("tenant longer than Level 1's", List.of(h("tracestate", "t".repeat(242) + "@v=1")),
						"t".repeat(242) + "@v=1"),
				tracestate("'=' in a value", List.of(h("tracestate", "foo=bar=baz")), null),
				tracestate("empty value", List.of(h("tracestate", "foo=,bar=3")), null),
				tracestate("value of 256 characters", List.of(h("tracestate", "foo=" + "v".repeat(256))),
						"foo=" + "v".repeat(256)),
				tracestate("value of 257 characters", List.of(h("tracestate", "foo=" + "v".repeat(257))), null));
	}

	private Map<String, List<String>> relay(List<Header> lines) throws Exception {
		assertThat(RawHttpClient.get(port, "/relay", lines)).isEqualTo(200);
		Map<String, List<String>> sent = downstream.next(WAIT);
		assertThat(sent.getOrDefault("tracestate", List.of())).as("at most one tracestate line").hasSizeLessThan(2);
		return sent;
	}

	private static SpanContext serverParent() {
		assertThat(sampler.serverParents()).hasSize(1);
		return sampler.serverParents().get(0);
	}

	private static Arguments continues(String description, List<Header> lines, String flags) {
		return Arguments.of(description, lines, flags);
	}

	private static Arguments restarts(String description, Header... lines) {
		return Arguments.of(description, List.of(lines));
	}

	private static Arguments tracestate(String description, List<Header> lines, @Nullable String expected) {
		return Arguments.of(description, lines, expected);
	}

	private static Header h(String name, String value) {
		return new Header(name, value);
	}

	static String members(int count) {
		return IntStream.range(0, count).mapToObj((i) -> "k" + i + "=v" + i).collect(Collectors.joining(","));
	}

	// The members k0..k(count-1) over four lines, the last line taking the remainder.
	private static List<Header> spread(int count) {
		List<Header> lines = new ArrayList<>();
		int perLine = count / 4;
		for (int line = 0; line < 4; line++) {
			int from = line * perLine;
			int to = (line == 3) ? count : from + perLine;
			lines.add(h("tracestate",
					IntStream.range(from, to).mapToObj((i) -> "k" + i + "=v" + i).collect(Collectors.joining(","))));
		}
		return lines;
	}

	/**
	 * A {@code traceparent} as a participant sends it: version {@code 00}, lower-case
	 * hex.
	 *
	 * @param traceId the trace id
	 * @param parentId the parent id
	 * @param flags the flags
	 */
	record Traceparent(String traceId, String parentId, String flags) {

		static Traceparent single(Map<String, List<String>> headers) {
			List<String> lines = headers.get("traceparent");
			assertThat(lines).as("one traceparent line downstream").hasSize(1);
			String value = lines.get(0);
			assertThat(value).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
			return new Traceparent(value.substring(3, 35), value.substring(36, 52), value.substring(53));
		}

	}

}

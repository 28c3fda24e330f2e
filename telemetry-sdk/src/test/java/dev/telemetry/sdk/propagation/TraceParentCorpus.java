package dev.telemetry.sdk.propagation;

import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/**
 * {@code traceparent} headers shared by the propagator tests and the comparison with
 * OpenTelemetry Java.
 */
final class TraceParentCorpus {

	static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	static final String SPAN_ID = "b7ad6b7169203331";

	static final String VALID = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

	private TraceParentCorpus() {
	}

	static Stream<Arguments> valid() {
		return Stream.of(Arguments.of("sampled", VALID),
				Arguments.of("not sampled", "00-" + TRACE_ID + "-" + SPAN_ID + "-00"),
				Arguments.of("random bit", "00-" + TRACE_ID + "-" + SPAN_ID + "-02"),
				Arguments.of("sampled and random", "00-" + TRACE_ID + "-" + SPAN_ID + "-03"),
				Arguments.of("unknown flag bits", "00-" + TRACE_ID + "-" + SPAN_ID + "-ff"),
				Arguments.of("largest ids", "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01"),
				Arguments.of("64-bit trace id", "00-00000000000000008448eb211c80319c-" + SPAN_ID + "-01"),
				Arguments.of("trace id with zero low half", "00-0af7651916cd43dd0000000000000000-" + SPAN_ID + "-01"),
				Arguments.of("smallest span id", "00-" + TRACE_ID + "-0000000000000001-01"),
				Arguments.of("future version, 55 chars", "cc-" + TRACE_ID + "-" + SPAN_ID + "-01"),
				Arguments.of("future version with extra field",
						"cc-" + TRACE_ID + "-" + SPAN_ID + "-01-what-the-future"),
				Arguments.of("future version with empty extra field", "01-" + TRACE_ID + "-" + SPAN_ID + "-00-"),
				Arguments.of("version fe", "fe-" + TRACE_ID + "-" + SPAN_ID + "-01"));
	}

	static Stream<Arguments> malformed() {
		return Stream.concat(comparable(), Stream.of(
				// OpenTelemetry Java 1.62.0 throws ArrayIndexOutOfBoundsException on
				// U+FFFF in the ids or flags (its hex table has 65535 entries, one
				// short), so these stay out of the comparison with it.
				Arguments.of("U+FFFF in trace id", "00-0af7651916cd43dd8448eb211c80319\uffff-" + SPAN_ID + "-01"),
				Arguments.of("U+FFFF in span id", "00-" + TRACE_ID + "-b7ad6b716920333\uffff-01"),
				Arguments.of("U+FFFF in flags", "00-" + TRACE_ID + "-" + SPAN_ID + "-0\uffff")));
	}

	/**
	 * Returns the malformed headers that OpenTelemetry Java handles without throwing.
	 * @return the headers with a description
	 */
	static Stream<Arguments> comparable() {
		String tail = "-" + SPAN_ID + "-01";
		return Stream.of(Arguments.of("absent", null), Arguments.of("empty", ""), Arguments.of("one space", " "),
				Arguments.of("whitespace only", " \t  "), Arguments.of("55 spaces", " ".repeat(55)),
				Arguments.of("55 dashes", "-".repeat(55)), Arguments.of("version only", "00"),
				Arguments.of("too short", VALID.substring(0, 54)), Arguments.of("too long for version 00", VALID + "0"),
				Arguments.of("version 00 with extra field", VALID + "-what"),
				Arguments.of("version 00 with trailing dash", VALID + "-"), Arguments.of("leading space", " " + VALID),
				Arguments.of("trailing space", VALID + " "), Arguments.of("two headers joined", VALID + "," + VALID),
				Arguments.of("upper-case trace id", "00-" + TRACE_ID.toUpperCase() + tail),
				Arguments.of("upper-case span id", "00-" + TRACE_ID + "-" + SPAN_ID.toUpperCase() + "-01"),
				Arguments.of("upper-case flags", "00-" + TRACE_ID + "-" + SPAN_ID + "-0A"),
				Arguments.of("upper-case version", "0A-" + TRACE_ID + tail),
				Arguments.of("all-zero trace id", "00-00000000000000000000000000000000" + tail),
				Arguments.of("all-zero span id", "00-" + TRACE_ID + "-0000000000000000-01"),
				Arguments.of("all-zero ids", "00-00000000000000000000000000000000-0000000000000000-01"),
				Arguments.of("version ff", "ff-" + TRACE_ID + tail),
				Arguments.of("version ff with extra field", "ff-" + TRACE_ID + tail + "-what"),
				Arguments.of("non-hex version", "0g-" + TRACE_ID + tail),
				Arguments.of("dash in version", "-0-" + TRACE_ID + tail),
				Arguments.of("underscore after version", "00_" + TRACE_ID + tail),
				Arguments.of("underscore after trace id", "00-" + TRACE_ID + "_" + SPAN_ID + "-01"),
				Arguments.of("underscore after span id", "00-" + TRACE_ID + "-" + SPAN_ID + "_01"),
				Arguments.of("space as separator", "00 " + TRACE_ID + " " + SPAN_ID + " 01"),
				Arguments.of("separators shifted", "00-" + TRACE_ID.substring(1) + "-0" + SPAN_ID + "-01"),
				Arguments.of("no flags", "00-" + TRACE_ID + "-" + SPAN_ID),
				Arguments.of("one-digit flags", "00-" + TRACE_ID + "-" + SPAN_ID + "-1"),
				Arguments.of("non-hex in trace id", "00-0af7651916cd43dd8448eb211c80319g" + tail),
				Arguments.of("dot in trace id", "00-0af7651916cd43dd.448eb211c80319c" + tail),
				Arguments.of("non-hex in span id", "00-" + TRACE_ID + "-b7ad6b716920333z-01"),
				Arguments.of("non-hex flags", "00-" + TRACE_ID + "-" + SPAN_ID + "-0x"),
				Arguments.of("signed flags", "00-" + TRACE_ID + "-" + SPAN_ID + "-+1"),
				Arguments.of("future version without dash before suffix", "cc-" + TRACE_ID + tail + "what"),
				Arguments.of("future version too short", "cc-" + TRACE_ID + "-" + SPAN_ID + "-0"),
				Arguments.of("fullwidth digit in trace id", "00-\uff10af7651916cd43dd8448eb211c80319c" + tail),
				Arguments.of("Arabic-Indic digit in span id",
						"00-" + TRACE_ID + "-\u0661" + SPAN_ID.substring(1) + "-01"),
				Arguments.of("Cyrillic a in trace id", "00-0\u0430f7651916cd43dd8448eb211c80319c" + tail),
				Arguments.of("emoji in trace id", "00-0af7651916cd43dd8448eb211c8031\ud83d\ude00" + tail),
				Arguments.of("lone surrogate in span id", "00-" + TRACE_ID + "-b7ad6b716920333\ud800-01"),
				Arguments.of("NUL in flags", "00-" + TRACE_ID + "-" + SPAN_ID + "-0\u0000"),
				Arguments.of("combining mark after version", "00\u0301" + TRACE_ID + tail),
				Arguments.of("unicode version", "\u00e9\u00e9-" + TRACE_ID + tail),
				Arguments.of("very long", "00-" + "a".repeat(10_000)));
	}

}

package dev.telemetry.autoconfigure.propagation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.telemetry.autoconfigure.propagation.RawHttpClient.Header;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.TraceState;
import dev.telemetry.testing.SpanCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and adversarial {@code traceparent}, {@code tracestate} and {@code baggage}
 * values sent to a real server: bytes outside ASCII, control characters, values of many
 * kilobytes, thousands of members, many lines. Every request is answered (200, or 400
 * when Tomcat itself refuses a control character), traced, and relayed downstream with
 * headers within the W3C limits; nothing is logged as a failure.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@ExtendWith(OutputCaptureExtension.class)
class MalformedPropagationHeadersIntegrationTests {

	private static final long SEED = 20261202L;

	private static final int RANDOM_REQUESTS = 300;

	private static final Duration WAIT = Duration.ofSeconds(20);

	// The longest tracestate a participant may send: 32 members of a 256-character key
	// and a 256-character value.
	private static final int MAX_TRACESTATE_LENGTH = 32 * (256 + 1 + 256) + 31;

	private static final Logger sdkLogger = Logger.getLogger("dev.telemetry");

	private static final List<LogRecord> sdkFailures = new CopyOnWriteArrayList<>();

	private static final Handler failureRecorder = new Handler() {

		@Override
		public void publish(LogRecord record) {
			if (record.getThrown() != null || record.getLevel().intValue() >= Level.WARNING.intValue()) {
				sdkFailures.add(record);
			}
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	private static Level previousLevel;

	private static PropagationTestApplication.Running application;

	private static DownstreamRecorder downstream;

	private static SpanCollector spans;

	private static int port;

	@BeforeAll
	static void start() throws Exception {
		previousLevel = sdkLogger.getLevel();
		sdkLogger.setLevel(Level.ALL);
		sdkLogger.addHandler(failureRecorder);
		// Headers of up to 1 MB reach the application: the SDK, not Tomcat's default
		// 8 KB limit, is under test. The handler logs its own failures at debug. Tomcat
		// logs (at info, with a stack trace) the first request it refuses for a control
		// character: its own answer before the application runs, not a failure here.
		application = PropagationTestApplication.start("server.max-http-request-header-size=1MB",
				"logging.level.dev.telemetry=debug", "logging.level.org.apache.coyote.http11.Http11Processor=warn");
		downstream = application.downstream();
		spans = application.bean(SpanCollector.class);
		port = application.port();
	}

	@AfterAll
	static void stop() {
		if (application != null) {
			application.close();
		}
		sdkLogger.removeHandler(failureRecorder);
		sdkLogger.setLevel(previousLevel);
	}

	@BeforeEach
	void clear() {
		downstream.clear();
		spans.clear();
		sdkFailures.clear();
	}

	@Test
	void adversarialValuesAreAnsweredAndBounded(CapturedOutput output) throws Exception {
		for (List<Header> request : adversarial()) {
			send(request);
		}
		assertNothingLoggedAsAFailure(output);
	}

	@Test
	void randomValuesAreAnsweredAndBounded(CapturedOutput output) throws Exception {
		Random random = new Random(SEED);
		for (int i = 0; i < RANDOM_REQUESTS; i++) {
			List<Header> request = new ArrayList<>();
			for (String name : List.of("traceparent", "tracestate", "baggage")) {
				int lines = random.nextInt(4);
				for (int line = 0; line < lines; line++) {
					request.add(new Header(name, randomValue(random)));
				}
			}
			send(request);
		}
		assertNothingLoggedAsAFailure(output);
	}

	private static List<List<Header>> adversarial() {
		String valid = W3CTraceContextConformanceIntegrationTests.VALID;
		String eightKb = "x".repeat(8192);
		List<List<Header>> requests = new ArrayList<>();
		requests.add(List.of(new Header("traceparent", "00-" + eightKb)));
		requests.add(List.of(new Header("traceparent", valid), new Header("tracestate", "k=" + eightKb)));
		requests.add(List.of(new Header("traceparent", valid), new Header("tracestate", "k" + eightKb + "=v")));
		requests.add(List.of(new Header("traceparent", valid),
				new Header("tracestate", W3CTraceContextConformanceIntegrationTests.members(5000))));
		requests.add(List.of(new Header("traceparent", valid), new Header("tracestate", ",".repeat(20_000) + "a=1")));
		requests.add(List.of(new Header("traceparent", valid), new Header("tracestate", "=".repeat(20_000))));
		requests.add(List.of(new Header("baggage", "k=" + eightKb + eightKb)));
		requests.add(List.of(new Header("baggage", W3CTraceContextConformanceIntegrationTests.members(5000))));
		requests.add(List.of(new Header("baggage", "k=%".repeat(3000))));
		requests.add(List.of(new Header("baggage", "k=" + "%e2%82".repeat(2000))));
		requests.add(List.of(new Header("baggage", "k=v;" + ";".repeat(20_000))));
		requests.add(List.of(new Header("baggage", "k=v;p=" + "\u00e9".repeat(4000))));
		for (String odd : List.of("\u00e9", "\u00ff", "\ud83d\ude00", "\ufffd", "\u0000", "\u0001", "\u001b", "\u007f",
				"\u0085", "\u2028")) {
			requests.add(List.of(new Header("traceparent", valid.substring(0, 20) + odd + valid.substring(21))));
			requests.add(List.of(new Header("traceparent", valid), new Header("tracestate", "a" + odd + "=1,b=2")));
			requests.add(List.of(new Header("traceparent", valid), new Header("tracestate", "a=1" + odd + ",b=2")));
			requests.add(List.of(new Header("baggage", "a" + odd + "=1,b=2")));
			requests.add(List.of(new Header("baggage", "a=1" + odd + ",b=2")));
		}
		// Tomcat accepts at most 100 header lines.
		List<Header> manyLines = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			manyLines.add(new Header("traceparent", valid));
			manyLines.add(new Header("tracestate", "k" + i + "=v"));
			manyLines.add(new Header("baggage", "k" + i + "=" + "v".repeat(300)));
		}
		requests.add(manyLines);
		return requests;
	}

	// Characters weighted towards what the parsers look for, plus anything at all.
	private static String randomValue(Random random) {
		int length = switch (random.nextInt(10)) {
			case 0 -> 0;
			case 1 -> 2000 + random.nextInt(14_000);
			default -> random.nextInt(120);
		};
		String structural = "-=,;%@ \t*/_0123456789abcdefABCDEF";
		StringBuilder value = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			int kind = random.nextInt(20);
			char c;
			if (kind < 12) {
				c = structural.charAt(random.nextInt(structural.length()));
			}
			else if (kind < 16) {
				c = (char) (0x20 + random.nextInt(0x5F));
			}
			else if (kind < 18) {
				c = (char) (0x80 + random.nextInt(0x780));
			}
			else if (kind < 19) {
				c = (char) random.nextInt(0x20);
			}
			else {
				c = (char) random.nextInt(0xD800);
			}
			// CR and LF would end the line: framing, not a value, and not under test.
			value.append((c == '\r' || c == '\n') ? ' ' : c);
		}
		return value.toString();
	}

	private void send(List<Header> request) throws Exception {
		int status = RawHttpClient.get(port, "/relay", request);
		if (status == 400 && hasControlCharacter(request)) {
			// Tomcat refused the request line by RFC 9110 before the application ran.
			return;
		}
		assertThat(status).as("status for %s", request).isEqualTo(200);
		SpanData server = spans.await((span) -> span.getKind() == SpanKind.SERVER);
		TraceState received = server.getParentSpanContext().getTraceState();
		assertThat(received.size()).isLessThanOrEqualTo(TraceState.MAX_ENTRIES);
		Map<String, List<String>> sent = downstream.next(WAIT);
		assertThat(sent.get("traceparent")).as("traceparent lines sent for %s", request).hasSize(1);
		List<String> tracestate = sent.getOrDefault("tracestate", List.of());
		assertThat(tracestate).hasSizeLessThan(2);
		for (String value : tracestate) {
			assertThat(value.length()).isLessThanOrEqualTo(MAX_TRACESTATE_LENGTH);
			assertThat(TraceState.parse(value).toHeader()).as("a valid, canonical tracestate").isEqualTo(value);
		}
		List<String> baggage = sent.getOrDefault("baggage", List.of());
		assertThat(baggage).hasSizeLessThan(2);
		for (String value : baggage) {
			assertThat(value.length()).isLessThanOrEqualTo(8192);
			assertThat(value.split(",")).hasSizeLessThanOrEqualTo(180);
		}
		spans.clear();
	}

	private static boolean hasControlCharacter(List<Header> request) {
		for (Header header : request) {
			for (int i = 0; i < header.value().length(); i++) {
				char c = header.value().charAt(i);
				if ((c < 0x20 && c != '\t') || c == 0x7F) {
					return true;
				}
			}
		}
		return false;
	}

	private static void assertNothingLoggedAsAFailure(CapturedOutput output) {
		assertThat(sdkFailures).extracting(LogRecord::getMessage).isEmpty();
		assertThat(output.getAll()).doesNotContain("Could not trace")
			.doesNotContain("Exception")
			.doesNotContain(" ERROR ")
			.doesNotContain(" WARN ");
	}

}

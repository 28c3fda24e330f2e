package dev.telemetry.sample;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.google.protobuf.ByteString;
import dev.telemetry.testing.OtlpTestReceiver;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the OTLP spans a loopback receiver got, for the end-to-end tests.
 */
final class OtlpSpans {

	private OtlpSpans() {
	}

	/**
	 * Waits for a span that matches, failing the test after the deadline.
	 */
	static Span awaitSpan(OtlpTestReceiver receiver, Predicate<Span> match, Duration wait) {
		List<Span> spans = receiver.awaitSpans((all) -> all.stream().anyMatch(match), wait);
		Optional<Span> span = spans.stream().filter(match).findFirst();
		assertThat(span).isPresent();
		return span.get();
	}

	static List<Span> inTrace(List<Span> spans, ByteString traceId) {
		return spans.stream().filter((s) -> s.getTraceId().equals(traceId)).toList();
	}

	static Map<String, Object> attributes(Span span) {
		return attributes(span.getAttributesList());
	}

	static Map<String, Object> attributes(List<KeyValue> keyValues) {
		return keyValues.stream().collect(Collectors.toMap(KeyValue::getKey, (kv) -> value(kv.getValue())));
	}

	static String hex(ByteString bytes) {
		return HexFormat.of().formatHex(bytes.toByteArray());
	}

	private static Object value(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> value.getStringValue();
			case INT_VALUE -> value.getIntValue();
			case DOUBLE_VALUE -> value.getDoubleValue();
			case BOOL_VALUE -> value.getBoolValue();
			default -> value.toString();
		};
	}

}

package dev.telemetry.sample.peers;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * A span as OTLP JSON has it (the Collector's file exporter, Jaeger's {@code /api/v3}),
 * reduced to plain values so that two copies of it can be compared with {@code equals}.
 *
 * @param traceId the trace id, lower-case hex
 * @param spanId the span id, lower-case hex
 * @param parentSpanId the parent's span id, or empty for a root
 * @param traceState the W3C {@code tracestate}, or empty
 * @param name the span's name
 * @param kind the span kind's number ({@code 2} for SERVER, {@code 3} for CLIENT)
 * @param startNanos the start time, Unix epoch nanoseconds
 * @param endNanos the end time, Unix epoch nanoseconds
 * @param attributes the span's attributes
 * @param statusCode the status code's number ({@code 2} for ERROR)
 * @param events the names of the span's events
 * @param scope the instrumentation scope's name
 * @param resource the resource's attributes
 */
public record OtlpJsonSpan(String traceId, String spanId, String parentSpanId, String traceState, String name, int kind,
		long startNanos, long endNanos, Map<String, Object> attributes, int statusCode, List<String> events,
		String scope, Map<String, Object> resource) {

	/** {@code SPAN_KIND_SERVER}. */
	public static final int SERVER = 2;

	/** {@code SPAN_KIND_CLIENT}. */
	public static final int CLIENT = 3;

	/** {@code STATUS_CODE_ERROR}. */
	public static final int ERROR = 2;

	/**
	 * Reads the spans of an OTLP JSON document that has {@code resourceSpans}.
	 * @param traces the document (an export request, or Jaeger's {@code result})
	 * @return its spans, in document order
	 */
	public static List<OtlpJsonSpan> read(JsonNode traces) {
		List<OtlpJsonSpan> spans = new ArrayList<>();
		for (JsonNode resourceSpans : traces.path("resourceSpans")) {
			Map<String, Object> resource = attributes(resourceSpans.path("resource").path("attributes"));
			for (JsonNode scopeSpans : resourceSpans.path("scopeSpans")) {
				String scope = scopeSpans.path("scope").path("name").asString("");
				for (JsonNode span : scopeSpans.path("spans")) {
					List<String> events = new ArrayList<>();
					span.path("events").forEach((event) -> events.add(event.path("name").asString("")));
					spans.add(new OtlpJsonSpan(id(span.path("traceId")), id(span.path("spanId")),
							id(span.path("parentSpanId")), span.path("traceState").asString(""),
							span.path("name").asString(""), kind(span.path("kind")),
							span.path("startTimeUnixNano").asLong(0), span.path("endTimeUnixNano").asLong(0),
							attributes(span.path("attributes")), statusCode(span.path("status").path("code")),
							List.copyOf(events), scope, resource));
				}
			}
		}
		return spans;
	}

	/**
	 * Whether this span has no parent.
	 * @return {@code true} for the root of a trace
	 */
	public boolean isRoot() {
		return this.parentSpanId.isEmpty();
	}

	/**
	 * The span's duration.
	 * @return end minus start, in milliseconds
	 */
	public long durationMillis() {
		return (this.endNanos - this.startNanos) / 1_000_000;
	}

	/**
	 * This span without one attribute, as a processor that deletes it would leave it.
	 * @param key the attribute's key
	 * @return a copy without it
	 */
	public OtlpJsonSpan without(String key) {
		Map<String, Object> remaining = new LinkedHashMap<>(this.attributes);
		remaining.remove(key);
		return new OtlpJsonSpan(this.traceId, this.spanId, this.parentSpanId, this.traceState, this.name, this.kind,
				this.startNanos, this.endNanos, Map.copyOf(remaining), this.statusCode, this.events, this.scope,
				this.resource);
	}

	// OTLP JSON writes ids in hex; protobuf's JSON mapping would write base64.
	private static String id(JsonNode node) {
		String text = node.asString("");
		if (text.isEmpty() || text.matches("[0-9a-fA-F]+")) {
			return text.toLowerCase();
		}
		return HexFormat.of().formatHex(Base64.getDecoder().decode(text));
	}

	private static int kind(JsonNode node) {
		if (node.isNumber()) {
			return node.asInt();
		}
		return switch (node.asString("")) {
			case "SPAN_KIND_INTERNAL" -> 1;
			case "SPAN_KIND_SERVER" -> SERVER;
			case "SPAN_KIND_CLIENT" -> CLIENT;
			case "SPAN_KIND_PRODUCER" -> 4;
			case "SPAN_KIND_CONSUMER" -> 5;
			default -> 0;
		};
	}

	private static int statusCode(JsonNode node) {
		if (node.isNumber()) {
			return node.asInt();
		}
		return switch (node.asString("")) {
			case "STATUS_CODE_OK" -> 1;
			case "STATUS_CODE_ERROR" -> ERROR;
			default -> 0;
		};
	}

	private static Map<String, Object> attributes(JsonNode keyValues) {
		Map<String, Object> attributes = new LinkedHashMap<>();
		for (JsonNode keyValue : keyValues) {
			attributes.put(keyValue.path("key").asString(), value(keyValue.path("value")));
		}
		return Map.copyOf(attributes);
	}

	private static Object value(JsonNode value) {
		if (value.has("stringValue")) {
			return value.get("stringValue").asString();
		}
		if (value.has("intValue")) {
			// OTLP JSON writes 64-bit integers as strings
			return value.get("intValue").asLong();
		}
		if (value.has("doubleValue")) {
			return value.get("doubleValue").asDouble();
		}
		if (value.has("boolValue")) {
			return value.get("boolValue").asBoolean();
		}
		if (value.has("arrayValue")) {
			List<Object> values = new ArrayList<>();
			value.get("arrayValue").path("values").forEach((element) -> values.add(value(element)));
			return List.copyOf(values);
		}
		return value.toString();
	}

}

package dev.telemetry.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.span.EventData;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.StatusCode;
import dev.telemetry.sdk.trace.span.StatusData;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.SpanFlags;
import io.opentelemetry.proto.trace.v1.Status;
import org.jspecify.annotations.Nullable;

/**
 * Builds the OTLP {@code ExportTraceServiceRequest} of a batch with protobuf's generated
 * builders: the reference the encoding tests compare the SDK's direct encoder with, and
 * the {@code ours-messages} contender of the encoding benchmark. Spans are grouped by
 * resource and then by instrumentation scope, both in order of first appearance, as the
 * SDK's encoder groups them. It allocates a few times the encoded size of each span.
 * <p>
 * Written apart from the SDK's encoder (its own mapping of kinds and status codes, by
 * name), so that a mistake in one shows up as a difference. Links, dropped link counts
 * and dropped event attribute counts are not built: tests of those decode the SDK's bytes
 * instead.
 */
public final class TraceRequestMessages {

	private static final int HAS_IS_REMOTE = SpanFlags.SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK_VALUE;

	private static final int IS_REMOTE = SpanFlags.SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK_VALUE;

	private final List<ResourceGroup> groups = new ArrayList<>(2);

	// One SDK hands out a single Resource instance, while Resource.equals copies both
	// attribute sets into maps; so equals is only consulted the first time an
	// instance is seen, and the answer is remembered per instance.
	private final Map<Resource, ResourceGroup> groupByInstance = new IdentityHashMap<>(4);

	// Spans of a batch often share a trace; reusing the id bytes saves
	// an allocation each.
	private long lastTraceIdHigh;

	private long lastTraceIdLow;

	private @Nullable ByteString lastTraceId;

	private TraceRequestMessages() {
	}

	/**
	 * Encodes a batch as a protobuf message, with the generated builders.
	 * @param spans the spans, in the order they should appear within their scope
	 * @return the request
	 * @throws NullPointerException for malformed input, such as a {@code null} name
	 */
	public static ExportTraceServiceRequest encode(Collection<? extends SpanData> spans) {
		return new TraceRequestMessages().encodeAll(spans);
	}

	/**
	 * Returns the OTLP value of an attribute value, including values outside the
	 * attributes contract (other numbers become integers or doubles, anything else its
	 * string).
	 * @param value the value
	 * @return the OTLP value
	 */
	private static AnyValue anyValue(@Nullable Object value) {
		AnyValue.Builder any = AnyValue.newBuilder();
		if (value instanceof String string) {
			any.setStringValue(string);
		}
		else if (value instanceof Long number) {
			any.setIntValue(number);
		}
		else if (value instanceof Double number) {
			any.setDoubleValue(number);
		}
		else if (value instanceof Boolean bool) {
			any.setBoolValue(bool);
		}
		else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			any.setIntValue(((Number) value).longValue());
		}
		else if (value instanceof Float number) {
			any.setDoubleValue(number);
		}
		else {
			any.setStringValue(String.valueOf(value));
		}
		return any.build();
	}

	private ExportTraceServiceRequest encodeAll(Collection<? extends SpanData> spans) {
		for (SpanData span : spans) {
			groupFor(span.getResource()).scope(span.getInstrumentationScope()).addSpans(encodeSpan(span));
		}
		ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
		for (ResourceGroup group : this.groups) {
			request.addResourceSpans(group.build());
		}
		return request.build();
	}

	private ResourceGroup groupFor(Resource resource) {
		ResourceGroup group = this.groupByInstance.get(resource);
		if (group != null) {
			return group;
		}
		for (ResourceGroup candidate : this.groups) {
			if (candidate.resource.equals(resource)) {
				group = candidate;
				break;
			}
		}
		if (group == null) {
			group = new ResourceGroup(resource);
			this.groups.add(group);
		}
		this.groupByInstance.put(resource, group);
		return group;
	}

	private Span encodeSpan(SpanData data) {
		SpanContext context = data.getSpanContext();
		SpanContext parent = data.getParentSpanContext();
		Span.Builder span = Span.newBuilder()
			.setTraceId(traceId(context.getTraceIdHigh(), context.getTraceIdLow()))
			.setSpanId(spanId(context.getSpanIdLong()))
			.setFlags(flags(context.getTraceFlags(), parent.isRemote()))
			.setName(data.getName())
			.setKind(kind(data.getKind()))
			.setStartTimeUnixNano(data.getStartEpochNanos())
			.setEndTimeUnixNano(data.getEndEpochNanos())
			.setDroppedAttributesCount(data.getDroppedAttributesCount())
			.setDroppedEventsCount(data.getDroppedEventsCount());
		if (!context.getTraceState().isEmpty()) {
			span.setTraceState(context.getTraceState().toHeader());
		}
		if (parent.isValid()) {
			span.setParentSpanId(spanId(parent.getSpanIdLong()));
		}
		addAttributes(data.getAttributes(), span::addAttributes);
		for (EventData event : data.getEvents()) {
			Span.Event.Builder encoded = Span.Event.newBuilder()
				.setTimeUnixNano(event.epochNanos())
				.setName(event.name());
			addAttributes(event.attributes(), encoded::addAttributes);
			span.addEvents(encoded);
		}
		StatusData status = data.getStatus();
		// An unset status with no message is the protobuf default, which the SDK leaves
		// out.
		if (status.code() != StatusCode.UNSET || !status.description().isEmpty()) {
			span.setStatus(Status.newBuilder().setCode(statusCode(status.code())).setMessage(status.description()));
		}
		return span.build();
	}

	private static int flags(byte traceFlags, boolean parentRemote) {
		return (traceFlags & 0xFF) | HAS_IS_REMOTE | (parentRemote ? IS_REMOTE : 0);
	}

	// By name, unlike the SDK's encoder (a switch), so that a slip in either shows.
	private static Span.SpanKind kind(SpanKind kind) {
		return Span.SpanKind.valueOf("SPAN_KIND_" + kind.name());
	}

	private static Status.StatusCode statusCode(StatusCode code) {
		return Status.StatusCode.valueOf("STATUS_CODE_" + code.name());
	}

	private ByteString traceId(long high, long low) {
		ByteString last = this.lastTraceId;
		if (last != null && high == this.lastTraceIdHigh && low == this.lastTraceIdLow) {
			return last;
		}
		byte[] bytes = new byte[16];
		putLong(bytes, 0, high);
		putLong(bytes, 8, low);
		// The array never escapes, so wrapping it without a defensive copy is safe.
		ByteString id = UnsafeByteOperations.unsafeWrap(bytes);
		this.lastTraceIdHigh = high;
		this.lastTraceIdLow = low;
		this.lastTraceId = id;
		return id;
	}

	private static ByteString spanId(long id) {
		byte[] bytes = new byte[8];
		putLong(bytes, 0, id);
		return UnsafeByteOperations.unsafeWrap(bytes);
	}

	private static void putLong(byte[] target, int offset, long value) {
		for (int i = 7; i >= 0; i--) {
			target[offset + i] = (byte) value;
			value >>>= 8;
		}
	}

	private static void addAttributes(Attributes attributes, AttributeSink sink) {
		for (int i = 0, n = attributes.size(); i < n; i++) {
			sink.add(keyValue(attributes.key(i), attributes.value(i)));
		}
	}

	private static KeyValue keyValue(String key, @Nullable Object value) {
		return KeyValue.newBuilder().setKey(key).setValue(anyValue(value)).build();
	}

	private static ScopeSpans.Builder newScopeSpans(InstrumentationScope scope) {
		io.opentelemetry.proto.common.v1.InstrumentationScope.Builder encoded = io.opentelemetry.proto.common.v1.InstrumentationScope
			.newBuilder()
			.setName(scope.name());
		if (scope.version() != null) {
			encoded.setVersion(scope.version());
		}
		addAttributes(scope.attributes(), encoded::addAttributes);
		ScopeSpans.Builder scopeSpans = ScopeSpans.newBuilder().setScope(encoded);
		if (scope.schemaUrl() != null) {
			scopeSpans.setSchemaUrl(scope.schemaUrl());
		}
		return scopeSpans;
	}

	@FunctionalInterface
	private interface AttributeSink {

		void add(KeyValue keyValue);

	}

	private static final class ResourceGroup {

		private final Resource resource;

		private final Map<InstrumentationScope, ScopeSpans.Builder> scopes = new LinkedHashMap<>(4);

		// Spans usually arrive in runs from the same scope; skips the
		// map lookup then.
		private @Nullable InstrumentationScope lastScope;

		private ScopeSpans.@Nullable Builder lastBuilder;

		ResourceGroup(Resource resource) {
			this.resource = resource;
		}

		ScopeSpans.Builder scope(InstrumentationScope scope) {
			ScopeSpans.Builder builder = this.lastBuilder;
			if (builder != null && scope.equals(this.lastScope)) {
				return builder;
			}
			builder = this.scopes.computeIfAbsent(scope, TraceRequestMessages::newScopeSpans);
			this.lastScope = scope;
			this.lastBuilder = builder;
			return builder;
		}

		ResourceSpans build() {
			io.opentelemetry.proto.resource.v1.Resource.Builder encoded = io.opentelemetry.proto.resource.v1.Resource
				.newBuilder();
			this.resource.getAttributes().forEach((key, value) -> encoded.addAttributes(keyValue(key, value)));
			ResourceSpans.Builder resourceSpans = ResourceSpans.newBuilder().setResource(encoded);
			for (ScopeSpans.Builder scope : this.scopes.values()) {
				resourceSpans.addScopeSpans(scope);
			}
			return resourceSpans.build();
		}

	}

}

package dev.telemetry.sdk.export.otlp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
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
 * Turns a batch of {@link SpanData} into one OTLP {@code ExportTraceServiceRequest},
 * grouped by resource and then by instrumentation scope, both in order of first
 * appearance.
 * <p>
 * Two ways, with the same result:
 * <ul>
 * <li>{@link #write(Collection)} (and {@link #writeTo}, {@link #toByteArray}) encodes the
 * bytes of the request straight from the spans, as every {@link RequestEncoder} does:
 * without protobuf messages, into a buffer this encoder keeps and reuses. This is the
 * fast way.</li>
 * <li>{@link #encode(Collection)} builds the {@link ExportTraceServiceRequest} message
 * with protobuf's generated builders, for a transport that needs a message object. It
 * allocates a few times the encoded size of each span.</li>
 * </ul>
 * Both throw for malformed input (for example a {@code null} name); the exporter turns
 * that into a failed result. Not thread-safe.
 */
final class TraceRequestEncoder extends RequestEncoder<SpanData> {

	private static final int HAS_IS_REMOTE = SpanFlags.SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK_VALUE;

	private static final int IS_REMOTE = SpanFlags.SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK_VALUE;

	/**
	 * Creates an encoder for {@link #write}; its buffers grow to the largest batch and
	 * are reused.
	 */
	TraceRequestEncoder() {
	}

	/**
	 * Encodes a batch as a protobuf message, with the generated builders.
	 * @param spans the spans, in the order they should appear within their scope
	 * @return the request
	 */
	static ExportTraceServiceRequest encode(Collection<? extends SpanData> spans) {
		return new MessageEncoder().encodeAll(spans);
	}

	@Override
	Resource resourceOf(SpanData span) {
		return span.getResource();
	}

	@Override
	InstrumentationScope scopeOf(SpanData span) {
		return span.getInstrumentationScope();
	}

	// ---- Size pass ----

	@Override
	int sizeItem(SpanData span) {
		int slot = reserve();
		SpanContext context = span.getSpanContext();
		SpanContext parent = span.getParentSpanContext();
		int size = 2 + 16 + 2 + 8;
		String traceState = context.getTraceState().isEmpty() ? null : context.getTraceState().toHeader();
		if (traceState != null) {
			size += sizeString(Span.TRACE_STATE_FIELD_NUMBER, traceState);
		}
		if (parent.isValid()) {
			size += 2 + 8;
		}
		size += sizeString(Span.NAME_FIELD_NUMBER, span.getName());
		int kind = kind(span.getKind()).getNumber();
		if (kind != 0) {
			size += CodedOutputStream.computeEnumSize(Span.KIND_FIELD_NUMBER, kind);
		}
		size += sizeFixed64(Span.START_TIME_UNIX_NANO_FIELD_NUMBER, span.getStartEpochNanos());
		size += sizeFixed64(Span.END_TIME_UNIX_NANO_FIELD_NUMBER, span.getEndEpochNanos());
		size += sizeAttributes(Span.ATTRIBUTES_FIELD_NUMBER, span.getAttributes());
		size += sizeUInt32(Span.DROPPED_ATTRIBUTES_COUNT_FIELD_NUMBER, span.getDroppedAttributesCount());
		List<EventData> events = span.getEvents();
		for (int e = 0, n = events.size(); e < n; e++) {
			size += lengthDelimited(Span.EVENTS_FIELD_NUMBER, sizeEvent(events.get(e)));
		}
		size += sizeUInt32(Span.DROPPED_EVENTS_COUNT_FIELD_NUMBER, span.getDroppedEventsCount());
		StatusData status = span.getStatus();
		if (hasStatus(status)) {
			size += lengthDelimited(Span.STATUS_FIELD_NUMBER, sizeStatus(status));
		}
		// flags: field 16 takes a two-byte tag
		size += 2 + 4;
		return record(slot, size);
	}

	private int sizeEvent(EventData event) {
		int slot = reserve();
		int size = sizeFixed64(Span.Event.TIME_UNIX_NANO_FIELD_NUMBER, event.epochNanos())
				+ sizeString(Span.Event.NAME_FIELD_NUMBER, event.name())
				+ sizeAttributes(Span.Event.ATTRIBUTES_FIELD_NUMBER, event.attributes());
		return record(slot, size);
	}

	private int sizeStatus(StatusData status) {
		int slot = reserve();
		int size = sizeString(Status.MESSAGE_FIELD_NUMBER, status.description());
		int code = statusCode(status.code()).getNumber();
		if (code != 0) {
			size += CodedOutputStream.computeEnumSize(Status.CODE_FIELD_NUMBER, code);
		}
		return record(slot, size);
	}

	// ---- Write pass: the same walk, taking the sizes in the same order ----

	@Override
	void writeItem(SpanData span) {
		SpanContext context = span.getSpanContext();
		SpanContext parent = span.getParentSpanContext();
		writeTag(Span.TRACE_ID_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
		writeVarint(16);
		writeBigEndian(context.getTraceIdHigh());
		writeBigEndian(context.getTraceIdLow());
		writeTag(Span.SPAN_ID_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
		writeVarint(8);
		writeBigEndian(context.getSpanIdLong());
		if (!context.getTraceState().isEmpty()) {
			writeString(Span.TRACE_STATE_FIELD_NUMBER, context.getTraceState().toHeader());
		}
		if (parent.isValid()) {
			writeTag(Span.PARENT_SPAN_ID_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
			writeVarint(8);
			writeBigEndian(parent.getSpanIdLong());
		}
		writeString(Span.NAME_FIELD_NUMBER, span.getName());
		int kind = kind(span.getKind()).getNumber();
		if (kind != 0) {
			writeTag(Span.KIND_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
			writeVarint(kind);
		}
		writeFixed64(Span.START_TIME_UNIX_NANO_FIELD_NUMBER, span.getStartEpochNanos());
		writeFixed64(Span.END_TIME_UNIX_NANO_FIELD_NUMBER, span.getEndEpochNanos());
		writeAttributes(Span.ATTRIBUTES_FIELD_NUMBER, span.getAttributes());
		writeUInt32(Span.DROPPED_ATTRIBUTES_COUNT_FIELD_NUMBER, span.getDroppedAttributesCount());
		List<EventData> events = span.getEvents();
		for (int e = 0, n = events.size(); e < n; e++) {
			EventData event = events.get(e);
			startMessage(Span.EVENTS_FIELD_NUMBER);
			writeFixed64(Span.Event.TIME_UNIX_NANO_FIELD_NUMBER, event.epochNanos());
			writeString(Span.Event.NAME_FIELD_NUMBER, event.name());
			writeAttributes(Span.Event.ATTRIBUTES_FIELD_NUMBER, event.attributes());
		}
		writeUInt32(Span.DROPPED_EVENTS_COUNT_FIELD_NUMBER, span.getDroppedEventsCount());
		StatusData status = span.getStatus();
		if (hasStatus(status)) {
			startMessage(Span.STATUS_FIELD_NUMBER);
			writeString(Status.MESSAGE_FIELD_NUMBER, status.description());
			int code = statusCode(status.code()).getNumber();
			if (code != 0) {
				writeTag(Status.CODE_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
				writeVarint(code);
			}
		}
		// Never zero: the has-is-remote bit is always set.
		writeTag(Span.FLAGS_FIELD_NUMBER, WireFormat.WIRETYPE_FIXED32);
		int flags = flags(context.getTraceFlags(), parent.isRemote());
		writeLittleEndian32(flags);
	}

	private static boolean hasStatus(StatusData status) {
		// An unset status with no message is the protobuf default; sending nothing keeps
		// the message smaller.
		return status.code() != StatusCode.UNSET || !status.description().isEmpty();
	}

	/**
	 * Returns the OTLP span flags: the W3C trace flags in the low byte, plus the bits
	 * that say whether the parent was remote. The "has is-remote" bit is always set
	 * because this SDK always knows the answer, including "no" for root spans.
	 * @param traceFlags the W3C trace flags
	 * @param parentRemote whether the parent context came from another process
	 * @return the flags
	 */
	static int flags(byte traceFlags, boolean parentRemote) {
		return (traceFlags & 0xFF) | HAS_IS_REMOTE | (parentRemote ? IS_REMOTE : 0);
	}

	static Span.SpanKind kind(SpanKind kind) {
		return switch (kind) {
			case INTERNAL -> Span.SpanKind.SPAN_KIND_INTERNAL;
			case SERVER -> Span.SpanKind.SPAN_KIND_SERVER;
			case CLIENT -> Span.SpanKind.SPAN_KIND_CLIENT;
			case PRODUCER -> Span.SpanKind.SPAN_KIND_PRODUCER;
			case CONSUMER -> Span.SpanKind.SPAN_KIND_CONSUMER;
		};
	}

	private static Status.StatusCode statusCode(StatusCode code) {
		return switch (code) {
			case UNSET -> Status.StatusCode.STATUS_CODE_UNSET;
			case OK -> Status.StatusCode.STATUS_CODE_OK;
			case ERROR -> Status.StatusCode.STATUS_CODE_ERROR;
		};
	}

	static AnyValue anyValue(@Nullable Object value) {
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

	/**
	 * The message path: one protobuf builder per message. One instance per batch.
	 */
	private static final class MessageEncoder {

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

		ExportTraceServiceRequest encodeAll(Collection<? extends SpanData> spans) {
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
			if (hasStatus(status)) {
				span.setStatus(Status.newBuilder()
					.setCode(statusCode(status.code()))
					.setMessage(status.description())
					.build());
			}
			return span.build();
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
				builder = this.scopes.computeIfAbsent(scope, MessageEncoder::newScopeSpans);
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

}
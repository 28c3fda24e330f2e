package dev.telemetry.sdk.export.otlp;

import java.util.Collection;
import java.util.List;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.span.EventData;
import dev.telemetry.sdk.trace.span.LinkData;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.StatusCode;
import dev.telemetry.sdk.trace.span.StatusData;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.SpanFlags;
import io.opentelemetry.proto.trace.v1.Status;

/**
 * Turns a batch of {@link SpanData} into the bytes of one OTLP
 * {@code ExportTraceServiceRequest}, grouped by resource and then by instrumentation
 * scope, both in order of first appearance. {@link #write(Collection)} (and
 * {@link #toByteArray}) encodes the bytes straight from the spans, as every
 * {@link RequestEncoder} does: without protobuf messages, into a buffer this encoder
 * keeps and reuses. Throws for malformed input (for example a {@code null} name); the
 * exporter turns that into a failed result. Not thread-safe.
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
		size += sizeRecurringString(Span.NAME_FIELD_NUMBER, span.getName());
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
		List<LinkData> links = span.getLinks();
		for (int l = 0, n = links.size(); l < n; l++) {
			size += lengthDelimited(Span.LINKS_FIELD_NUMBER, sizeLink(links.get(l)));
		}
		size += sizeUInt32(Span.DROPPED_LINKS_COUNT_FIELD_NUMBER, span.getDroppedLinksCount());
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
				+ sizeRecurringString(Span.Event.NAME_FIELD_NUMBER, event.name())
				+ sizeAttributes(Span.Event.ATTRIBUTES_FIELD_NUMBER, event.attributes())
				+ sizeUInt32(Span.Event.DROPPED_ATTRIBUTES_COUNT_FIELD_NUMBER, event.droppedAttributesCount());
		return record(slot, size);
	}

	private int sizeLink(LinkData link) {
		int slot = reserve();
		SpanContext context = link.spanContext();
		// trace id, span id, flags
		int size = 2 + 16 + 2 + 8 + 1 + 4;
		if (!context.getTraceState().isEmpty()) {
			size += sizeString(Span.Link.TRACE_STATE_FIELD_NUMBER, context.getTraceState().toHeader());
		}
		size += sizeAttributes(Span.Link.ATTRIBUTES_FIELD_NUMBER, link.attributes());
		size += sizeUInt32(Span.Link.DROPPED_ATTRIBUTES_COUNT_FIELD_NUMBER, link.droppedAttributesCount());
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
			writeUInt32(Span.Event.DROPPED_ATTRIBUTES_COUNT_FIELD_NUMBER, event.droppedAttributesCount());
		}
		writeUInt32(Span.DROPPED_EVENTS_COUNT_FIELD_NUMBER, span.getDroppedEventsCount());
		List<LinkData> links = span.getLinks();
		for (int l = 0, n = links.size(); l < n; l++) {
			writeLink(links.get(l));
		}
		writeUInt32(Span.DROPPED_LINKS_COUNT_FIELD_NUMBER, span.getDroppedLinksCount());
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

	private void writeLink(LinkData link) {
		SpanContext context = link.spanContext();
		startMessage(Span.LINKS_FIELD_NUMBER);
		writeTag(Span.Link.TRACE_ID_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
		writeVarint(16);
		writeBigEndian(context.getTraceIdHigh());
		writeBigEndian(context.getTraceIdLow());
		writeTag(Span.Link.SPAN_ID_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
		writeVarint(8);
		writeBigEndian(context.getSpanIdLong());
		if (!context.getTraceState().isEmpty()) {
			writeString(Span.Link.TRACE_STATE_FIELD_NUMBER, context.getTraceState().toHeader());
		}
		writeAttributes(Span.Link.ATTRIBUTES_FIELD_NUMBER, link.attributes());
		writeUInt32(Span.Link.DROPPED_ATTRIBUTES_COUNT_FIELD_NUMBER, link.droppedAttributesCount());
		writeTag(Span.Link.FLAGS_FIELD_NUMBER, WireFormat.WIRETYPE_FIXED32);
		writeLittleEndian32(flags(context.getTraceFlags(), context.isRemote()));
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

}

package dev.telemetry.sdk.export.otlp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
import dev.telemetry.sdk.trace.span.LinkData;
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
 * bytes of the request straight from the spans into a buffer that this encoder keeps and
 * reuses, without building protobuf messages: a first pass computes the size of every
 * nested message, a second writes the fields. An instance belongs to one exporter and is
 * used by one thread at a time; it then allocates next to nothing per batch. This is the
 * fast way.</li>
 * <li>{@link #encode(Collection)} builds the {@link ExportTraceServiceRequest} message
 * with protobuf's generated builders, for a transport that needs a message object. It
 * allocates a few times the encoded size of each span.</li>
 * </ul>
 * Both throw for malformed input (for example a {@code null} name); the exporter turns
 * that into a failed result. Not thread-safe.
 */
final class TraceRequestEncoder {

	private static final int HAS_IS_REMOTE = SpanFlags.SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK_VALUE;

	private static final int IS_REMOTE = SpanFlags.SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK_VALUE;

	private static final int MAX_RETAINED_BUFFER = 4 * 1024 * 1024;

	// Reused between batches: spans reordered by group, and the group of each.
	private SpanData[] ordered = new SpanData[0];

	private int[] groupOfSpan = new int[0];

	private final List<Resource> resources = new ArrayList<>(2);

	// Per group: its resource (index into resources) and scope, and where its spans
	// start in ordered.
	private int[] groupResource = new int[4];

	private final List<InstrumentationScope> groupScopes = new ArrayList<>(4);

	private int[] groupStart = new int[5];

	// The size of every length-delimited message, in the order the write
	// pass meets them.
	private int[] sizes = new int[1024];

	private int sizeCount;

	private int sizeIndex;

	// Every non-empty string's scan, in write order: its length if it is ASCII, else the
	// complement of its UTF-8 length. Each string is scanned once.
	private int[] stringLengths = new int[1024];

	private int stringCount;

	private int stringIndex;

	private byte[] buffer = new byte[0];

	private int position;

	/**
	 * Creates an encoder for {@link #write}; its buffers grow to the largest batch and
	 * are reused.
	 */
	TraceRequestEncoder() {
	}

	/**
	 * Encodes a batch as the bytes of one request into this encoder's buffer, which stays
	 * valid until the next call.
	 * @param spans the spans, in the order they should appear within their scope
	 * @return the number of bytes at the start of {@link #buffer()}
	 */
	int write(Collection<? extends SpanData> spans) {
		try {
			return writeGrouped(group(spans));
		}
		finally {
			// Keeps no span reachable, and starts the next batch afresh even
			// after a failure.
			Arrays.fill(this.ordered, null);
			this.resources.clear();
			this.groupScopes.clear();
		}
	}

	private int writeGrouped(int groups) {
		this.sizeCount = 0;
		this.stringCount = 0;
		int total = 0;
		for (int r = 0, g = 0; g < groups; r++) {
			int end = g;
			while (end < groups && this.groupResource[end] == r) {
				end++;
			}
			total += lengthDelimited(ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER,
					sizeResourceSpans(r, g, end));
			g = end;
		}
		byte[] target = this.buffer;
		if (target.length < total || (target.length > MAX_RETAINED_BUFFER && total <= MAX_RETAINED_BUFFER)) {
			// Grows with the batches, but an unusually large one is not kept for ever.
			target = new byte[total];
			this.buffer = target;
		}
		this.position = 0;
		this.sizeIndex = 0;
		this.stringIndex = 0;
		for (int r = 0, g = 0; g < groups; r++) {
			int end = g;
			while (end < groups && this.groupResource[end] == r) {
				end++;
			}
			writeResourceSpans(r, g, end);
			g = end;
		}
		if (this.position != total) {
			// Only if the two passes disagree: a bug, or a span that changed meanwhile.
			throw new IllegalStateException("Encoded " + this.position + " bytes, expected " + total);
		}
		return total;
	}

	/**
	 * Returns the buffer the last {@link #write} filled.
	 * @return the buffer, possibly longer than the request
	 */
	byte[] buffer() {
		return this.buffer;
	}

	/**
	 * Encodes a batch and writes the request's bytes to a stream.
	 * @param spans the spans
	 * @param out where the bytes go
	 * @throws IOException if the stream fails
	 */
	void writeTo(Collection<? extends SpanData> spans, OutputStream out) throws IOException {
		int length = write(spans);
		out.write(this.buffer, 0, length);
	}

	/**
	 * Encodes a batch into a new array of exactly the request's bytes, which the caller
	 * may keep, for an asynchronous send for example.
	 * @param spans the spans
	 * @return the request's bytes
	 */
	byte[] toByteArray(Collection<? extends SpanData> spans) {
		int length = write(spans);
		return Arrays.copyOf(this.buffer, length);
	}

	/**
	 * Encodes a batch as a protobuf message, with the generated builders.
	 * @param spans the spans, in the order they should appear within their scope
	 * @return the request
	 */
	static ExportTraceServiceRequest encode(Collection<? extends SpanData> spans) {
		return new MessageEncoder().encodeAll(spans);
	}

	// ---- Grouping ----

	/**
	 * Orders the spans by group (resource, then scope, in order of first appearance) into
	 * {@code ordered}, keeping their order within a group.
	 * @return the number of groups
	 */
	private int group(Collection<? extends SpanData> spans) {
		int count = spans.size();
		if (this.ordered.length < count) {
			this.ordered = new SpanData[count];
			this.groupOfSpan = new int[count];
		}
		int groups = 0;
		Resource lastResource = null;
		int lastResourceIndex = -1;
		InstrumentationScope lastScope = null;
		int lastGroup = -1;
		int i = 0;
		for (SpanData span : spans) {
			Resource resource = span.getResource();
			InstrumentationScope scope = span.getInstrumentationScope();
			int group;
			// Spans of a batch nearly always share the resource instance and come in runs
			// of one scope: check the previous span's group first.
			if (resource == lastResource && scope.equals(lastScope)) {
				group = lastGroup;
			}
			else {
				int resourceIndex = (resource == lastResource) ? lastResourceIndex : resourceIndex(resource);
				group = -1;
				for (int g = 0; g < groups; g++) {
					if (this.groupResource[g] == resourceIndex && this.groupScopes.get(g).equals(scope)) {
						group = g;
						break;
					}
				}
				if (group < 0) {
					group = groups++;
					if (groups >= this.groupResource.length) {
						this.groupResource = Arrays.copyOf(this.groupResource, groups * 2);
						this.groupStart = Arrays.copyOf(this.groupStart, groups * 2 + 1);
					}
					this.groupResource[group] = resourceIndex;
					this.groupScopes.add(scope);
				}
				lastResource = resource;
				lastResourceIndex = resourceIndex;
				lastScope = scope;
				lastGroup = group;
			}
			this.groupOfSpan[i++] = group;
		}
		if (groups == 1) {
			i = 0;
			for (SpanData span : spans) {
				this.ordered[i++] = span;
			}
			this.groupStart[0] = 0;
			this.groupStart[1] = count;
			return 1;
		}
		// Groups of the same resource must be adjacent: renumber them resource by
		// resource, then place the spans with a counting sort.
		int[] renumbered = new int[groups];
		int next = 0;
		for (int r = 0; r < this.resources.size(); r++) {
			for (int g = 0; g < groups; g++) {
				if (this.groupResource[g] == r) {
					renumbered[g] = next++;
				}
			}
		}
		int[] resourceOf = new int[groups];
		List<InstrumentationScope> scopes = new ArrayList<>(this.groupScopes);
		for (int g = 0; g < groups; g++) {
			resourceOf[renumbered[g]] = this.groupResource[g];
			this.groupScopes.set(renumbered[g], scopes.get(g));
		}
		System.arraycopy(resourceOf, 0, this.groupResource, 0, groups);
		Arrays.fill(this.groupStart, 0, groups + 1, 0);
		for (int s = 0; s < count; s++) {
			this.groupOfSpan[s] = renumbered[this.groupOfSpan[s]];
			this.groupStart[this.groupOfSpan[s] + 1]++;
		}
		for (int g = 0; g < groups; g++) {
			this.groupStart[g + 1] += this.groupStart[g];
		}
		int[] fill = Arrays.copyOf(this.groupStart, groups);
		i = 0;
		for (SpanData span : spans) {
			this.ordered[fill[this.groupOfSpan[i++]]++] = span;
		}
		return groups;
	}

	private int resourceIndex(Resource resource) {
		// Identity first: one SDK hands out one Resource instance, and
		// equals compares maps.
		for (int r = 0; r < this.resources.size(); r++) {
			if (this.resources.get(r) == resource) {
				return r;
			}
		}
		for (int r = 0; r < this.resources.size(); r++) {
			if (this.resources.get(r).equals(resource)) {
				return r;
			}
		}
		this.resources.add(resource);
		return this.resources.size() - 1;
	}

	// ---- Size pass: records the size of each length-delimited message, in write order

	private int reserve() {
		if (this.sizeCount == this.sizes.length) {
			this.sizes = Arrays.copyOf(this.sizes, this.sizes.length * 2);
		}
		return this.sizeCount++;
	}

	private int record(int slot, int size) {
		this.sizes[slot] = size;
		return size;
	}

	private int sizeResourceSpans(int resource, int fromGroup, int toGroup) {
		int slot = reserve();
		int size = lengthDelimited(ResourceSpans.RESOURCE_FIELD_NUMBER,
				sizeResource(this.resources.get(resource).getAttributes()));
		for (int g = fromGroup; g < toGroup; g++) {
			size += lengthDelimited(ResourceSpans.SCOPE_SPANS_FIELD_NUMBER, sizeScopeSpans(g));
		}
		return record(slot, size);
	}

	private int sizeResource(Attributes attributes) {
		int slot = reserve();
		return record(slot,
				sizeAttributes(io.opentelemetry.proto.resource.v1.Resource.ATTRIBUTES_FIELD_NUMBER, attributes));
	}

	private int sizeScopeSpans(int group) {
		int slot = reserve();
		int size = lengthDelimited(ScopeSpans.SCOPE_FIELD_NUMBER, sizeScope(this.groupScopes.get(group)));
		for (int s = this.groupStart[group], end = this.groupStart[group + 1]; s < end; s++) {
			size += lengthDelimited(ScopeSpans.SPANS_FIELD_NUMBER, sizeSpan(this.ordered[s]));
		}
		return record(slot, size);
	}

	private int sizeScope(InstrumentationScope scope) {
		int slot = reserve();
		int size = sizeString(io.opentelemetry.proto.common.v1.InstrumentationScope.NAME_FIELD_NUMBER, scope.name());
		if (scope.version() != null) {
			size += sizeString(io.opentelemetry.proto.common.v1.InstrumentationScope.VERSION_FIELD_NUMBER,
					scope.version());
		}
		return record(slot, size);
	}

	private int sizeSpan(SpanData span) {
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
				+ sizeString(Span.Event.NAME_FIELD_NUMBER, event.name())
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

	private int sizeAttributes(int field, Attributes attributes) {
		int size = 0;
		for (int i = 0, n = attributes.size(); i < n; i++) {
			size += lengthDelimited(field, sizeKeyValue(attributes.key(i), attributes.value(i)));
		}
		return size;
	}

	private int sizeKeyValue(String key, @Nullable Object value) {
		int slot = reserve();
		int size = sizeString(KeyValue.KEY_FIELD_NUMBER, key);
		size += lengthDelimited(KeyValue.VALUE_FIELD_NUMBER, sizeAnyValue(value));
		return record(slot, size);
	}

	private int sizeAnyValue(@Nullable Object value) {
		int slot = reserve();
		int size;
		if (value instanceof String string) {
			size = sizeOneofString(AnyValue.STRING_VALUE_FIELD_NUMBER, string);
		}
		else if (value instanceof Long number) {
			size = CodedOutputStream.computeInt64Size(AnyValue.INT_VALUE_FIELD_NUMBER, number);
		}
		else if (value instanceof Double) {
			size = CodedOutputStream.computeDoubleSize(AnyValue.DOUBLE_VALUE_FIELD_NUMBER, 0);
		}
		else if (value instanceof Boolean) {
			size = CodedOutputStream.computeBoolSize(AnyValue.BOOL_VALUE_FIELD_NUMBER, false);
		}
		// The Attributes contract allows only the four types above; a custom
		// implementation that breaks it should lose precision, not the whole batch.
		else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			size = CodedOutputStream.computeInt64Size(AnyValue.INT_VALUE_FIELD_NUMBER, ((Number) value).longValue());
		}
		else if (value instanceof Float) {
			size = CodedOutputStream.computeDoubleSize(AnyValue.DOUBLE_VALUE_FIELD_NUMBER, 0);
		}
		else {
			size = sizeOneofString(AnyValue.STRING_VALUE_FIELD_NUMBER, String.valueOf(value));
		}
		return record(slot, size);
	}

	// ---- Write pass: the same walk, taking the sizes in the same order ----
	// Straight into the buffer rather than through CodedOutputStream, whose string writes
	// allocate a byte array per string.

	private int nextSize() {
		return this.sizes[this.sizeIndex++];
	}

	private void startMessage(int field) {
		writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
		writeVarint(nextSize());
	}

	private void writeResourceSpans(int resource, int fromGroup, int toGroup) {
		startMessage(ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER);
		startMessage(ResourceSpans.RESOURCE_FIELD_NUMBER);
		writeAttributes(io.opentelemetry.proto.resource.v1.Resource.ATTRIBUTES_FIELD_NUMBER,
				this.resources.get(resource).getAttributes());
		for (int g = fromGroup; g < toGroup; g++) {
			startMessage(ResourceSpans.SCOPE_SPANS_FIELD_NUMBER);
			InstrumentationScope scope = this.groupScopes.get(g);
			startMessage(ScopeSpans.SCOPE_FIELD_NUMBER);
			writeString(io.opentelemetry.proto.common.v1.InstrumentationScope.NAME_FIELD_NUMBER, scope.name());
			if (scope.version() != null) {
				writeString(io.opentelemetry.proto.common.v1.InstrumentationScope.VERSION_FIELD_NUMBER,
						scope.version());
			}
			for (int s = this.groupStart[g], end = this.groupStart[g + 1]; s < end; s++) {
				startMessage(ScopeSpans.SPANS_FIELD_NUMBER);
				writeSpan(this.ordered[s]);
			}
		}
	}

	private void writeSpan(SpanData span) {
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
		writeFixed32(flags(context.getTraceFlags(), parent.isRemote()));
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
		writeFixed32(flags(context.getTraceFlags(), context.isRemote()));
	}

	private void writeFixed32(int value) {
		byte[] buffer = this.buffer;
		int position = this.position;
		buffer[position] = (byte) value;
		buffer[position + 1] = (byte) (value >>> 8);
		buffer[position + 2] = (byte) (value >>> 16);
		buffer[position + 3] = (byte) (value >>> 24);
		this.position = position + 4;
	}

	private void writeAttributes(int field, Attributes attributes) {
		for (int i = 0, n = attributes.size(); i < n; i++) {
			startMessage(field);
			writeString(KeyValue.KEY_FIELD_NUMBER, attributes.key(i));
			startMessage(KeyValue.VALUE_FIELD_NUMBER);
			writeAnyValue(attributes.value(i));
		}
	}

	private void writeAnyValue(@Nullable Object value) {
		// A oneof: written even when it holds the default value.
		if (value instanceof String string) {
			writeTag(AnyValue.STRING_VALUE_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
			writeStringNoTag(string);
		}
		else if (value instanceof Long number) {
			writeTag(AnyValue.INT_VALUE_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
			writeVarint64(number);
		}
		else if (value instanceof Double number) {
			writeTag(AnyValue.DOUBLE_VALUE_FIELD_NUMBER, WireFormat.WIRETYPE_FIXED64);
			writeLittleEndian(Double.doubleToRawLongBits(number));
		}
		else if (value instanceof Boolean bool) {
			writeTag(AnyValue.BOOL_VALUE_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
			this.buffer[this.position++] = (byte) (bool ? 1 : 0);
		}
		else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			writeTag(AnyValue.INT_VALUE_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
			writeVarint64(((Number) value).longValue());
		}
		else if (value instanceof Float number) {
			writeTag(AnyValue.DOUBLE_VALUE_FIELD_NUMBER, WireFormat.WIRETYPE_FIXED64);
			writeLittleEndian(Double.doubleToRawLongBits(number));
		}
		else {
			writeTag(AnyValue.STRING_VALUE_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
			writeStringNoTag(String.valueOf(value));
		}
	}

	private void writeTag(int field, int wireType) {
		writeVarint((field << 3) | wireType);
	}

	private void writeVarint(int value) {
		byte[] buffer = this.buffer;
		int position = this.position;
		while ((value & ~0x7F) != 0) {
			buffer[position++] = (byte) ((value & 0x7F) | 0x80);
			value >>>= 7;
		}
		buffer[position++] = (byte) value;
		this.position = position;
	}

	private void writeVarint64(long value) {
		byte[] buffer = this.buffer;
		int position = this.position;
		while ((value & ~0x7FL) != 0) {
			buffer[position++] = (byte) ((value & 0x7F) | 0x80);
			value >>>= 7;
		}
		buffer[position++] = (byte) value;
		this.position = position;
	}

	private void writeLittleEndian(long value) {
		byte[] buffer = this.buffer;
		int position = this.position;
		for (int i = 0; i < 8; i++) {
			buffer[position + i] = (byte) value;
			value >>>= 8;
		}
		this.position = position + 8;
	}

	private void writeBigEndian(long value) {
		// Ids go out in the byte order of their hex form.
		writeLittleEndian(Long.reverseBytes(value));
	}

	private void writeString(int field, String value) {
		if (!value.isEmpty()) {
			writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
			writeStringNoTag(value);
		}
	}

	@SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): see below
	private void writeStringNoTag(String value) {
		int scan = this.stringLengths[this.stringIndex++];
		if (scan >= 0) {
			if (value.length() != scan) {
				// A toString() that answers differently each time, for example.
				throw new IllegalStateException("A string changed between the two passes");
			}
			writeVarint(scan);
			// ASCII: each char's low byte is its UTF-8 encoding, copied
			// straight into the buffer with no intermediate array.
			value.getBytes(0, scan, this.buffer, this.position);
			this.position += scan;
		}
		else {
			byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
			if (utf8.length != ~scan) {
				throw new IllegalStateException("A string changed between the two passes");
			}
			writeVarint(utf8.length);
			System.arraycopy(utf8, 0, this.buffer, this.position, utf8.length);
			this.position += utf8.length;
		}
	}

	private void writeFixed64(int field, long value) {
		if (value != 0) {
			writeTag(field, WireFormat.WIRETYPE_FIXED64);
			writeLittleEndian(value);
		}
	}

	private void writeUInt32(int field, int value) {
		if (value != 0) {
			writeTag(field, WireFormat.WIRETYPE_VARINT);
			writeVarint(value);
		}
	}

	// Proto3 leaves fields at their default value out; so must we, to match the builders.

	private static int lengthDelimited(int field, int size) {
		return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
	}

	private int sizeString(int field, String value) {
		// Empty strings are left out, so their length is not recorded either.
		return value.isEmpty() ? 0 : sizeOneofString(field, value);
	}

	private int sizeOneofString(int field, String value) {
		int scan = scan(value);
		if (this.stringCount == this.stringLengths.length) {
			this.stringLengths = Arrays.copyOf(this.stringLengths, this.stringLengths.length * 2);
		}
		this.stringLengths[this.stringCount++] = scan;
		int length = (scan >= 0) ? scan : ~scan;
		return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
	}

	/**
	 * Returns the length of {@code value} in UTF-8 as {@link String#getBytes} encodes it:
	 * an unpaired surrogate becomes one replacement byte.
	 */
	static int utf8Length(String value) {
		int scan = scan(value);
		return (scan >= 0) ? scan : ~scan;
	}

	/**
	 * Returns the length of an ASCII string, or the complement of the UTF-8 length of any
	 * other: an unpaired surrogate makes one byte, like an ASCII char, so the length
	 * alone cannot tell.
	 */
	private static int scan(String value) {
		int length = value.length();
		int i = 0;
		while (i < length && value.charAt(i) < 0x80) {
			i++;
		}
		if (i == length) {
			return length;
		}
		int bytes = i;
		while (i < length) {
			char c = value.charAt(i);
			if (c < 0x80) {
				bytes += 1;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else if (Character.isSurrogate(c)) {
				bytes += 1;
			}
			else {
				bytes += 3;
			}
			i++;
		}
		return ~bytes;
	}

	private static int sizeFixed64(int field, long value) {
		return (value != 0) ? CodedOutputStream.computeFixed64Size(field, value) : 0;
	}

	private static int sizeUInt32(int field, int value) {
		return (value != 0) ? CodedOutputStream.computeUInt32Size(field, value) : 0;
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
			return ScopeSpans.newBuilder().setScope(encoded);
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

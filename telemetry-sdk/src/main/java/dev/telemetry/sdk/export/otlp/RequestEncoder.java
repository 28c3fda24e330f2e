package dev.telemetry.sdk.export.otlp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.resource.Resource;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import org.jspecify.annotations.Nullable;

/**
 * Writes the bytes of one OTLP export request straight from the SDK's data, without
 * building protobuf messages, for any signal: items (spans, metrics) grouped by resource
 * and then by instrumentation scope, both in order of first appearance. A subclass says
 * how one item is sized and written; the envelope, attributes, strings and the buffer are
 * handled here.
 * <p>
 * Each item is sized, then written at once while its data is still in the CPU's cache:
 * the size pass computes the size of every nested message and scans every string once,
 * the write pass writes the fields, taking the sizes in the same order. The items are
 * written after room for the envelope, which is written last, once their sizes are known,
 * with each group's items moved down next to it. Every OTLP export request has the same
 * envelope ({@code Export*ServiceRequest.resource_* = 1}; {@code Resource*.resource = 1},
 * {@code .scope_* = 2}; {@code Scope*.scope = 1}, items {@code = 2},
 * {@code schema_url = 3}), so it is written once, here, with the scope's name, version,
 * attributes and schema URL. An instance belongs to one exporter and is used by one
 * thread at a time; its buffers grow to the largest request and are reused, so it
 * allocates next to nothing per request. Not thread-safe.
 *
 * @param <T> the type of the items
 */
abstract class RequestEncoder<T> {

	// The field numbers shared by ExportTraceServiceRequest and
	// ExportMetricsServiceRequest
	// (and their Resource*/Scope* messages).
	static final int REQUEST_RESOURCE_FIELD = 1;

	static final int RESOURCE_FIELD = 1;

	static final int RESOURCE_SCOPE_FIELD = 2;

	static final int SCOPE_FIELD = 1;

	static final int SCOPE_ITEMS_FIELD = 2;

	static final int SCOPE_SCHEMA_URL_FIELD = 3;

	private static final int MAX_RETAINED_BUFFER = 4 * 1024 * 1024;

	// Reused between requests: items reordered by group, and the group of each.
	private Object[] ordered = new Object[0];

	private int[] groupOfItem = new int[0];

	private final List<Resource> resources = new ArrayList<>(2);

	// Per group: its resource (index into resources) and scope, and where its items
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
	// complement of its UTF-8 length. Each string is scanned once per request, and a
	// string that comes back request after request (the same instance) only once while
	// it stays in the table of scans.
	private int[] stringLengths = new int[1024];

	private int stringCount;

	private int stringIndex;

	private final StringScanCache scans = new StringScanCache();

	private static final byte[] NO_BUFFER = new byte[0];

	private byte[] buffer = NO_BUFFER;

	// A buffer handed over with a request (toRequest) and given back once the collector
	// accepted it, written by a transport's thread.
	private final AtomicReference<byte @Nullable []> returned = new AtomicReference<>();

	private int position;

	// Per group, where its items' bytes start and end in the buffer before the envelope
	// is written.
	private int[] groupBytes = new int[8];

	// Per group: the sizes of its scope message and of its schema URL field; per
	// resource, the size of its resource message.
	private int[] scopeSizes = new int[4];

	private int[] schemaUrlSizes = new int[4];

	private int[] resourceSizes = new int[2];

	// The size of the last request, to size the buffer of the next.
	private int lastTotal;

	// A tag of a field below 16 and the longest length.
	private static final int MAX_TAG_AND_LENGTH = 1 + 5;

	/**
	 * Returns the resource an item belongs to.
	 * @param item the item
	 * @return its resource
	 */
	abstract Resource resourceOf(T item);

	/**
	 * Returns the instrumentation scope an item belongs to.
	 * @param item the item
	 * @return its scope
	 */
	abstract InstrumentationScope scopeOf(T item);

	/**
	 * Computes the size of one item's message in the size pass: reserves a slot with
	 * {@link #reserve()} first, sizes its fields (recording nested messages and strings
	 * in write order), and records the size.
	 * @param item the item
	 * @return the size of its message, without tag and length
	 */
	abstract int sizeItem(T item);

	/**
	 * Writes one item's fields in the write pass, in exactly the order {@link #sizeItem}
	 * met its nested messages and strings.
	 * @param item the item
	 */
	abstract void writeItem(T item);

	/**
	 * Encodes the items as the bytes of one request into this encoder's buffer, which
	 * stays valid until the next call.
	 * @param items the items, in the order they should appear within their scope
	 * @return the number of bytes at the start of {@link #buffer()}
	 */
	final int write(Collection<? extends T> items) {
		try {
			return writeGrouped(group(items));
		}
		finally {
			// Keeps no item reachable, and starts the next request afresh even
			// after a failure.
			Arrays.fill(this.ordered, null);
			this.resources.clear();
			this.groupScopes.clear();
		}
	}

	/**
	 * Returns the buffer the last {@link #write} filled.
	 * @return the buffer, possibly longer than the request
	 */
	final byte[] buffer() {
		return this.buffer;
	}

	/**
	 * Encodes the items into a new array of exactly the request's bytes, which the caller
	 * may keep, for an asynchronous send for example.
	 * @param items the items
	 * @return the request's bytes
	 */
	final byte[] toByteArray(Collection<? extends T> items) {
		int length = write(items);
		return Arrays.copyOf(this.buffer, length);
	}

	/**
	 * Encodes the items and hands this encoder's buffer over with the request instead of
	 * copying it out; the next request is encoded into the buffer the last accepted
	 * request {@link EncodedRequest#release() gave back}, or into a new one.
	 * @param items the items
	 * @return the request, which owns the buffer until released
	 */
	final EncodedRequest toRequest(Collection<? extends T> items) {
		byte[] back = this.returned.getAndSet(null);
		if (back != null && back.length >= this.buffer.length) {
			this.buffer = back;
		}
		int length = write(items);
		EncodedRequest request = EncodedRequest.handedOver(this.buffer, length, this.returned);
		this.buffer = NO_BUFFER;
		return request;
	}

	private int writeGrouped(int groups) {
		if (this.groupBytes.length < groups * 2) {
			this.groupBytes = new int[groups * 2];
		}
		// The envelope's messages first, sized in the order the envelope is written.
		this.sizeCount = 0;
		this.stringCount = 0;
		int envelope = 0;
		for (int r = 0, g = 0; g < groups; r++) {
			int end = groupsEnd(r, g, groups);
			envelope += sizeEnvelope(r, g, end);
			g = end;
		}
		int envelopeSizes = this.sizeCount;
		int envelopeStrings = this.stringCount;
		// Then every item, written right after it is sized, while its data is still in
		// the cache: the spans were written long before by other threads, and a size pass
		// over the whole batch would have evicted the first ones before the write pass
		// came back to them. The items go after room for the envelope, which is written
		// once their sizes are known (below).
		int expected = Math.max(envelope, Math.min(MAX_RETAINED_BUFFER, this.lastTotal + (this.lastTotal >> 3)));
		if (this.buffer.length < expected
				|| (this.buffer.length > MAX_RETAINED_BUFFER && this.lastTotal <= MAX_RETAINED_BUFFER)) {
			// Grows with the requests, with room for the next to be a little larger, but
			// an unusually large one is not kept for ever.
			this.buffer = new byte[expected];
		}
		this.position = envelope;
		for (int g = 0; g < groups; g++) {
			this.groupBytes[2 * g] = this.position;
			for (int s = this.groupStart[g], end = this.groupStart[g + 1]; s < end; s++) {
				// Each item's sizes and strings reuse the same entries.
				this.sizeCount = envelopeSizes;
				this.stringCount = envelopeStrings;
				this.sizeIndex = envelopeSizes;
				this.stringIndex = envelopeStrings;
				T item = item(s);
				int size = sizeItem(item);
				ensureCapacity(this.position + MAX_TAG_AND_LENGTH + size);
				startMessage(SCOPE_ITEMS_FIELD);
				int from = this.position;
				writeItem(item);
				if (this.position - from != size) {
					// Only if the two passes disagree: a bug, or an item that changed
					// meanwhile.
					throw new IllegalStateException("Encoded " + (this.position - from) + " bytes, expected " + size);
				}
			}
			this.groupBytes[2 * g + 1] = this.position;
		}
		this.sizeIndex = 0;
		this.stringIndex = 0;
		this.position = 0;
		for (int r = 0, g = 0; g < groups; r++) {
			int end = groupsEnd(r, g, groups);
			writeEnvelope(r, g, end);
			g = end;
		}
		if (this.sizeIndex != envelopeSizes || this.stringIndex != envelopeStrings) {
			// The envelope's writing must consume exactly what its sizing recorded.
			throw new IllegalStateException("Envelope written from " + this.sizeIndex + " of " + envelopeSizes
					+ " sizes and " + this.stringIndex + " of " + envelopeStrings + " strings");
		}
		this.lastTotal = this.position;
		return this.position;
	}

	private void ensureCapacity(int capacity) {
		if (this.buffer.length < capacity) {
			long grown = Math.max(capacity + (capacity >> 3), this.buffer.length * 2L);
			if (capacity <= MAX_RETAINED_BUFFER) {
				// Doubling past the retained size would only be thrown away by the next
				// request, and the one after would double again.
				grown = Math.min(grown, MAX_RETAINED_BUFFER);
			}
			this.buffer = Arrays.copyOf(this.buffer, (int) Math.min(Integer.MAX_VALUE - 8, grown));
		}
	}

	private int groupsEnd(int resource, int from, int groups) {
		int end = from;
		while (end < groups && this.groupResource[end] == resource) {
			end++;
		}
		return end;
	}

	// ---- Grouping ----

	private static boolean sameScope(InstrumentationScope scope, @Nullable InstrumentationScope other) {
		return scope == other || scope.equals(other);
	}

	/**
	 * Orders the items by group (resource, then scope, in order of first appearance) into
	 * {@code ordered}, keeping their order within a group.
	 * @return the number of groups
	 */
	private int group(Collection<? extends T> items) {
		int count = items.size();
		if (this.ordered.length < count) {
			this.ordered = new Object[count];
			this.groupOfItem = new int[count];
		}
		int groups = 0;
		Resource lastResource = null;
		int lastResourceIndex = -1;
		InstrumentationScope lastScope = null;
		int lastGroup = -1;
		int i = 0;
		for (T item : items) {
			Resource resource = resourceOf(item);
			InstrumentationScope scope = scopeOf(item);
			int group;
			// Items of a request nearly always share the resource instance and come in
			// runs of one scope: check the previous item's group first. A record's
			// equals compares every component even for the same instance, so identity
			// first: that compare was 4 % of the export's CPU (docs/benchmarks.md, run
			// I).
			if (resource == lastResource && sameScope(scope, lastScope)) {
				group = lastGroup;
			}
			else {
				int resourceIndex = (resource == lastResource) ? lastResourceIndex : resourceIndex(resource);
				group = -1;
				for (int g = 0; g < groups; g++) {
					if (this.groupResource[g] == resourceIndex && sameScope(this.groupScopes.get(g), scope)) {
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
			this.groupOfItem[i++] = group;
		}
		if (groups == 1) {
			i = 0;
			for (T item : items) {
				this.ordered[i++] = item;
			}
			this.groupStart[0] = 0;
			this.groupStart[1] = count;
			return 1;
		}
		// Groups of the same resource must be adjacent: renumber them resource by
		// resource, then place the items with a counting sort.
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
			this.groupOfItem[s] = renumbered[this.groupOfItem[s]];
			this.groupStart[this.groupOfItem[s] + 1]++;
		}
		for (int g = 0; g < groups; g++) {
			this.groupStart[g + 1] += this.groupStart[g];
		}
		int[] fill = Arrays.copyOf(this.groupStart, groups);
		i = 0;
		for (T item : items) {
			this.ordered[fill[this.groupOfItem[i++]]++] = item;
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

	@SuppressWarnings("unchecked")
	private T item(int index) {
		return (T) this.ordered[index];
	}

	// ---- Size pass: records the size of each length-delimited message, in write order

	/**
	 * Reserves the slot of a message's size, before its nested messages take theirs.
	 * @return the slot, for {@link #record}
	 */
	final int reserve() {
		if (this.sizeCount == this.sizes.length) {
			this.sizes = Arrays.copyOf(this.sizes, this.sizes.length * 2);
		}
		return this.sizeCount++;
	}

	/**
	 * Records a message's size in its slot.
	 * @param slot the slot from {@link #reserve()}
	 * @param size the size
	 * @return the size
	 */
	final int record(int slot, int size) {
		this.sizes[slot] = size;
		return size;
	}

	/**
	 * Sizes the messages of a resource's envelope (its resource and every scope with its
	 * schema URL), recording them for {@link #writeEnvelope}.
	 * @return the most bytes the envelope can take around the items
	 */
	private int sizeEnvelope(int resource, int fromGroup, int toGroup) {
		if (this.resourceSizes.length <= resource) {
			this.resourceSizes = Arrays.copyOf(this.resourceSizes, (resource + 1) * 2);
		}
		if (this.scopeSizes.length < toGroup) {
			this.scopeSizes = Arrays.copyOf(this.scopeSizes, toGroup * 2);
			this.schemaUrlSizes = Arrays.copyOf(this.schemaUrlSizes, toGroup * 2);
		}
		int resourceSize = sizeResource(this.resources.get(resource).getAttributes());
		this.resourceSizes[resource] = resourceSize;
		int most = MAX_TAG_AND_LENGTH + lengthDelimited(RESOURCE_FIELD, resourceSize);
		for (int g = fromGroup; g < toGroup; g++) {
			InstrumentationScope scope = this.groupScopes.get(g);
			int scopeSize = sizeScope(scope);
			int schemaUrlSize = (scope.schemaUrl() != null) ? sizeString(SCOPE_SCHEMA_URL_FIELD, scope.schemaUrl()) : 0;
			this.scopeSizes[g] = scopeSize;
			this.schemaUrlSizes[g] = schemaUrlSize;
			most += MAX_TAG_AND_LENGTH + lengthDelimited(SCOPE_FIELD, scopeSize) + schemaUrlSize;
		}
		return most;
	}

	private int sizeResource(Attributes attributes) {
		int slot = reserve();
		return record(slot,
				sizeAttributes(io.opentelemetry.proto.resource.v1.Resource.ATTRIBUTES_FIELD_NUMBER, attributes));
	}

	private int sizeScope(InstrumentationScope scope) {
		int slot = reserve();
		int size = sizeString(io.opentelemetry.proto.common.v1.InstrumentationScope.NAME_FIELD_NUMBER, scope.name());
		if (scope.version() != null) {
			size += sizeString(io.opentelemetry.proto.common.v1.InstrumentationScope.VERSION_FIELD_NUMBER,
					scope.version());
		}
		size += sizeAttributes(io.opentelemetry.proto.common.v1.InstrumentationScope.ATTRIBUTES_FIELD_NUMBER,
				scope.attributes());
		return record(slot, size);
	}

	/**
	 * Sizes attributes as repeated {@code KeyValue} messages.
	 * @param field the repeated field
	 * @param attributes the attributes
	 * @return their size, tags included
	 */
	final int sizeAttributes(int field, Attributes attributes) {
		int size = 0;
		for (int i = 0, n = attributes.size(); i < n; i++) {
			size += lengthDelimited(field, sizeKeyValue(attributes.key(i), attributes.value(i)));
		}
		return size;
	}

	private int sizeKeyValue(String key, @Nullable Object value) {
		int slot = reserve();
		int size = sizeRecurringString(KeyValue.KEY_FIELD_NUMBER, key);
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
		// implementation that breaks it should lose precision, not the whole request.
		else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			size = CodedOutputStream.computeInt64Size(AnyValue.INT_VALUE_FIELD_NUMBER, ((Number) value).longValue());
		}
		else if (value instanceof Float) {
			size = CodedOutputStream.computeDoubleSize(AnyValue.DOUBLE_VALUE_FIELD_NUMBER, 0);
		}
		else {
			// A new string each time: not worth a slot in the table.
			size = sizeScanned(AnyValue.STRING_VALUE_FIELD_NUMBER, scan(String.valueOf(value)));
		}
		return record(slot, size);
	}

	// Proto3 leaves fields at their default value out; so must we, to match the builders.

	static int lengthDelimited(int field, int size) {
		return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
	}

	/**
	 * Sizes a string field, left out when empty, and records its scan for the write pass.
	 * @param field the field
	 * @param value the string
	 * @return its size, tag included
	 */
	final int sizeString(int field, String value) {
		// Empty strings are left out, so their length is not recorded either.
		return value.isEmpty() ? 0 : sizeOneofString(field, value);
	}

	private int sizeOneofString(int field, String value) {
		return sizeScanned(field, this.scans.scan(value));
	}

	/**
	 * Sizes a string field, left out when empty, whose value is nearly always the same
	 * instance from one item to the next (an attribute key, a span or metric name), so
	 * its scan is kept in the table even when short.
	 * @param field the field
	 * @param value the string
	 * @return its size, tag included
	 */
	final int sizeRecurringString(int field, String value) {
		return value.isEmpty() ? 0 : sizeScanned(field, this.scans.scanRecurring(value));
	}

	private int sizeScanned(int field, int scan) {
		if (this.stringCount == this.stringLengths.length) {
			this.stringLengths = Arrays.copyOf(this.stringLengths, this.stringLengths.length * 2);
		}
		this.stringLengths[this.stringCount++] = scan;
		int length = (scan >= 0) ? scan : ~scan;
		return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
	}

	/**
	 * Returns the table of repeated strings' scans, for tests.
	 * @return the table
	 */
	final StringScanCache scans() {
		return this.scans;
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
	static int scan(String value) {
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

	static int sizeFixed64(int field, long value) {
		return (value != 0) ? CodedOutputStream.computeFixed64Size(field, value) : 0;
	}

	static int sizeUInt32(int field, int value) {
		return (value != 0) ? CodedOutputStream.computeUInt32Size(field, value) : 0;
	}

	// ---- Write pass: the same walk, taking the sizes in the same order ----
	// Straight into the buffer rather than through CodedOutputStream, whose string writes
	// allocate a byte array per string.

	private int nextSize() {
		return this.sizes[this.sizeIndex++];
	}

	/**
	 * Starts a nested message: its tag and the size the size pass recorded for it.
	 * @param field the field
	 */
	final void startMessage(int field) {
		writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
		writeVarint(nextSize());
	}

	/**
	 * Writes a resource's envelope around its groups' items, moving each group's items
	 * down to where they belong: the envelope written so far never takes more than the
	 * room left before them.
	 */
	private void writeEnvelope(int resource, int fromGroup, int toGroup) {
		int size = lengthDelimited(RESOURCE_FIELD, this.resourceSizes[resource]);
		for (int g = fromGroup; g < toGroup; g++) {
			size += lengthDelimited(RESOURCE_SCOPE_FIELD, scopeGroupSize(g));
		}
		writeTag(REQUEST_RESOURCE_FIELD, WireFormat.WIRETYPE_LENGTH_DELIMITED);
		writeVarint(size);
		startMessage(RESOURCE_FIELD);
		writeAttributes(io.opentelemetry.proto.resource.v1.Resource.ATTRIBUTES_FIELD_NUMBER,
				this.resources.get(resource).getAttributes());
		for (int g = fromGroup; g < toGroup; g++) {
			writeTag(RESOURCE_SCOPE_FIELD, WireFormat.WIRETYPE_LENGTH_DELIMITED);
			writeVarint(scopeGroupSize(g));
			InstrumentationScope scope = this.groupScopes.get(g);
			startMessage(SCOPE_FIELD);
			writeString(io.opentelemetry.proto.common.v1.InstrumentationScope.NAME_FIELD_NUMBER, scope.name());
			if (scope.version() != null) {
				writeString(io.opentelemetry.proto.common.v1.InstrumentationScope.VERSION_FIELD_NUMBER,
						scope.version());
			}
			writeAttributes(io.opentelemetry.proto.common.v1.InstrumentationScope.ATTRIBUTES_FIELD_NUMBER,
					scope.attributes());
			int from = this.groupBytes[2 * g];
			int length = this.groupBytes[2 * g + 1] - from;
			System.arraycopy(this.buffer, from, this.buffer, this.position, length);
			this.position += length;
			if (scope.schemaUrl() != null) {
				writeString(SCOPE_SCHEMA_URL_FIELD, scope.schemaUrl());
			}
		}
	}

	private int scopeGroupSize(int group) {
		return lengthDelimited(SCOPE_FIELD, this.scopeSizes[group])
				+ (this.groupBytes[2 * group + 1] - this.groupBytes[2 * group]) + this.schemaUrlSizes[group];
	}

	/**
	 * Writes attributes as repeated {@code KeyValue} messages.
	 * @param field the repeated field
	 * @param attributes the attributes
	 */
	final void writeAttributes(int field, Attributes attributes) {
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

	final void writeTag(int field, int wireType) {
		writeVarint((field << 3) | wireType);
	}

	final void writeVarint(int value) {
		byte[] buffer = this.buffer;
		int position = this.position;
		while ((value & ~0x7F) != 0) {
			buffer[position++] = (byte) ((value & 0x7F) | 0x80);
			value >>>= 7;
		}
		buffer[position++] = (byte) value;
		this.position = position;
	}

	final void writeVarint64(long value) {
		byte[] buffer = this.buffer;
		int position = this.position;
		while ((value & ~0x7FL) != 0) {
			buffer[position++] = (byte) ((value & 0x7F) | 0x80);
			value >>>= 7;
		}
		buffer[position++] = (byte) value;
		this.position = position;
	}

	final void writeLittleEndian(long value) {
		byte[] buffer = this.buffer;
		int position = this.position;
		for (int i = 0; i < 8; i++) {
			buffer[position + i] = (byte) value;
			value >>>= 8;
		}
		this.position = position + 8;
	}

	final void writeLittleEndian32(int value) {
		byte[] buffer = this.buffer;
		int position = this.position;
		buffer[position] = (byte) value;
		buffer[position + 1] = (byte) (value >>> 8);
		buffer[position + 2] = (byte) (value >>> 16);
		buffer[position + 3] = (byte) (value >>> 24);
		this.position = position + 4;
	}

	final void writeBigEndian(long value) {
		// Ids go out in the byte order of their hex form.
		writeLittleEndian(Long.reverseBytes(value));
	}

	final void writeString(int field, String value) {
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

	final void writeFixed64(int field, long value) {
		if (value != 0) {
			writeTag(field, WireFormat.WIRETYPE_FIXED64);
			writeLittleEndian(value);
		}
	}

	final void writeUInt32(int field, int value) {
		if (value != 0) {
			writeTag(field, WireFormat.WIRETYPE_VARINT);
			writeVarint(value);
		}
	}

}

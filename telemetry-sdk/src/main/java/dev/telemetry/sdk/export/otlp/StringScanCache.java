package dev.telemetry.sdk.export.otlp;

import org.jspecify.annotations.Nullable;

/**
 * The UTF-8 scans of the strings an encoder meets request after request, keyed by
 * identity. Attribute keys, span names, routes, query texts and scope and resource
 * strings are the same {@code String} instances span after span; a string's scan (see
 * {@link RequestEncoder#utf8Length}) never changes, so it is computed once while the
 * string stays in this table rather than once per span.
 * <p>
 * A direct-mapped table of {@value #CAPACITY} entries: a string takes the slot its
 * identity hash picks, replacing whatever was there, so it holds at most
 * {@value #CAPACITY} strings of at most {@value #MAX_LENGTH} chars (256 KB of text at
 * worst) and never keeps a string reachable beyond that. Through {@link #scan} (attribute
 * values, trace states, status messages, scope and resource strings), strings shorter
 * than {@value #MIN_LENGTH} chars are scanned every time: a path or an address is a new
 * instance per request, and scanning it costs less than computing an identity hash for a
 * string seen only once. Attribute keys and span, event and metric names go through
 * {@link #scanRecurring}, which looks them up whatever their length. Not thread-safe: one
 * per encoder.
 */
final class StringScanCache {

	static final int CAPACITY = 256;

	static final int MIN_LENGTH = 16;

	static final int MAX_LENGTH = 512;

	private final @Nullable String[] strings = new String[CAPACITY];

	private final int[] scans = new int[CAPACITY];

	/**
	 * Returns the scan of a string: its length if it is ASCII, else the complement of its
	 * UTF-8 length.
	 * @param value the string
	 * @return its scan, from the table if the same instance was scanned before
	 */
	int scan(String value) {
		int length = value.length();
		if (length < MIN_LENGTH || length > MAX_LENGTH) {
			return RequestEncoder.scan(value);
		}
		return lookUp(value);
	}

	/**
	 * Returns the scan of a string that nearly always comes back as the same instance,
	 * such as an attribute key or a span name: looked up in the table whatever its
	 * length, since its identity hash is computed once and a short scan is then dearer
	 * than the look-up.
	 * @param value the string
	 * @return its scan
	 */
	int scanRecurring(String value) {
		return (value.length() > MAX_LENGTH) ? RequestEncoder.scan(value) : lookUp(value);
	}

	private int lookUp(String value) {
		int slot = System.identityHashCode(value) & (CAPACITY - 1);
		if (this.strings[slot] == value) {
			return this.scans[slot];
		}
		int scan = RequestEncoder.scan(value);
		this.strings[slot] = value;
		this.scans[slot] = scan;
		return scan;
	}

	/**
	 * Returns how many strings the table holds.
	 * @return the count, at most {@link #CAPACITY}
	 */
	int size() {
		int size = 0;
		for (String string : this.strings) {
			if (string != null) {
				size++;
			}
		}
		return size;
	}

}

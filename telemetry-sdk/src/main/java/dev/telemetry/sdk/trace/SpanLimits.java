package dev.telemetry.sdk.trace;

/**
 * Caps what one span may hold, so a runaway instrumentation cannot exhaust memory or push
 * an export past a collector's message size limit. Values beyond a limit are dropped and
 * counted in the exported span ({@code dropped_attributes_count} and friends); string
 * values longer than the value length limit are truncated. The defaults are
 * OpenTelemetry's.
 *
 * @param maxAttributes the most attributes per span
 * @param maxAttributeValueLength the most characters of a string attribute value (of
 * spans, events and links); {@link Integer#MAX_VALUE} for no limit
 * @param maxEvents the most events per span
 * @param maxLinks the most links per span
 * @param maxAttributesPerEvent the most attributes per event
 * @param maxAttributesPerLink the most attributes per link
 * @since 0.1.0
 */
public record SpanLimits(int maxAttributes, int maxAttributeValueLength, int maxEvents, int maxLinks,
		int maxAttributesPerEvent, int maxAttributesPerLink) {

	/** OpenTelemetry's default attribute limit. */
	public static final int DEFAULT_MAX_ATTRIBUTES = 128;

	/** OpenTelemetry's default event limit. */
	public static final int DEFAULT_MAX_EVENTS = 128;

	/** OpenTelemetry's default link limit. */
	public static final int DEFAULT_MAX_LINKS = 128;

	/** OpenTelemetry's default limit of attributes per event and per link. */
	public static final int DEFAULT_MAX_ATTRIBUTES_PER_EVENT_OR_LINK = 128;

	private static final SpanLimits DEFAULT = new SpanLimits(DEFAULT_MAX_ATTRIBUTES, Integer.MAX_VALUE,
			DEFAULT_MAX_EVENTS, DEFAULT_MAX_LINKS, DEFAULT_MAX_ATTRIBUTES_PER_EVENT_OR_LINK,
			DEFAULT_MAX_ATTRIBUTES_PER_EVENT_OR_LINK);

	/**
	 * Checks the limits.
	 * @throws IllegalArgumentException if a count is negative or the value length is not
	 * positive, naming the limit
	 */
	public SpanLimits {
		requireAtLeast("max-attributes", maxAttributes, 0);
		requireAtLeast("max-attribute-value-length", maxAttributeValueLength, 1);
		requireAtLeast("max-events", maxEvents, 0);
		requireAtLeast("max-links", maxLinks, 0);
		requireAtLeast("max-attributes-per-event", maxAttributesPerEvent, 0);
		requireAtLeast("max-attributes-per-link", maxAttributesPerLink, 0);
	}

	/**
	 * Creates limits on attributes and events, with the defaults for the rest.
	 * @param maxAttributes the most attributes per span
	 * @param maxEvents the most events per span
	 */
	public SpanLimits(int maxAttributes, int maxEvents) {
		this(maxAttributes, Integer.MAX_VALUE, maxEvents, DEFAULT_MAX_LINKS, DEFAULT_MAX_ATTRIBUTES_PER_EVENT_OR_LINK,
				DEFAULT_MAX_ATTRIBUTES_PER_EVENT_OR_LINK);
	}

	/**
	 * Returns the default limits: 128 attributes, events and links per span, 128
	 * attributes per event and per link, and no value length limit.
	 * @return the defaults
	 */
	public static SpanLimits getDefault() {
		return DEFAULT;
	}

	/**
	 * Returns these limits with another attribute count limit.
	 * @param maxAttributes the most attributes per span, at least 0
	 * @return new limits
	 * @throws IllegalArgumentException if the value is negative
	 */
	public SpanLimits withMaxAttributes(int maxAttributes) {
		return new SpanLimits(maxAttributes, this.maxAttributeValueLength, this.maxEvents, this.maxLinks,
				this.maxAttributesPerEvent, this.maxAttributesPerLink);
	}

	/**
	 * Returns these limits with another attribute value length limit.
	 * @param maxAttributeValueLength the most characters of a string value, at least 1
	 * @return new limits
	 * @throws IllegalArgumentException if the value is not positive
	 */
	public SpanLimits withMaxAttributeValueLength(int maxAttributeValueLength) {
		return new SpanLimits(this.maxAttributes, maxAttributeValueLength, this.maxEvents, this.maxLinks,
				this.maxAttributesPerEvent, this.maxAttributesPerLink);
	}

	/**
	 * Returns these limits with another event count limit.
	 * @param maxEvents the most events per span, at least 0
	 * @return new limits
	 * @throws IllegalArgumentException if the value is negative
	 */
	public SpanLimits withMaxEvents(int maxEvents) {
		return new SpanLimits(this.maxAttributes, this.maxAttributeValueLength, maxEvents, this.maxLinks,
				this.maxAttributesPerEvent, this.maxAttributesPerLink);
	}

	/**
	 * Returns these limits with another link count limit.
	 * @param maxLinks the most links per span, at least 0
	 * @return new limits
	 * @throws IllegalArgumentException if the value is negative
	 */
	public SpanLimits withMaxLinks(int maxLinks) {
		return new SpanLimits(this.maxAttributes, this.maxAttributeValueLength, this.maxEvents, maxLinks,
				this.maxAttributesPerEvent, this.maxAttributesPerLink);
	}

	/**
	 * Returns these limits with another limit of attributes per event.
	 * @param maxAttributesPerEvent the most attributes per event, at least 0
	 * @return new limits
	 * @throws IllegalArgumentException if the value is negative
	 */
	public SpanLimits withMaxAttributesPerEvent(int maxAttributesPerEvent) {
		return new SpanLimits(this.maxAttributes, this.maxAttributeValueLength, this.maxEvents, this.maxLinks,
				maxAttributesPerEvent, this.maxAttributesPerLink);
	}

	/**
	 * Returns these limits with another limit of attributes per link.
	 * @param maxAttributesPerLink the most attributes per link, at least 0
	 * @return new limits
	 * @throws IllegalArgumentException if the value is negative
	 */
	public SpanLimits withMaxAttributesPerLink(int maxAttributesPerLink) {
		return new SpanLimits(this.maxAttributes, this.maxAttributeValueLength, this.maxEvents, this.maxLinks,
				this.maxAttributesPerEvent, maxAttributesPerLink);
	}

	private static void requireAtLeast(String name, int value, int least) {
		if (value < least) {
			throw new IllegalArgumentException(name + " must be at least " + least + ", was " + value);
		}
	}

}

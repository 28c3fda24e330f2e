package dev.telemetry.sdk.trace.span;

import java.util.List;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.resource.Resource;

/**
 * A finished span as processors and exporters see it. Once a span has ended its data
 * never changes, so exporters may read it from any thread without copying.
 *
 * @since 0.1.0
 */
public interface SpanData {

	/**
	 * Returns the span name.
	 * @return the name
	 */
	String getName();

	/**
	 * Returns the span kind.
	 * @return the kind
	 */
	SpanKind getKind();

	/**
	 * Returns the span's own context.
	 * @return the context
	 */
	SpanContext getSpanContext();

	/**
	 * Returns the parent's context.
	 * @return the parent context, or the invalid context for a root span
	 */
	SpanContext getParentSpanContext();

	/**
	 * Returns the start time.
	 * @return nanoseconds since the epoch
	 */
	long getStartEpochNanos();

	/**
	 * Returns the end time.
	 * @return nanoseconds since the epoch, or 0 while the span is running
	 */
	long getEndEpochNanos();

	/**
	 * Returns whether the span has ended.
	 * @return whether ended
	 */
	boolean hasEnded();

	/**
	 * Returns the attributes.
	 * @return the attributes
	 */
	Attributes getAttributes();

	/**
	 * Returns how many attributes were dropped by the span limits.
	 * @return the dropped count
	 */
	int getDroppedAttributesCount();

	/**
	 * Returns the events, oldest first.
	 * @return the events
	 */
	List<EventData> getEvents();

	/**
	 * Returns how many events were dropped by the span limits.
	 * @return the dropped count
	 */
	int getDroppedEventsCount();

	/**
	 * Returns the links, in the order they were added.
	 * @return the links; none by default
	 * @since 0.1.0
	 */
	default List<LinkData> getLinks() {
		return List.of();
	}

	/**
	 * Returns how many links were dropped by the span limits.
	 * @return the dropped count; 0 by default
	 * @since 0.1.0
	 */
	default int getDroppedLinksCount() {
		return 0;
	}

	/**
	 * Returns the status.
	 * @return the status
	 */
	StatusData getStatus();

	/**
	 * Returns the resource of the process that recorded the span.
	 * @return the resource
	 */
	Resource getResource();

	/**
	 * Returns the instrumentation scope that recorded the span.
	 * @return the scope
	 */
	InstrumentationScope getInstrumentationScope();

}

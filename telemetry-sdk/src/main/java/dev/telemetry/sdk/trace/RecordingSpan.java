package dev.telemetry.sdk.trace;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.span.EventData;
import dev.telemetry.sdk.trace.span.LinkData;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.StatusCode;
import dev.telemetry.sdk.trace.span.StatusData;
import org.jspecify.annotations.Nullable;

/**
 * A sampled span that records what instrumentation tells it until it ends, and then
 * serves as its own immutable {@link SpanData}: nothing is copied on the way to the
 * exporter.
 * <p>
 * Implementation: identity fields are final; everything mutable is guarded by
 * {@code lock} and frozen by {@link #end}, which sets the volatile {@code ended} last,
 * inside the lock. A reader that sees {@code ended} set therefore sees the frozen state
 * and reads it without the lock: the exporter reads an ended span a dozen times while
 * encoding it, and each lock was two compare-and-sets on a line the ending thread had
 * written.
 */
final class RecordingSpan implements Span, SpanData {

	private static final Logger logger = Logger.getLogger(RecordingSpan.class.getName());

	// What instrumentation typically records (an HTTP server span has about a dozen).
	private static final int EXPECTED_ATTRIBUTES = 12;

	private final TracerSharedState state;

	private final InstrumentationScope scope;

	private final SpanKind kind;

	private final SpanContext context;

	private final SpanContext parent;

	private final long startEpochNanos;

	// One wall-clock reading per local root, shared by its descendants, plus the
	// monotonic reading taken with it: span times are this anchor plus nanoTime offsets,
	// so a wall clock stepped by NTP mid-trace cannot distort or zero a duration.
	private final long anchorEpochNanos;

	private final long anchorNanoTime;

	private final List<LinkData> links;

	private final int droppedLinks;

	private final Object lock = new Object();

	// guarded by lock
	private String name;

	// guarded by lock
	private @Nullable AttributesBuilder attributes;

	// guarded by lock
	private @Nullable List<EventData> events;

	// guarded by lock
	private int droppedEvents;

	// guarded by lock
	private StatusData status = StatusData.unset();

	// guarded by lock
	private long endEpochNanos;

	// Written last, inside the lock, by end: once a reader sees it set, the fields above
	// never change again and are read without the lock.
	private volatile boolean ended;

	RecordingSpan(TracerSharedState state, InstrumentationScope scope, String name, SpanKind kind, SpanContext context,
			SpanContext parent, long anchorEpochNanos, long anchorNanoTime, long startEpochNanos,
			@Nullable AttributesBuilder attributes, List<LinkData> links, int droppedLinks) {
		this.anchorEpochNanos = anchorEpochNanos;
		this.anchorNanoTime = anchorNanoTime;
		this.links = links;
		this.droppedLinks = droppedLinks;
		this.state = state;
		this.scope = scope;
		this.name = name;
		this.kind = kind;
		this.context = context;
		this.parent = parent;
		this.startEpochNanos = startEpochNanos;
		this.attributes = attributes;
	}

	/**
	 * Returns the current time on this span's trace clock.
	 * @return nanoseconds since the epoch
	 */
	long now() {
		return this.anchorEpochNanos + (this.state.clock.nanoTime() - this.anchorNanoTime);
	}

	long anchorEpochNanos() {
		return this.anchorEpochNanos;
	}

	long anchorNanoTime() {
		return this.anchorNanoTime;
	}

	TracerSharedState state() {
		return this.state;
	}

	@Override
	public SpanContext getSpanContext() {
		return this.context;
	}

	@Override
	public boolean isRecording() {
		return !this.ended;
	}

	@Override
	public Span setAttribute(String key, String value) {
		if (value != null) {
			put(key, value);
		}
		return this;
	}

	@Override
	public Span setAttribute(String key, long value) {
		put(key, value);
		return this;
	}

	@Override
	public Span setAttribute(String key, double value) {
		put(key, value);
		return this;
	}

	@Override
	public Span setAttribute(String key, boolean value) {
		put(key, value);
		return this;
	}

	@Override
	public Span setAllAttributes(Attributes attributes) {
		if (attributes == null || attributes.isEmpty()) {
			return this;
		}
		synchronized (this.lock) {
			if (this.ended) {
				logWriteAfterEnd();
				return this;
			}
			attributes(attributes.size()).putAll(attributes);
		}
		return this;
	}

	private void put(String key, Object value) {
		if (key == null) {
			return;
		}
		synchronized (this.lock) {
			if (this.ended) {
				logWriteAfterEnd();
				return;
			}
			attributes(1).putObject(key, value);
		}
	}

	// guarded by lock
	private AttributesBuilder attributes(int adding) {
		AttributesBuilder builder = this.attributes;
		if (builder == null) {
			SpanLimits limits = this.state.limits;
			builder = new AttributesBuilder(limits.maxAttributes(), Math.max(adding, EXPECTED_ATTRIBUTES),
					limits.maxAttributeValueLength());
			this.attributes = builder;
		}
		return builder;
	}

	@Override
	public Span addEvent(String name, Attributes attributes) {
		if (name == null) {
			return this;
		}
		// A copy, under the limits: the caller may reuse its attributes (a builder) for
		// the next event, and the exporter reads these on another thread.
		SpanLimits limits = this.state.limits;
		AttributesBuilder copy = limitedCopy(attributes, limits.maxAttributesPerEvent(),
				limits.maxAttributeValueLength());
		return addEvent(name, copy);
	}

	private Span addEvent(String name, @Nullable AttributesBuilder attributes) {
		EventData event = (attributes != null) ? new EventData(name, now(), attributes, attributes.droppedCount())
				: new EventData(name, now(), Attributes.empty());
		synchronized (this.lock) {
			if (this.ended) {
				logWriteAfterEnd();
				return this;
			}
			if (this.events == null) {
				this.events = new ArrayList<>(2);
			}
			if (this.events.size() < this.state.limits.maxEvents()) {
				this.events.add(event);
			}
			else {
				this.droppedEvents++;
			}
		}
		return this;
	}

	/**
	 * Copies attributes under a count and a value length limit.
	 * @return the copy, or {@code null} for no attributes
	 */
	static @Nullable AttributesBuilder limitedCopy(@Nullable Attributes attributes, int maxCount, int maxValueLength) {
		if (attributes == null || attributes.isEmpty()) {
			return null;
		}
		return new AttributesBuilder(maxCount, Math.min(attributes.size(), maxCount), maxValueLength)
			.putAll(attributes);
	}

	@Override
	public Span recordException(Throwable exception) {
		if (exception == null) {
			return this;
		}
		StringWriter stackTrace = new StringWriter();
		exception.printStackTrace(new PrintWriter(stackTrace));
		SpanLimits limits = this.state.limits;
		// The value length limit applies to the stack trace too: one deep stack must not
		// make a batch too large for the collector.
		AttributesBuilder attributes = new AttributesBuilder(limits.maxAttributesPerEvent(), 3,
				limits.maxAttributeValueLength())
			.put("exception.type", exception.getClass().getName());
		if (exception.getMessage() != null) {
			attributes.put("exception.message", exception.getMessage());
		}
		attributes.put("exception.stacktrace", stackTrace.toString());
		return addEvent("exception", attributes);
	}

	@Override
	public Span setStatus(StatusCode code, String description) {
		if (code == null) {
			return this;
		}
		synchronized (this.lock) {
			if (this.ended) {
				logWriteAfterEnd();
			}
			else if (this.status.code() != StatusCode.OK && code != StatusCode.UNSET) {
				this.status = StatusData.of(code, description);
			}
		}
		return this;
	}

	@Override
	public Span updateName(String name) {
		// The same instance again (the usual case when instrumentation sets the final
		// name at stop) changes nothing: no need for the lock. A stale read only means
		// taking the lock.
		if (name == null || name == this.name) {
			return this;
		}
		synchronized (this.lock) {
			if (this.ended) {
				logWriteAfterEnd();
			}
			else {
				this.name = name;
			}
		}
		return this;
	}

	@Override
	public void end() {
		end(now());
	}

	@Override
	public void end(long epochNanos) {
		synchronized (this.lock) {
			if (this.ended) {
				return;
			}
			this.endEpochNanos = Math.max(epochNanos, this.startEpochNanos);
			this.ended = true;
		}
		this.state.counters.ended(this.context.isSampled());
		if (this.state.processorWantsEnd) {
			try {
				this.state.processor.onEnd(this);
			}
			catch (VirtualMachineError error) {
				throw error;
			}
			catch (Throwable ex) {
				this.state.processorFailed("onEnd", ex);
			}
		}
	}

	private void logWriteAfterEnd() {
		if (logger.isLoggable(Level.FINE)) {
			logger.fine("Write to span '" + this.name + "' after it ended was ignored");
		}
	}

	@Override
	public String getName() {
		if (this.ended) {
			return this.name;
		}
		synchronized (this.lock) {
			return this.name;
		}
	}

	@Override
	public SpanKind getKind() {
		return this.kind;
	}

	@Override
	public SpanContext getParentSpanContext() {
		return this.parent;
	}

	@Override
	public long getStartEpochNanos() {
		return this.startEpochNanos;
	}

	@Override
	public long getEndEpochNanos() {
		if (this.ended) {
			return this.endEpochNanos;
		}
		synchronized (this.lock) {
			return this.endEpochNanos;
		}
	}

	@Override
	public boolean hasEnded() {
		return this.ended;
	}

	@Override
	public Attributes getAttributes() {
		if (this.ended) {
			// Once ended the builder never changes again, so it can be shared as is.
			AttributesBuilder builder = this.attributes;
			return (builder != null) ? builder : Attributes.empty();
		}
		synchronized (this.lock) {
			AttributesBuilder builder = this.attributes;
			return (builder != null) ? builder.build() : Attributes.empty();
		}
	}

	@Override
	public int getDroppedAttributesCount() {
		if (this.ended) {
			return droppedAttributes();
		}
		synchronized (this.lock) {
			return droppedAttributes();
		}
	}

	private int droppedAttributes() {
		AttributesBuilder builder = this.attributes;
		return (builder != null) ? builder.droppedCount() : 0;
	}

	@Override
	public List<EventData> getEvents() {
		if (this.ended) {
			List<EventData> events = this.events;
			return (events != null) ? Collections.unmodifiableList(events) : List.of();
		}
		synchronized (this.lock) {
			List<EventData> events = this.events;
			return (events != null) ? List.copyOf(events) : List.of();
		}
	}

	@Override
	public int getDroppedEventsCount() {
		if (this.ended) {
			return this.droppedEvents;
		}
		synchronized (this.lock) {
			return this.droppedEvents;
		}
	}

	@Override
	public List<LinkData> getLinks() {
		return this.links;
	}

	@Override
	public int getDroppedLinksCount() {
		return this.droppedLinks;
	}

	@Override
	public StatusData getStatus() {
		if (this.ended) {
			return this.status;
		}
		synchronized (this.lock) {
			return this.status;
		}
	}

	@Override
	public Resource getResource() {
		return this.state.resource;
	}

	@Override
	public InstrumentationScope getInstrumentationScope() {
		return this.scope;
	}

	@Override
	public String toString() {
		return "RecordingSpan{name=" + getName() + ", kind=" + this.kind + ", " + this.context + "}";
	}

}

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
 * {@code lock} and frozen by {@link #end}. Readers on other threads see the frozen state
 * through the processor's queue hand-off.
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

	private volatile boolean ended;

	RecordingSpan(TracerSharedState state, InstrumentationScope scope, String name, SpanKind kind, SpanContext context,
			SpanContext parent, long startEpochNanos, @Nullable AttributesBuilder attributes) {
		this.state = state;
		this.scope = scope;
		this.name = name;
		this.kind = kind;
		this.context = context;
		this.parent = parent;
		this.startEpochNanos = startEpochNanos;
		this.attributes = attributes;
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
			builder = new AttributesBuilder(this.state.limits.maxAttributes(), Math.max(adding, EXPECTED_ATTRIBUTES));
			this.attributes = builder;
		}
		return builder;
	}

	@Override
	public Span addEvent(String name, Attributes attributes) {
		if (name == null) {
			return this;
		}
		EventData event = new EventData(name, this.state.clock.now(),
				(attributes != null) ? attributes : Attributes.empty());
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

	@Override
	public Span recordException(Throwable exception) {
		if (exception == null) {
			return this;
		}
		StringWriter stackTrace = new StringWriter();
		exception.printStackTrace(new PrintWriter(stackTrace));
		AttributesBuilder attributes = Attributes.builder().put("exception.type", exception.getClass().getName());
		if (exception.getMessage() != null) {
			attributes.put("exception.message", exception.getMessage());
		}
		attributes.put("exception.stacktrace", stackTrace.toString());
		return addEvent("exception", attributes.build());
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
		end(this.state.clock.now());
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
				logger.log(Level.FINE, "Span processor failed in onEnd", ex);
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
		synchronized (this.lock) {
			AttributesBuilder builder = this.attributes;
			if (builder == null) {
				return Attributes.empty();
			}
			// Once ended the builder never changes again, so it can be shared as is.
			return this.ended ? builder : builder.build();
		}
	}

	@Override
	public int getDroppedAttributesCount() {
		synchronized (this.lock) {
			return (this.attributes != null) ? this.attributes.droppedCount() : 0;
		}
	}

	@Override
	public List<EventData> getEvents() {
		synchronized (this.lock) {
			if (this.events == null) {
				return List.of();
			}
			return this.ended ? Collections.unmodifiableList(this.events) : List.copyOf(this.events);
		}
	}

	@Override
	public int getDroppedEventsCount() {
		synchronized (this.lock) {
			return this.droppedEvents;
		}
	}

	@Override
	public StatusData getStatus() {
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

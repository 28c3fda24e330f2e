package dev.telemetry.sdk.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.AttributesBuilder;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.samplers.SamplingDecision;
import dev.telemetry.sdk.trace.samplers.SamplingResult;
import dev.telemetry.sdk.trace.span.LinkData;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;
import org.jspecify.annotations.Nullable;

/**
 * Configures and starts one span. The sampler runs in {@link #startSpan()}, before
 * anything is recorded; attributes set here are visible to it.
 * <p>
 * Not thread-safe: use a builder on one thread and only once. Never throws on bad input.
 *
 * @since 0.1.0
 */
public final class SpanBuilder {

	private static final int EXPECTED_ATTRIBUTES = 12;

	private final TracerSharedState state;

	private final InstrumentationScope scope;

	private String name;

	private @Nullable Context parent;

	private boolean noParent;

	private SpanKind kind = SpanKind.INTERNAL;

	private @Nullable AttributesBuilder attributes;

	// Only for the sampler, and read only if it looks.
	private @Nullable Attributes samplingAttributes;

	private long startEpochNanos;

	private @Nullable List<LinkData> links;

	private int droppedLinks;

	SpanBuilder(TracerSharedState state, InstrumentationScope scope, String name) {
		this.state = state;
		this.scope = scope;
		this.name = (name != null) ? name : "";
	}

	/**
	 * Makes this builder as new, for a span of the given name, so that instrumentation
	 * that starts many spans on one thread can use one builder for all of them instead of
	 * allocating one per span. Call it only between {@link #startSpan()} and the next
	 * use, from the thread that uses the builder.
	 * @param name the span name
	 * @return this builder
	 * @since 0.1.0
	 */
	public SpanBuilder reset(String name) {
		this.name = (name != null) ? name : "";
		this.parent = null;
		this.noParent = false;
		this.kind = SpanKind.INTERNAL;
		this.attributes = null;
		this.samplingAttributes = null;
		this.startEpochNanos = 0;
		this.links = null;
		this.droppedLinks = 0;
		return this;
	}

	/**
	 * Sets the context whose span is the parent; by default the current context.
	 * @param context the parent context
	 * @return this builder
	 */
	public SpanBuilder setParent(Context context) {
		this.parent = context;
		this.noParent = false;
		return this;
	}

	/**
	 * Makes the span a root span regardless of the current context.
	 * @return this builder
	 */
	public SpanBuilder setNoParent() {
		this.noParent = true;
		this.parent = null;
		return this;
	}

	/**
	 * Sets the span kind; {@code INTERNAL} by default.
	 * @param kind the kind
	 * @return this builder
	 */
	public SpanBuilder setSpanKind(SpanKind kind) {
		if (kind != null) {
			this.kind = kind;
		}
		return this;
	}

	/**
	 * Sets a string attribute.
	 * @param key the key
	 * @param value the value
	 * @return this builder
	 */
	public SpanBuilder setAttribute(String key, String value) {
		attributes().put(key, value);
		return this;
	}

	/**
	 * Sets a long attribute.
	 * @param key the key
	 * @param value the value
	 * @return this builder
	 */
	public SpanBuilder setAttribute(String key, long value) {
		attributes().put(key, value);
		return this;
	}

	/**
	 * Sets a boolean attribute.
	 * @param key the key
	 * @param value the value
	 * @return this builder
	 */
	public SpanBuilder setAttribute(String key, boolean value) {
		attributes().put(key, value);
		return this;
	}

	/**
	 * Sets a double attribute.
	 * @param key the key
	 * @param value the value
	 * @return this builder
	 */
	public SpanBuilder setAttribute(String key, double value) {
		attributes().put(key, value);
		return this;
	}

	/**
	 * Gives the sampler attributes to decide on, without recording them on the span: for
	 * instrumentation that records the same values anyway when the span ends. The
	 * collection is read in {@link #startSpan()}, and only if the sampler looks at
	 * attributes, so it may defer computing its entries until then; it must not change
	 * before. The sampler sees these after the attributes set with {@code setAttribute},
	 * which win on equal keys. A second call replaces the first.
	 * @param attributes the attributes, or {@code null} for none
	 * @return this builder
	 * @since 0.1.0
	 */
	public SpanBuilder setSamplingAttributes(@Nullable Attributes attributes) {
		this.samplingAttributes = attributes;
		return this;
	}

	/**
	 * Links the span to another span, for example one of the messages a batch consumer
	 * processes. An invalid context is ignored; links beyond the span limits are dropped
	 * and counted.
	 * @param spanContext the linked span's context
	 * @return this builder
	 * @since 0.1.0
	 */
	public SpanBuilder addLink(SpanContext spanContext) {
		return addLink(spanContext, Attributes.empty());
	}

	/**
	 * Links the span to another span, with attributes that describe the link. The
	 * attributes are copied (under the span limits), so the caller may reuse them.
	 * @param spanContext the linked span's context
	 * @param attributes the link's attributes
	 * @return this builder
	 * @since 0.1.0
	 */
	public SpanBuilder addLink(SpanContext spanContext, Attributes attributes) {
		if (spanContext == null || !spanContext.isValid()) {
			return this;
		}
		SpanLimits limits = this.state.limits;
		List<LinkData> links = this.links;
		if (links == null) {
			links = new ArrayList<>(2);
			this.links = links;
		}
		if (links.size() >= limits.maxLinks()) {
			this.droppedLinks++;
			return this;
		}
		AttributesBuilder copy = RecordingSpan.limitedCopy(attributes, limits.maxAttributesPerLink(),
				limits.maxAttributeValueLength());
		links.add((copy != null) ? new LinkData(spanContext, copy, copy.droppedCount())
				: new LinkData(spanContext, Attributes.empty(), 0));
		return this;
	}

	/**
	 * Sets an explicit start time; by default the time of {@link #startSpan()}.
	 * @param epochNanos nanoseconds since the epoch
	 * @return this builder
	 */
	public SpanBuilder setStartTimestamp(long epochNanos) {
		this.startEpochNanos = Math.max(epochNanos, 0);
		return this;
	}

	private AttributesBuilder attributes() {
		AttributesBuilder builder = this.attributes;
		if (builder == null) {
			// Room for what instrumentation typically records by the time the span
			// ends (an HTTP server span has about a dozen attributes): the array
			// is rarely copied.
			SpanLimits limits = this.state.limits;
			builder = new AttributesBuilder(limits.maxAttributes(), EXPECTED_ATTRIBUTES,
					limits.maxAttributeValueLength());
			this.attributes = builder;
		}
		return builder;
	}

	private static Attributes samplerView(@Nullable AttributesBuilder recorded, @Nullable Attributes sampling) {
		if (sampling == null) {
			return (recorded != null) ? recorded : Attributes.empty();
		}
		if (recorded == null || recorded.isEmpty()) {
			return sampling;
		}
		// Rare: both kinds. A copy, so that the span's own attributes stay as set.
		AttributesBuilder both = new AttributesBuilder(Integer.MAX_VALUE, sampling.size() + recorded.size());
		return both.putAll(sampling).putAll(recorded);
	}

	/**
	 * Samples and starts the span.
	 * @return a recording span, or a non-recording one that still propagates its context
	 */
	public Span startSpan() {
		Context parentContext = this.noParent ? Context.root()
				: Objects.requireNonNullElseGet(this.parent, Context::current);
		Span parentSpan = Span.fromContext(parentContext);
		SpanContext parentSpanContext = parentSpan.getSpanContext();
		IdGenerator ids = this.state.idGenerator;
		long traceIdHigh;
		long traceIdLow;
		byte inheritedFlags;
		TraceState parentTraceState;
		if (parentSpanContext.isValid()) {
			traceIdHigh = parentSpanContext.getTraceIdHigh();
			traceIdLow = parentSpanContext.getTraceIdLow();
			inheritedFlags = (byte) (parentSpanContext.getTraceFlags() & TraceFlags.RANDOM);
			parentTraceState = parentSpanContext.getTraceState();
		}
		else {
			traceIdHigh = ids.generateTraceIdHigh();
			traceIdLow = ids.generateTraceIdLow();
			inheritedFlags = TraceFlags.RANDOM;
			parentTraceState = TraceState.empty();
		}
		long spanId = ids.generateSpanId();
		if (this.state.shutdown) {
			// The parent's decision goes on unchanged: shutting down must not tell
			// downstream services to stop sampling.
			byte flags = parentSpanContext.isValid() ? parentSpanContext.getTraceFlags() : inheritedFlags;
			this.state.counters.started(SamplingDecision.DROP, parentSpanContext);
			return Span.wrap(SpanContext.create(traceIdHigh, traceIdLow, spanId, flags, parentTraceState));
		}
		AttributesBuilder attributes = this.attributes;
		// The span takes them over: a second startSpan must not share them.
		this.attributes = null;
		Attributes startAttributes = samplerView(attributes, this.samplingAttributes);
		SamplingDecision decision;
		TraceState traceState;
		try {
			SamplingResult result = this.state.sampler.shouldSample(parentSpanContext, traceIdHigh, traceIdLow,
					this.name, this.kind, startAttributes);
			decision = result.getDecision();
			traceState = result.getUpdatedTraceState(parentTraceState);
			if (decision == null || traceState == null) {
				decision = SamplingDecision.DROP;
				traceState = parentTraceState;
			}
		}
		catch (VirtualMachineError error) {
			throw error;
		}
		catch (Throwable ex) {
			// A broken sampler must not break the application: record nothing.
			this.state.samplerFailed(ex);
			decision = SamplingDecision.DROP;
			traceState = parentTraceState;
		}
		byte flags = (decision == SamplingDecision.RECORD_AND_SAMPLE) ? (byte) (inheritedFlags | TraceFlags.SAMPLED)
				: inheritedFlags;
		SpanContext spanContext = SpanContext.create(traceIdHigh, traceIdLow, spanId, flags, traceState);
		this.state.counters.started(decision, parentSpanContext);
		if (decision == SamplingDecision.DROP) {
			return Span.wrap(spanContext);
		}
		long anchorEpochNanos;
		long anchorNanoTime;
		long now;
		if (parentSpan instanceof RecordingSpan localParent && localParent.state() == this.state) {
			// A local parent: the whole local trace shares its one wall-clock reading.
			anchorEpochNanos = localParent.anchorEpochNanos();
			anchorNanoTime = localParent.anchorNanoTime();
			now = localParent.now();
		}
		else {
			anchorEpochNanos = this.state.clock.now();
			anchorNanoTime = this.state.clock.nanoTime();
			now = anchorEpochNanos;
		}
		long start = (this.startEpochNanos != 0) ? this.startEpochNanos : now;
		List<LinkData> links = this.links;
		int droppedLinks = this.droppedLinks;
		// The span takes them over, as it does the attributes.
		this.links = null;
		this.droppedLinks = 0;
		RecordingSpan span = new RecordingSpan(this.state, this.scope, this.name, this.kind, spanContext,
				parentSpanContext, anchorEpochNanos, anchorNanoTime, start, attributes,
				(links != null) ? Collections.unmodifiableList(links) : List.of(), droppedLinks);
		if (this.state.processorWantsStart) {
			try {
				this.state.processor.onStart(parentContext, span);
			}
			catch (VirtualMachineError error) {
				throw error;
			}
			catch (Throwable ex) {
				// Processors must not throw; if one does, the span still lives.
				this.state.processorFailed("onStart", ex);
			}
		}
		return span;
	}

}

package dev.telemetry.sdk.testing;

import java.util.List;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.common.InstrumentationScope;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.span.EventData;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanData;
import dev.telemetry.sdk.trace.span.SpanKind;
import dev.telemetry.sdk.trace.span.StatusData;
import dev.telemetry.sdk.trace.span.TraceFlags;
import dev.telemetry.sdk.trace.span.TraceState;

/**
 * An ended span built directly from values, for tests of processors and exporters.
 */
public record TestSpanData(String getName, SpanKind getKind, SpanContext getSpanContext,
		SpanContext getParentSpanContext, long getStartEpochNanos, long getEndEpochNanos, Attributes getAttributes,
		List<EventData> getEvents, StatusData getStatus, Resource getResource,
		InstrumentationScope getInstrumentationScope) implements SpanData {

	/**
	 * Returns a sampled, ended INTERNAL root span with the given name and span id.
	 * @param name the span name
	 * @param spanId the span id (non-zero)
	 * @return the span
	 */
	public static TestSpanData of(String name, long spanId) {
		SpanContext context = SpanContext.create(0x0af7651916cd43ddL, 0x8448eb211c80319cL, spanId,
				(byte) (TraceFlags.SAMPLED | TraceFlags.RANDOM), TraceState.empty());
		return new TestSpanData(name, SpanKind.INTERNAL, context, SpanContext.getInvalid(), 1_000_000_000L,
				2_000_000_000L, Attributes.of("test.attribute", "value"), List.of(), StatusData.unset(),
				Resource.create(Attributes.of("service.name", "test-service")),
				new InstrumentationScope("test-scope", "1.0"));
	}

	@Override
	public boolean hasEnded() {
		return true;
	}

	@Override
	public int getDroppedAttributesCount() {
		return 0;
	}

	@Override
	public int getDroppedEventsCount() {
		return 0;
	}

}

package dev.telemetry.sdk.trace;

import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.export.SpanProcessor;
import dev.telemetry.sdk.trace.samplers.Sampler;

/**
 * What every tracer and span of one provider shares.
 */
final class TracerSharedState {

	final Clock clock;

	final IdGenerator idGenerator;

	final Sampler sampler;

	final SpanProcessor processor;

	final boolean processorWantsStart;

	final boolean processorWantsEnd;

	final Resource resource;

	final SpanLimits limits;

	final SpanCounters counters = new SpanCounters();

	volatile boolean shutdown;

	TracerSharedState(Clock clock, IdGenerator idGenerator, Sampler sampler, SpanProcessor processor, Resource resource,
			SpanLimits limits) {
		this.clock = clock;
		this.idGenerator = idGenerator;
		this.sampler = sampler;
		this.processor = processor;
		this.processorWantsStart = processor.isStartRequired();
		this.processorWantsEnd = processor.isEndRequired();
		this.resource = resource;
		this.limits = limits;
	}

}

package dev.telemetry.sdk.trace;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.Clock;
import dev.telemetry.sdk.internal.ThrottledLogger;
import dev.telemetry.sdk.resource.Resource;
import dev.telemetry.sdk.trace.export.SpanProcessor;
import dev.telemetry.sdk.trace.samplers.Sampler;

/**
 * What every tracer and span of one provider shares.
 */
final class TracerSharedState {

	private static final Logger logger = Logger.getLogger(TracerSharedState.class.getName());

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

	// Striped: a processor or sampler that throws does so on every span, on every thread.
	private final LongAdder samplerFailures = new LongAdder();

	private final LongAdder processorFailures = new LongAdder();

	// Once a minute at most, each: such a failure repeats on every span, and one kind
	// must not keep the other quiet.
	private final ThrottledLogger samplerFailureLogger;

	private final ThrottledLogger processorFailureLogger;

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
		this.samplerFailureLogger = new ThrottledLogger(logger, Duration.ofMinutes(1), clock);
		this.processorFailureLogger = new ThrottledLogger(logger, Duration.ofMinutes(1), clock);
	}

	/**
	 * Counts and logs a sampler that threw; the span was dropped.
	 */
	void samplerFailed(Throwable ex) {
		this.samplerFailures.increment();
		this.samplerFailureLogger.log(Level.WARNING,
				"Sampler " + this.sampler.getDescription() + " threw; the span was not recorded", ex);
	}

	/**
	 * Counts and logs a span processor that threw; the span went on regardless.
	 */
	void processorFailed(String method, Throwable ex) {
		this.processorFailures.increment();
		this.processorFailureLogger.log(Level.WARNING,
				"Span processor threw in " + method + "; the span went on without it", ex);
	}

	long samplerFailures() {
		return this.samplerFailures.sum();
	}

	long processorFailures() {
		return this.processorFailures.sum();
	}

}

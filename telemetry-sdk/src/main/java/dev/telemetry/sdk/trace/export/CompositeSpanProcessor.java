package dev.telemetry.sdk.trace.export;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.telemetry.sdk.common.CompletableResult;
import dev.telemetry.sdk.context.Context;
import dev.telemetry.sdk.trace.span.Span;
import dev.telemetry.sdk.trace.span.SpanData;

/**
 * Calls several processors in order; one that throws does not stop the others. The first
 * failure of {@code onStart} or {@code onEnd} is thrown again once all have run, so the
 * tracer provider counts and logs it as it does for a single processor.
 */
final class CompositeSpanProcessor implements SpanProcessor {

	private static final Logger logger = Logger.getLogger(CompositeSpanProcessor.class.getName());

	private final SpanProcessor[] all;

	private final SpanProcessor[] onStart;

	private final SpanProcessor[] onEnd;

	CompositeSpanProcessor(List<SpanProcessor> processors) {
		this.all = processors.toArray(new SpanProcessor[0]);
		this.onStart = processors.stream().filter(SpanProcessor::isStartRequired).toArray(SpanProcessor[]::new);
		this.onEnd = processors.stream().filter(SpanProcessor::isEndRequired).toArray(SpanProcessor[]::new);
	}

	@Override
	public void onStart(Context parentContext, Span span) {
		RuntimeException failure = null;
		for (SpanProcessor processor : this.onStart) {
			try {
				processor.onStart(parentContext, span);
			}
			catch (VirtualMachineError error) {
				throw error;
			}
			catch (Throwable ex) {
				if (failure == null) {
					failure = (ex instanceof RuntimeException runtime) ? runtime
							: new IllegalStateException("Span processor failed", ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public boolean isStartRequired() {
		return this.onStart.length > 0;
	}

	@Override
	public void onEnd(SpanData span) {
		RuntimeException failure = null;
		for (SpanProcessor processor : this.onEnd) {
			try {
				processor.onEnd(span);
			}
			catch (VirtualMachineError error) {
				throw error;
			}
			catch (Throwable ex) {
				if (failure == null) {
					failure = (ex instanceof RuntimeException runtime) ? runtime
							: new IllegalStateException("Span processor failed", ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public boolean isEndRequired() {
		return this.onEnd.length > 0;
	}

	@Override
	public CompletableResult forceFlush() {
		List<CompletableResult> results = new ArrayList<>(this.all.length);
		for (SpanProcessor processor : this.all) {
			results.add(guarded(processor::forceFlush, "forceFlush"));
		}
		return CompletableResult.ofAll(results);
	}

	@Override
	public CompletableResult shutdown() {
		List<CompletableResult> results = new ArrayList<>(this.all.length);
		for (SpanProcessor processor : this.all) {
			results.add(guarded(processor::shutdown, "shutdown"));
		}
		return CompletableResult.ofAll(results);
	}

	// One processor that throws must not stop the others from flushing or shutting down.
	private static CompletableResult guarded(Supplier<CompletableResult> call, String operation) {
		try {
			return call.get();
		}
		catch (VirtualMachineError error) {
			throw error;
		}
		catch (Throwable ex) {
			logger.log(Level.WARNING, "Span processor failed in " + operation, ex);
			return CompletableResult.ofFailure();
		}
	}

}

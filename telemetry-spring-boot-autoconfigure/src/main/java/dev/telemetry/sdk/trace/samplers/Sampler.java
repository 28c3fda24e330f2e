package dev.telemetry.sdk.trace.samplers;

import dev.telemetry.sdk.common.Attributes;
import dev.telemetry.sdk.trace.span.SpanContext;
import dev.telemetry.sdk.trace.span.SpanKind;

/**
 * Decides, when a span starts, whether it is recorded and sampled (head sampling).
 * <p>
 * Runs on the application thread for every new span: implementations must be thread-safe,
 * fast, free of locks and allocation where possible, and must not throw.
 *
 * @since 0.1.0
 */
public interface Sampler {

	/**
	 * Decides for a new span.
	 * @param parent the parent's span context; {@link SpanContext#isValid() invalid} for
	 * a root span
	 * @param traceIdHigh the high 64 bits of the new span's trace id
	 * @param traceIdLow the low 64 bits of the new span's trace id
	 * @param name the span name
	 * @param kind the span kind
	 * @param attributes the attributes known at start; a view valid only during this
	 * call, not to be kept (it avoids a copy per span)
	 * @return the decision
	 */
	SamplingResult shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name, SpanKind kind,
			Attributes attributes);

	/**
	 * Returns a stable, human-readable description, such as
	 * {@code TraceIdRatioBased{0.100000}}.
	 * @return the description
	 */
	String getDescription();

	/**
	 * Returns a sampler that samples every span.
	 * @return the sampler
	 */
	static Sampler alwaysOn() {
		return ConstantSampler.ALWAYS_ON;
	}

	/**
	 * Returns a sampler that samples no span.
	 * @return the sampler
	 */
	static Sampler alwaysOff() {
		return ConstantSampler.ALWAYS_OFF;
	}

	/**
	 * Returns a sampler that samples a fraction of traces, deciding from the trace id
	 * exactly as the OpenTelemetry Java SDK does, so services on either SDK agree.
	 * @param ratio the fraction, from 0.0 to 1.0
	 * @return the sampler
	 * @throws IllegalArgumentException when the ratio is out of range
	 */
	static Sampler traceIdRatioBased(double ratio) {
		return TraceIdRatioBasedSampler.create(ratio);
	}

	/**
	 * Returns a sampler that follows the parent's decision and asks {@code root} for root
	 * spans.
	 * @param root the sampler for root spans
	 * @return the sampler
	 */
	static Sampler parentBased(Sampler root) {
		return parentBasedBuilder(root).build();
	}

	/**
	 * Returns a builder for a parent-based sampler whose four parent cases can be
	 * changed.
	 * @param root the sampler for root spans
	 * @return the builder
	 */
	static ParentBasedSamplerBuilder parentBasedBuilder(Sampler root) {
		return new ParentBasedSamplerBuilder(root);
	}

}
